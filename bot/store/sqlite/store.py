"""``SqliteStore``: the ``Store`` in one SQLite file (WAL, foreign keys on)."""

from __future__ import annotations

import os
from typing import Self

from bot.store.sql.events import SqlEvents
from bot.store.sql.ledger import SqlLedger
from bot.store.sql.own_releases import SqlOwnReleases
from bot.store.sql.releases import SqlReleases
from bot.store.sql.reminders import SqlReminders
from bot.store.sql.servers import SqlServers
from bot.store.sql.state import SqlState
from bot.store.sqlite.database import Database
from bot.store.sqlite.schema import check_current, check_file, migrate


class SqliteStore:
    """Open with ``await SqliteStore.open(path)``; the file is created and migrated as needed.

    The repositories share one connection, so a transaction (``database.atomic()``) spans them.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.releases = SqlReleases(database)
        self.own_releases = SqlOwnReleases(database)
        self.servers = SqlServers(database)
        self.ledger = SqlLedger(database)
        self.reminders = SqlReminders(database)
        self.events = SqlEvents(database)
        self.state = SqlState(database)

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
        try:
            await (check_current(db) if readonly else migrate(db))
        except BaseException:
            await db.close()
            raise
        return cls(db)

    def check_identity(self) -> None:
        self.database.check_identity()

    async def close(self) -> None:
        await self.database.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
