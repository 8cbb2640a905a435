"""The SQLite engine of the store: one file, versioned migrations, aiosqlite underneath.

Outside ``bot.store`` only the engine's own tests and benchmarks import from here (the
``database`` behind a ``SqliteStore``, its migrations); the bot opens stores with
``bot.store.open_store`` and sees the interface only.
"""

from bot.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
