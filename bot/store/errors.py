"""The store's own errors, whatever the engine: each message is one line naming the fix."""

from bot.domain.errors import OstbotError


class StoreError(OstbotError):
    """The store cannot be used as asked (its message names the path and the fix)."""


class StoreLocked(StoreError):
    """Another live ``ostbot run`` holds the store."""


class StoreGone(StoreError):
    """The store file was deleted or replaced under the running process."""


class EngineFailure(Exception):
    """The database server failed a statement (PostgreSQL; SQLite raises its own ``sqlite3``
    errors). Not an ``OstbotError``: its text is the server's, not a message for a user.

    ``cannot_write``: the server has no room or no I/O now (try later), rather than a bug.
    """

    def __init__(self, message: str, *, cannot_write: bool = False) -> None:
        super().__init__(message)
        self.cannot_write = cannot_write


class MigrationError(StoreError):
    """The database's schema history does not fit this version of ostbot."""
