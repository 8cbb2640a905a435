"""The real OstBot with only the announcer extension (built as ``ostbot run`` builds it), against
the fake Discord and a real store: a SQLite file, and for the exactly-once tests of
``BOTH_ENGINES`` also a database on the session's PostgreSQL server."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.announcer import Announcer
from bot.announcer.pacing import Gate
from bot.announcer.sweep import WATERMARK
from bot.domain import Drama, Follow, FollowKind, Release, Schedule
from bot.settings import Settings
from bot.shards import Shards
from bot.store import Store
from bot.wiring import build_bot
from tests.fake_discord import FakeDiscord
from tests.fake_discord.clients import connected
from tests.postgres_fixtures import ENGINES

EVERYTHING = Follow(FollowKind.ALL)


def whole_seconds_from_now(seconds: float) -> datetime:
    """An instant ``seconds`` ahead, on a whole second (the store keeps whole seconds)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=0) + timedelta(seconds=int(seconds) + 1)


def drama(drama_id: str = "d") -> Drama:
    return Drama(id=drama_id, title=f"Drama {drama_id}")


def release(release_id: str, at: datetime | None, drama_id: str = "d", **kw: Any) -> Release:
    values: dict[str, Any] = {"artists": ("Singer",), "title": f"Song {release_id}"}
    values.update(kw)
    return Release(drama_id, release_id, at=at, time_confirmed=True, **values)


def schedule(*releases: Release, drama_id: str = "d") -> Schedule:
    return Schedule(f"{drama_id}.toml", drama(drama_id), releases)


def created_at(message: dict[str, Any]) -> datetime:
    """When the fake created a message, from its snowflake id (Discord's epoch, in ms)."""
    return datetime.fromtimestamp(((int(message["id"]) >> 22) + 1420070400000) / 1000, UTC)


class LogWaiter(logging.Handler):
    """Waits (on an event, not a sleep) until ``logger`` logged ``count`` lines containing
    every one of ``texts``."""

    def __init__(self, logger: str, *texts: str, count: int = 1) -> None:
        super().__init__(logging.DEBUG)
        self._logger = logging.getLogger(logger)
        self._texts = texts
        self._count = count
        self.seen = 0
        self._done = asyncio.Event()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if all(text in message for text in self._texts):
            self.seen += 1
            if self.seen >= self._count:
                self._done.set()

    async def wait(self, timeout: float = 15.0) -> None:
        await asyncio.wait_for(self._done.wait(), timeout)

    def __enter__(self) -> LogWaiter:
        self._level = self._logger.level
        self._logger.setLevel(logging.DEBUG)
        self._logger.addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        self._logger.removeHandler(self)
        self._logger.setLevel(self._level)


@dataclass
class World:
    fake: FakeDiscord
    store: Store
    now: Callable[[], datetime]
    guild_of: dict[int, int] = field(default_factory=dict)

    async def server(
        self,
        name: str,
        follow: Follow = EVERYTHING,
        *,
        role: int | None = None,
        configured: datetime | None = None,
    ) -> int:
        """A guild with one text channel that follows ``follow``; returns the channel id.

        ``configured`` back-dates the server's set-up (nothing due before it is owed).
        """
        guild = self.fake.add_guild(name)
        channel = guild.add_text_channel("ost")
        when = configured or self.now()
        await self.store.servers.follow(guild.id, follow, now=when)
        await self.store.servers.set_channel(guild.id, channel.id, ping_role_id=role, now=when)
        self.guild_of[channel.id] = guild.id
        return channel.id

    async def publish(self, *schedules: Schedule) -> None:
        await self.store.releases.import_schedules(list(schedules), now=self.now())


# The modules whose tests run on both engines (the others, on SQLite). Crash tests that
# spawn `ostbot run` processes are not among them yet.
BOTH_ENGINES = ("test_announcing", "test_failures")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if "engine" in metafunc.fixturenames and module in BOTH_ENGINES:
        metafunc.parametrize("engine", ENGINES)


@pytest.fixture
def store(engine_store: Store) -> Store:
    return engine_store


@pytest.fixture
def world(fake_discord: FakeDiscord, store: Store) -> World:
    return World(fake_discord, store, lambda: datetime.now(UTC))


@pytest.fixture
def start_bot(fake_discord: FakeDiscord, store: Store):
    """Start OstBot with the announcer extension only (fast retries, no pacing to speak of);
    yields its announcer. ``shards``: the gateway shards it serves (default: one unsharded
    connection). Other keyword arguments go to ``Announcer`` (``gate=`` replaces the gate)."""

    # As if the bot had been running since the test began: what falls due while it starts is
    # owed, however slow the start (a first start ever owes nothing from before it).
    began = datetime.now(UTC)

    @contextlib.asynccontextmanager
    async def start(
        rate: float = 1000.0, shards: Shards | None = None, **announcer: Any
    ) -> AsyncIterator[Announcer]:
        if await store.state.get(WATERMARK) is None:
            await store.state.set(WATERMARK, began.isoformat())
        settings = Settings(token=fake_discord.token, rate_per_second=rate, shards=shards)
        # Probes of a block come fast here: a test lifts the fake's block when it wants.
        gate = announcer.pop("gate", None) or Gate(first_probe=0.02, longest=0.1)
        bot = build_bot(
            settings,
            store,
            extensions=["bot.exts.announcer"],
            guild_ready_timeout=0.05,
            gate=gate,
            tuning={"retry_base": timedelta(milliseconds=50), **announcer},
        )
        async with connected(fake_discord, bot):
            yield bot.services.announcer

    return start
