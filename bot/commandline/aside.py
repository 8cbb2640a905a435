"""Work that can run on another core while this process does something else.

``ostbot import`` parses half of its files in a child while it parses the other half
(``bot.commandline.parse_aside``), then works out what each release's posts would have to cut
(rendering every post) while the store writes the releases. All of it is pure Python, so two
threads would only take turns on the GIL; a forked child works on the other core instead, and
hands back its result as plain values (``marshal``: text, numbers, None, lists, tuples).
"""

from __future__ import annotations

import gc
import marshal
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

# What the work gives: plain values only, those marshal writes (a child whose result has
# anything else fails, and the work is done here instead).
T = TypeVar("T")


def run_aside(work: Callable[[], T]) -> Callable[[], T]:
    """Start ``work`` in a forked child; the returned function waits for its result.

    ``work`` runs here instead, when it is asked for, if this platform cannot fork, if threads
    are running (a child of a threaded process may inherit a lock held forever), or if the
    child fails: the result is the same either way, only later.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1:
        return work
    read_end, write_end = os.pipe()
    # The child's collector would otherwise touch (and so copy) every object the parent holds.
    gc.freeze()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return work
    finally:
        gc.unfreeze()
    if pid == 0:  # pragma: no cover - the child; its result is checked through the parent
        os.close(read_end)
        _child(work, write_end)
    os.close(write_end)
    return lambda: _collect(work, pid, read_end)


def _child(work: Callable[[], T], write_end: int) -> None:
    status = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            result: Any = work()  # marshal's own check says whether it is plain
            pipe.write(marshal.dumps(result))
        status = 0
    finally:
        # No clean-up of the parent's state: its buffers, atexit handlers and open store are
        # the parent's to flush and close.
        os._exit(status)


def _collect(work: Callable[[], T], pid: int, read_end: int) -> T:
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return work()
    result: T = marshal.loads(data)  # noqa: S302 - bytes our own child wrote, into plain values
    return result
