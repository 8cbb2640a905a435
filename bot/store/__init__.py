"""The store: the only place with SQL. Callers see ``Store`` and its repositories
(``bot.store.interface``); the SQLite engine behind them lives in ``bot.store.sqlite``.

What the engine raises when the database itself fails is in ``STORE_FAILURES`` (a tuple for
``except``); ``cannot_write`` says which of those mean "no room or no I/O now, try later"."""

from __future__ import annotations

import os

from bot.store.errors import StoreError, StoreGone
from bot.store.interface import (
    Events,
    Ledger,
    OwnReleases,
    Releases,
    Reminders,
    Servers,
    State,
    Store,
)
from bot.store.sqlite import SqliteStore
from bot.store.sqlite.faults import ERRORS as STORE_FAILURES
from bot.store.sqlite.faults import cannot_write
from bot.store.sqlite.paths import can_write, check_for_reading, check_for_writing
from bot.store.sqlite.schema import MigrationError
from bot.store.types import (
    CatalogRow,
    Delivery,
    DeliveryState,
    DramaImport,
    EventMirror,
    ImportReport,
    NewDelivery,
    ReleaseChange,
    ReleaseDetails,
    SavedRelease,
    SearchResults,
)


async def open_store(
    path: str | os.PathLike[str], *, lean: bool = False, readonly: bool = False
) -> Store:
    """Open (creating and migrating as needed) the store at ``path``; see ``SqliteStore.open``."""
    return await SqliteStore.open(path, lean=lean, readonly=readonly)


__all__ = [
    "STORE_FAILURES",
    "CatalogRow",
    "Delivery",
    "DeliveryState",
    "DramaImport",
    "EventMirror",
    "Events",
    "ImportReport",
    "Ledger",
    "MigrationError",
    "NewDelivery",
    "OwnReleases",
    "ReleaseChange",
    "ReleaseDetails",
    "Releases",
    "Reminders",
    "SavedRelease",
    "SearchResults",
    "Servers",
    "State",
    "Store",
    "StoreError",
    "StoreGone",
    "can_write",
    "cannot_write",
    "check_for_reading",
    "check_for_writing",
    "open_store",
]
