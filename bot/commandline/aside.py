"""Work that can run on another core while this process does something else.

``ostbot import`` works out what each release's posts would have to cut (rendering every post)
while the store writes the releases. The store's work runs in SQLite (another thread, mostly
outside the GIL) and the rendering is pure Python, so two threads would only take turns on the
GIL; a forked child renders on the other core instead, and hands back its lines of text.
"""

from __future__ import annotations

import gc
import json
import os
import threading
from collections.abc import Callable

Lines = list[str]


def run_aside(work: Callable[[], Lines]) -> Callable[[], Lines]:
    """Start ``work`` in a forked child; the returned function waits for its lines.

    ``work`` runs here instead, when it is asked for, if this platform cannot fork, if threads
    are running (a child of a threaded process may inherit a lock held forever), or if the
    child fails: the lines are the same either way, only later.
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


def _child(work: Callable[[], Lines], write_end: int) -> None:
    status = 1
    try:
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(json.dumps(work()).encode("ascii"))
        status = 0
    finally:
        # No clean-up of the parent's state: its buffers, atexit handlers and open store are
        # the parent's to flush and close.
        os._exit(status)


def _collect(work: Callable[[], Lines], pid: int, read_end: int) -> Lines:
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return work()
    lines: Lines = json.loads(data)
    return lines
