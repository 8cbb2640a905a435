"""``SqlStore``: the ``Store`` over one engine's database, its repositories sharing it, so a
transaction (``database.atomic()``) spans them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Self, TypeVar

from bot.store.sql.engine import Database
from bot.store.sql.events import SqlEvents
from bot.store.sql.feed_tokens import SqlFeedTokens
from bot.store.sql.leases import SqlLeases
from bot.store.sql.ledger import SqlLedger
from bot.store.sql.own_releases import SqlOwnReleases
from bot.store.sql.releases import SqlReleases
from bot.store.sql.reminders import SqlReminders
from bot.store.sql.servers import SqlServers
from bot.store.sql.state import SqlState

D = TypeVar("D", bound=Database)


class SqlStore:
    def __init__(self, database: Database) -> None:
        self.releases = SqlReleases(database)
        self.own_releases = SqlOwnReleases(database)
        self.servers = SqlServers(database)
        self.ledger = SqlLedger(database)
        self.reminders = SqlReminders(database)
        self.events = SqlEvents(database)
        self.state = SqlState(database)
        self.feed_tokens = SqlFeedTokens(database)
        self.leases = SqlLeases(database)
        self._database = database

    @classmethod
    async def _around(cls, database: D, check: Callable[[D], Awaitable[object]]) -> Self:
        """A store over ``database`` once ``check(database)`` (migrate, or check the schema)
        passed; the database is closed if it failed."""
        try:
            await check(database)
        except BaseException:
            await database.close()
            raise
        return cls(database)

    def check_identity(self) -> None:
        self._database.check_identity()

    @property
    def single_process(self) -> bool:
        return self._database.single_process

    async def close(self) -> None:
        await self._database.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
