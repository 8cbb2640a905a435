"""The store: the only place with SQL. One SQLite file, created and migrated by ``Store.open``."""

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
]
