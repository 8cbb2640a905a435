"""How the SQLite engine fails: the errors it raises, and which of them mean "cannot write now"."""

from __future__ import annotations

import sqlite3

# Anything SQLite or aiosqlite raises about the database (aiosqlite re-raises sqlite3's).
ERRORS: tuple[type[Exception], ...] = (sqlite3.Error,)


def cannot_write(error: BaseException) -> bool:
    """Whether ``error`` says the file cannot be written now (rather than a bug): SQLITE_FULL
    (no room, ENOSPC), or an I/O error (a write refused for size, EFBIG, is an IOERR_WRITE)."""
    if not isinstance(error, sqlite3.Error):
        return False
    name = getattr(error, "sqlite_errorname", "") or ""
    return name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")
