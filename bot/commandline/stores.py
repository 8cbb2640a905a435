"""How the commands open the store: checked first, so a wrong path is one line and no change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.store import (
    StoreError,
    can_write,
    check_for_reading,
    check_for_writing,
    masked,
    open_store,
)

if TYPE_CHECKING:
    from bot.store import Store


async def open_for_reading(db: str) -> Store:
    """The store at ``db`` for a listing: never created; opened read-only if it is read-only.

    A writable store is opened as usual, so an older one is upgraded as ``ostbot import`` would.
    """
    file = check_for_reading(db)
    return await open_store(file, readonly=not can_write(file))


async def open_for_writing(db: str) -> Store:
    """The store at ``db``, created if missing, after :func:`check_for_writing`."""
    return await open_store(check_for_writing(db))


def write_failed(db: str | Path, error: Exception) -> StoreError:
    """A write the store refused half-way (disk full, file size limit, I/O error): one line.

    Every write is one transaction, rolled back on error, so the store is as it was.
    """
    return StoreError(f"{masked(db)}: could not write to the store ({error}); it is unchanged")
