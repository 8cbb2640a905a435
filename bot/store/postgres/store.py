"""``PostgresStore``: the ``Store`` in one PostgreSQL database (asyncpg)."""

from __future__ import annotations

from typing import Self

from bot.store.postgres.database import Database
from bot.store.postgres.schema import check_current, migrate
from bot.store.sql.store import SqlStore
from bot.store_targets import masked, password_of


class PostgresStore(SqlStore):
    """Open with ``await PostgresStore.open(url)``; the database must exist (an admin creates
    it), its tables are created and migrated as needed."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.database = database  # the engine's own tests reach the connection through it

    @classmethod
    async def open(cls, url: str, *, readonly: bool = False) -> Self:
        """``readonly``: never write (no migration; the schema must be current). Errors a user
        can cause are ``StoreError`` (one line, the password masked)."""
        db = await Database.open(
            url, shown=masked(url), password=password_of(url), readonly=readonly
        )
        return await cls._around(db, check_current if readonly else migrate)
