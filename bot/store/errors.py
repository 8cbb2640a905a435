"""The store's own errors, whatever the engine: each message is one line naming the fix."""

from bot.domain.errors import OstbotError


class StoreError(OstbotError):
    """The store cannot be used as asked (its message names the path and the fix)."""


class StoreGone(StoreError):
    """The store file was deleted or replaced under the running process."""
