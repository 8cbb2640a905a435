"""``SqliteStore``: the ``Store`` in one SQLite file (WAL, foreign keys on)."""

from __future__ import annotations

import os
from typing import Self

from bot.store.sqlite.database import Database
from bot.store.sqlite.events import SqliteEvents
from bot.store.sqlite.ledger import SqliteLedger
from bot.store.sqlite.own_releases import SqliteOwnReleases
from bot.store.sqlite.releases import SqliteReleases
from bot.store.sqlite.reminders import SqliteReminders
from bot.store.sqlite.schema import check_current, check_file, migrate
from bot.store.sqlite.servers import SqliteServers
from bot.store.sqlite.state import SqliteState


class SqliteStore:
    """Open with ``await SqliteStore.open(path)``; the file is created and migrated as needed.

    The repositories share one connection, so a transaction (``database.atomic()``) spans them.
    """

    def __init__(self, database: Database) -> None:
        self.database = database
        self.releases = SqliteReleases(database)
        self.own_releases = SqliteOwnReleases(database)
        self.servers = SqliteServers(database)
        self.ledger = SqliteLedger(database)
        self.reminders = SqliteReminders(database)
        self.events = SqliteEvents(database)
        self.state = SqliteState(database)

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
