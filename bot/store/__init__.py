"""The store: the only place with SQL. One SQLite file, created and migrated by ``Store.open``."""

from bot.store.database import StoreGone
from bot.store.paths import StoreError, can_write, check_for_reading, check_for_writing
from bot.store.schema import MigrationError
from bot.store.store import Store
from bot.store.types import (
    Delivery,
    DramaImport,
    ImportReport,
    NewDelivery,
    ReleaseChange,
    ReleaseDetails,
    SearchResults,
)

__all__ = [
    "Delivery",
    "DramaImport",
    "ImportReport",
    "MigrationError",
    "NewDelivery",
    "ReleaseChange",
    "ReleaseDetails",
    "SearchResults",
    "Store",
    "StoreError",
    "StoreGone",
    "can_write",
    "check_for_reading",
    "check_for_writing",
]
