"""The store: the only place with SQL. One SQLite file, created and migrated by ``Store.open``."""

from bot.store.schema import MigrationError
from bot.store.store import Store
from bot.store.types import (
    DramaImport,
    ImportReport,
    ReleaseChange,
    ReleaseDetails,
    SearchResults,
)

__all__ = [
    "DramaImport",
    "ImportReport",
    "MigrationError",
    "ReleaseChange",
    "ReleaseDetails",
    "SearchResults",
    "Store",
]
