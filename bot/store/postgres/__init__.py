"""The PostgreSQL engine of the store: one database on a server, asyncpg underneath.

Imported only when a store is opened from a ``postgresql://`` URL (``bot.store.open_store``),
so SQLite users never load asyncpg. Only this package speaks PostgreSQL's dialect.
"""

from bot.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
