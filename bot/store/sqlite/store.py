"""``SqliteStore``: the ``Store`` in one SQLite file (WAL, foreign keys on)."""

from __future__ import annotations

import os
from typing import Self

from bot.store.sql.store import SqlStore
from bot.store.sqlite.database import Database
from bot.store.sqlite.schema import check_current, check_file, migrate


class SqliteStore(SqlStore):
    """Open with ``await SqliteStore.open(path)``; the file is created and migrated as needed."""

    def __init__(self, database: Database) -> None:
        super().__init__(database)
        self.database = database  # the engine's own tests reach the connection through it

    @classmethod
    async def open(
        cls, path: str | os.PathLike[str], *, lean: bool = False, readonly: bool = False
    ) -> Self:
        """``lean``: for the long-running bot, a small page cache and no memory map (the CLI's
        one-shot listings read faster with both). ``readonly``: never write (no migration; the
        schema must be current). Errors a user can cause are ``StoreError`` (one line)."""
        if not readonly:
            await check_file(path)  # before the read-write open switches the file to WAL
        db = await Database.open(path, lean=lean, readonly=readonly)
        return await cls._around(db, check_current if readonly else migrate)
