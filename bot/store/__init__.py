"""The store: the only place with SQL. Callers see ``Store`` and its repositories
(``bot.store.interface``); behind them is one of two engines: SQLite (``bot.store.sqlite``, a
file, the default) or PostgreSQL (``bot.store.postgres``, a ``postgresql://`` URL). Both run the
repositories of ``bot.store.sql``.

What the engines raise when the database itself fails is in ``STORE_FAILURES`` (a tuple for
``except``); ``cannot_write`` says which of those mean "no room or no I/O now, try later"."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.store.errors import EngineFailure, MigrationError, StoreError, StoreGone, StoreLocked
from bot.store.sqlite import faults as sqlite_faults
from bot.store.sqlite import paths as sqlite_paths
from bot.store_targets import StoreTarget, is_url, masked, parse_target

if TYPE_CHECKING:
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

# The interface's and the value types' names load their modules when first asked for: a
# listing that reads through ``bot.store.sqlite.quick_listing`` never needs them (nor asyncio).
_LAZY = {
    **dict.fromkeys(
        ("Events", "FeedTokens", "Leases", "Ledger", "OwnReleases", "Releases", "Reminders",
         "Servers", "State", "Store"),
        "bot.store.interface",
    ),
    **dict.fromkeys(
        ("CatalogRow", "Delivery", "DeliveryState", "DramaImport", "EventMirror", "ImportReport",
         "ListingPosition", "NewDelivery", "ReleaseChange", "ReleaseDetails", "ReminderKey",
         "SavedRelease", "SearchResults", "StoreVersion"),
        "bot.store.types",
    ),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


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
    from bot.store.sqlite.store import SqliteStore

    return await SqliteStore.open(target, lean=lean, readonly=readonly)


def quick_upcoming_json(target: StoreTarget, **window: Any) -> bytes | None:
    """``Releases.upcoming_json(**window)`` read without opening the store (no asyncio: most
    of a one-shot listing's time is start-up), or None where that does not apply: the caller
    then opens the store as usual. See ``bot.store.sqlite.quick_listing``."""
    if is_url(target):
        return None
    from bot.store.sqlite import quick_listing

    return quick_listing.upcoming_json(os.fspath(target), **window)


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
    "quick_upcoming_json",
]
