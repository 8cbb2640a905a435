"""The SQLite engine of the store: one file, versioned migrations, aiosqlite underneath.

Nothing outside ``bot.store`` imports from here but the opener (``bot.store.open_store``) and
tests of the engine itself.
"""

from bot.store.sqlite.store import SqliteStore

__all__ = ["SqliteStore"]
