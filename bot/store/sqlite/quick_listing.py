"""``ostbot upcoming --json`` read with the ``sqlite3`` module directly, without asyncio.

A listing is one short process, and most of its time is start-up: asyncio, aiosqlite and the
store's repositories cost ~40 of the ~190 ms of a 55,000-row listing (``python -X importtime``,
cProfile). This reads the same rows with the same statements (``bot.store.sql.listings``, the
dialect's ``joined_utf8``), as the store would, but only in the common case: a writable SQLite
file whose schema is already this ostbot's, in WAL mode. Anything else (no file, a read-only
file, an older or newer schema, another database, any SQLite error) answers None, and the caller
opens the store as usual, which upgrades, refuses or reports exactly as it always has.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from bot.store.migrations import bundled
from bot.store.sql.listings import Listing, upcoming_filters
from bot.store.sqlite.dialect import DIALECT
from bot.store.sqlite.pragmas import BUSY_TIMEOUT, FAST_READS


def upcoming_json(target: str, **window: Any) -> bytes | None:
    """``Releases.upcoming_json(**window)`` of the store at ``target``, or None when this
    quick way does not apply (see the module doc)."""
    if not _plain_store_file(target):
        return None
    try:
        connection = sqlite3.connect(target, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        return _read(connection, window)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _plain_store_file(target: str) -> bool:
    """A non-empty regular file this user may read and write, in a folder it may write (the
    store's usual open would be read-write too, and leaves nothing else behind)."""
    if not target.strip() or target == ":memory:" or target.startswith("file:"):
        return False
    file = Path(target)
    try:
        return (
            file.is_file()
            and file.stat().st_size > 0
            and os.access(file, os.R_OK | os.W_OK)
            and os.access(file.parent, os.W_OK | os.X_OK)
        )
    except (OSError, ValueError):  # ValueError: a NUL in the path
        return False


def _read(connection: sqlite3.Connection, window: dict[str, Any]) -> bytes | None:
    (mode,) = connection.execute("PRAGMA journal_mode").fetchone()
    if mode != "wal":  # the usual open would switch it to WAL: a change, so leave it to that
        return None
    for pragma in (BUSY_TIMEOUT, *FAST_READS):
        connection.execute(pragma)
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
    if "schema_migrations" not in tables:
        return None
    recorded = {name for (name,) in connection.execute("SELECT name FROM schema_migrations")}
    if recorded != {name for name, _ in bundled("bot.store.sqlite")}:
        return None
    listing = upcoming_filters(**window)
    timed = _joined(connection, listing, listing.timed, listing.timed_order)
    tba = _joined(connection, listing, listing.tba, listing.tba_order)
    comma = b"," if timed and tba else b""
    return b"".join((b"[", timed, comma, tba, b"]"))


def _joined(
    connection: sqlite3.Connection, listing: Listing, where: list[str], order: str
) -> bytes:
    """As ``SqlReleases._joined``: the documents of the rows ``where`` holds, in ``order``."""
    sql = DIALECT.joined_utf8("r.doc", f"FROM {listing.source} WHERE {' AND '.join(where)}", order)
    (joined,) = connection.execute(sql, listing.params).fetchone()
    return b"" if joined is None else bytes(joined)
