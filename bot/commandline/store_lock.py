"""One ``ostbot run`` per SQLite store: an OS lock on ``<store>.lock`` that dies with its process.

``fcntl.flock`` is released by the kernel when the process ends however it ends (SIGKILL
included), so a crash never leaves a stale lock to clean up by hand. The file also holds who
took it (pid, host, since when) for the refusal message; it is only read by a process that
failed to take the lock, so leftover text from an earlier holder is never mistaken for one.
Other commands (``import``, ``upcoming``) do not take it: SQLite's WAL lets them work beside
a running bot.

This lock is SQLite's only, and the announcer counts on it (``Store.single_process``: at start
it takes back every claim on the ledger, none of their holders can be alive). Several
processes share a PostgreSQL store (a URL): the ledger's claims share the work out
(``bot.announcer.claims``), and there is no lock to take.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.store import StoreError, StoreLocked


def lock_path(store: Path) -> Path:
    return store.with_name(f"{store.name}.lock")


@contextmanager
def store_lock(store: str | Path) -> Iterator[None]:
    """Hold the SQLite store's lock for the ``with`` block, or raise ``StoreLocked`` at once;
    a PostgreSQL URL (text, from ``check_for_writing``) takes none."""
    if not isinstance(store, Path):
        yield
        return
    path = lock_path(store)
    try:
        # No O_TRUNC: the holder's details must survive a second process opening the file.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise StoreError(f"{path}: cannot create the lock file: {error.strerror}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreLocked(
                f"{store}: another ostbot run is using this store ({_holder(fd)}); "
                "stop it first, or give this one its own OSTBOT_DB"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(_me()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def _me() -> dict[str, object]:
    return {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }


def _holder(fd: int) -> str:
    try:
        details = json.loads(os.pread(fd, 4096, 0).decode())
        return f"pid {details['pid']} on {details['host']} since {details['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        # Taken a moment ago and not yet written: the holder is still starting.
        return "a process that is starting up"
