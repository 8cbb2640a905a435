"""The SQLite engine of the store: one file, versioned migrations, aiosqlite underneath.

Outside ``bot.store`` only the engine's own tests and benchmarks import from here (the
``database`` behind a ``SqliteStore``, its migrations); the bot opens stores with
``bot.store.open_store`` and sees the interface only.

``SqliteStore`` is loaded when first asked for: the engine's light modules (``paths``,
``faults``, ``quick_listing``) are imported without aiosqlite and asyncio behind it.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]


def __getattr__(name: str) -> Any:
    if name == "SqliteStore":
        from bot.store.sqlite.store import SqliteStore

        return SqliteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
