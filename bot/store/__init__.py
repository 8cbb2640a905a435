"""The store: the only place with SQL. Callers see ``Store`` and its repositories
(``bot.store.interface``); behind them is one of two engines: SQLite (``bot.store.sqlite``, a
file, the default) or PostgreSQL (``bot.store.postgres``, a ``postgresql://`` URL). Both run the
repositories of ``bot.store.sql``.

What the engines raise when the database itself fails is in ``STORE_FAILURES`` (a tuple for
``except``); ``cannot_write`` says which of those mean "no room or no I/O now, try later"."""

from __future__ import annotations

import os
from pathlib import Path

from bot.store.errors import EngineFailure, MigrationError, StoreError, StoreGone, StoreLocked
from bot.store.interface import (
    Events,
    FeedTokens,
    Leases,
    Ledger,
    OwnReleases,
    Releases,
    Reminders,
    Servers,
    State,
    Store,
)
from bot.store.sqlite import SqliteStore
from bot.store.sqlite import faults as sqlite_faults
from bot.store.sqlite import paths as sqlite_paths
from bot.store.types import (
    CatalogRow,
    Delivery,
    DeliveryState,
    DramaImport,
    EventMirror,
    ImportReport,
    ListingPosition,
    NewDelivery,
    ReleaseChange,
    ReleaseDetails,
    ReminderKey,
    SavedRelease,
    SearchResults,
    StoreVersion,
)
from bot.store_targets import StoreTarget, is_url, masked, parse_target

STORE_FAILURES: tuple[type[Exception], ...] = (*sqlite_faults.ERRORS, EngineFailure)


def cannot_write(error: BaseException) -> bool:
    """Whether ``error`` says the store cannot be written now (no room, no I/O), not a bug."""
    if isinstance(error, EngineFailure):
        return error.cannot_write
    return sqlite_faults.cannot_write(error)


async def open_store(target: StoreTarget, *, lean: bool = False, readonly: bool = False) -> Store:
    """Open (creating and migrating as needed) the store at ``target``: a SQLite file path (see
    ``SqliteStore.open``) or a ``postgresql://`` URL (see ``PostgresStore.open``; ``lean`` is
    SQLite's page cache and means nothing there)."""
    if is_url(target):
        # Imported here: only a PostgreSQL store pays for loading asyncpg.
        from bot.store.postgres import PostgresStore

        return await PostgresStore.open(os.fspath(target), readonly=readonly)
    return await SqliteStore.open(target, lean=lean, readonly=readonly)


def check_for_writing(target: StoreTarget) -> str | Path:
    """The target, if a store can be created or updated there (a SQLite path is checked
    before SQLite touches it; a URL is checked by connecting); else ``StoreError``."""
    return os.fspath(target) if is_url(target) else sqlite_paths.check_for_writing(target)


def check_for_reading(target: StoreTarget) -> str | Path:
    """The target, if it holds a store to read; else ``StoreError``. Creates nothing."""
    return os.fspath(target) if is_url(target) else sqlite_paths.check_for_reading(target)


def can_write(target: StoreTarget) -> bool:
    """Whether this user may write the SQLite store (else it is opened read-only). A reading
    command opens a PostgreSQL store read-only: it never creates or upgrades one."""
    return not is_url(target) and sqlite_paths.can_write(Path(target))


__all__ = [
    "STORE_FAILURES",
    "CatalogRow",
    "Delivery",
    "DeliveryState",
    "DramaImport",
    "EngineFailure",
    "EventMirror",
    "Events",
    "FeedTokens",
    "ImportReport",
    "Leases",
    "Ledger",
    "ListingPosition",
    "MigrationError",
    "NewDelivery",
    "OwnReleases",
    "ReleaseChange",
    "ReleaseDetails",
    "Releases",
    "ReminderKey",
    "Reminders",
    "SavedRelease",
    "SearchResults",
    "Servers",
    "State",
    "Store",
    "StoreError",
    "StoreGone",
    "StoreLocked",
    "StoreTarget",
    "StoreVersion",
    "can_write",
    "cannot_write",
    "check_for_reading",
    "check_for_writing",
    "is_url",
    "masked",
    "open_store",
    "parse_target",
]
