"""How the PostgreSQL engine fails: the driver's errors become ``EngineFailure`` (see
``bot.store.errors``), so nothing outside this package needs asyncpg to catch them."""

from __future__ import annotations

import asyncpg

from bot.store.errors import EngineFailure

# What asyncpg raises about the server or the connection to it.
DRIVER_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,
)

# SQLSTATE classes meaning "no room or no I/O now": 53 (insufficient resources, e.g. 53100
# disk_full) and 58 (system error, e.g. 58030 io_error).
_CANNOT_WRITE = ("53", "58")


def failure(error: Exception) -> EngineFailure:
    """``error`` from the driver as an ``EngineFailure`` with the server's one-line message."""
    state = getattr(error, "sqlstate", None) or ""
    first_line = (str(error) or type(error).__name__).splitlines()[0]
    text = f"PostgreSQL: {first_line}" + (f" (SQLSTATE {state})" if state else "")
    return EngineFailure(text, cannot_write=state[:2] in _CANNOT_WRITE)
