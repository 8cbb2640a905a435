"""A SQLite file as either end of ``ostbot store copy`` (see ``bot.store.copy``): what its
schema holds, a consistent read of it, and how rows go in."""

# S608: the only text spliced into SQL here is table and column names read from the schema.
# ruff: noqa: S608

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Self

from bot.store.sqlite.database import Database
from bot.store.sqlite.store import SqliteStore


class SqliteEnd:
    def __init__(self, store: SqliteStore) -> None:
        self._store = store
        self.database: Database = store.database
        self.shown = store.database.path

    @classmethod
    async def open(cls, path: str | os.PathLike[str], *, readonly: bool) -> Self:
        """The store at ``path``: as it is (``readonly``, the source; its schema must be
        this ostbot's), or created and migrated (the destination)."""
        return cls(await SqliteStore.open(path, readonly=readonly))

    async def tables(self) -> set[str]:
        rows = await self.database.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}

    async def columns(self, table: str) -> list[str]:
        rows = await self.database.fetchall(
            "SELECT name FROM pragma_table_info(:table) ORDER BY cid", {"table": table}
        )
        return [name for (name,) in rows]

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[None]:
        """One read transaction: every page read sees the file as it was at the first read,
        whatever a running bot writes meanwhile (WAL)."""
        await self.database.execute("BEGIN")
        try:
            yield
        finally:
            await self.database.execute("COMMIT")  # nothing was written: it only ends the read

    def insert(self, table: str, columns: Sequence[str]) -> str:
        return (
            f"INSERT INTO {table} ({', '.join(columns)})"
            f" VALUES ({', '.join(f':{name}' for name in columns)})"
        )

    async def advance_counters(self) -> None:
        """Nothing: SQLite raises an AUTOINCREMENT table's counter itself when a row goes in
        with a larger id, and a plain INTEGER PRIMARY KEY takes the largest id plus one."""

    async def after_commit(self, tables: Sequence[str]) -> None:
        """Nothing: SQLite's planner goes by the indexes, and ostbot's stores keep no
        statistics (ANALYZE would add a table the other stores lack)."""

    async def close(self) -> None:
        await self._store.close()
