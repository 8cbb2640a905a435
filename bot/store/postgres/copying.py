"""A PostgreSQL database as either end of ``ostbot store copy`` (see ``bot.store.copy``): what
its schema holds, a consistent read of it, how rows go in, and its counters moved past them."""

# S608: the only text spliced into SQL here is table and column names read from the schema.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Self

from bot.store.postgres.database import Database
from bot.store.postgres.store import PostgresStore

# Columns whose values a sequence hands out: identity columns and serials.
_COUNTED = """
SELECT table_name, column_name FROM information_schema.columns
WHERE table_schema = current_schema()
  AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
ORDER BY table_name, column_name
"""


class PostgresEnd:
    def __init__(self, store: PostgresStore) -> None:
        self._store = store
        self.database: Database = store.database
        self.shown = store.database.path  # the URL, its password masked

    @classmethod
    async def open(cls, url: str, *, readonly: bool) -> Self:
        """The store at ``url``: as it is (``readonly``, the source; its schema must be this
        ostbot's), or migrated first (the destination; the database must exist)."""
        return cls(await PostgresStore.open(url, readonly=readonly))

    async def tables(self) -> set[str]:
        rows = await self.database.fetchall(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return {name for (name,) in rows}

    async def columns(self, table: str) -> list[str]:
        rows = await self.database.fetchall(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = :table"
            " ORDER BY ordinal_position",
            {"table": table},
        )
        return [name for (name,) in rows]

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        """One REPEATABLE READ transaction: every read sees the database as it was at the
        first, whatever running bots commit meanwhile (READ COMMITTED would let a page read
        late see rows that a page read early did not)."""
        async with self.database.atomic():
            await self.database.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def insert(self, table: str, columns: Sequence[str]) -> str:
        # OVERRIDING SYSTEM VALUE: a GENERATED ALWAYS identity (release_changes.seq) takes the
        # copied value; it changes nothing for the other columns.
        return (
            f"INSERT INTO {table} ({', '.join(columns)}) OVERRIDING SYSTEM VALUE"
            f" VALUES ({', '.join(f':{name}' for name in columns)})"
        )

    async def advance_counters(self) -> None:
        """Move each identity's sequence to its column's largest copied value, so the next
        row the bot writes gets a new id instead of failing on a copied one."""
        for table, column in await self.database.fetchall(_COUNTED):
            await self.database.execute(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), max({column}))"
                f" FROM {table} HAVING max({column}) IS NOT NULL",
                {"table": table, "column": column},
            )

    async def after_commit(self, tables: Sequence[str]) -> None:
        """Gather the planner's statistics now: autovacuum would only in a minute or so, and
        until then PostgreSQL plans for empty tables (measured: marking 500 messages sent
        took 60-110 ms by full scans of 10,000 ledger rows, 15 ms once analyzed)."""
        await self.database.execute(f"ANALYZE {', '.join(tables)}")

    async def close(self) -> None:
        await self._store.close()
