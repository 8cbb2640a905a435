"""A bot process killed with SIGKILL mid fan-out, then restarted: exactly one message per channel.

The bot runs as ``ostbot run`` in a subprocess, pointed at the fake Discord through
DISCORD_API_BASE / DISCORD_GATEWAY_URL, with a real SQLite file or PostgreSQL database. Kill
points are chosen from what the fake observes, never by timing. On SQLite the restarted bot
takes the dead one's claims back at once (one process per file); on PostgreSQL it waits for
their lease to end (another process could be alive), then sends.
"""

from __future__ import annotations

import asyncio
import re
import signal
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.announcer.sweep import WATERMARK
from bot.store import Store, open_store
from tests.bot.announcer.conftest import EVERYTHING, release, schedule, whole_seconds_from_now
from tests.bot.bot_process import log_line, start_bot_process
from tests.fake_discord import FakeDiscord
from tests.postgres_fixtures import ENGINES

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

ROUTE = "POST /channels/{channel_id}/messages"
CHANNELS = 8


@asynccontextmanager
async def bot_process(
    fake: FakeDiscord, db: Path | str, rate: float, cwd: Path
) -> AsyncIterator[asyncio.subprocess.Process]:
    process = await start_bot_process(fake, db, rate, cwd=cwd)
    try:
        yield process
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def world(fake: FakeDiscord, db: Path | str) -> list[int]:
    channels = []
    async with await open_store(db) as store:
        now = datetime.now(UTC)
        # As if a bot had run before: what falls due while the first process starts is owed.
        await store.state.set(WATERMARK, now.isoformat())
        for i in range(CHANNELS):
            guild = fake.add_guild(f"server-{i}")
            channel = guild.add_text_channel("ost")
            await store.servers.follow(guild.id, EVERYTHING, now=now)
            await store.servers.set_channel(guild.id, channel.id, ping_role_id=None, now=now)
            channels.append(channel.id)
    return channels


async def publish(db: Path | str, at: datetime) -> None:
    async with await open_store(db) as store:
        await store.releases.import_schedules(
            [schedule(release("part-1", at))], now=datetime.now(UTC)
        )


def posted(fake: FakeDiscord, channels: list[int]) -> int:
    return sum(len(fake.messages_in(c)) for c in channels)


async def first_request(fake: FakeDiscord, channels: list[int]) -> None:
    await fake.wait_for_request(ROUTE, 1, timeout=15)


async def half_posted(fake: FakeDiscord, channels: list[int]) -> None:
    await fake.wait_until(lambda: posted(fake, channels) >= CHANNELS // 2, timeout=15)


KILL_POINTS: dict[str, tuple[float, float, Callable[[FakeDiscord, list[int]], Awaitable[None]]]] = {
    # rate, latency added to message creation, when to kill
    "before send (rows written, first request only just arrived)": (2.0, 0.0, first_request),
    "after send, before the id is recorded": (50.0, 1.0, first_request),
    "mid-batch": (8.0, 0.0, half_posted),
}


async def states(store: Store) -> list[tuple[str, int]]:
    rows = await store.ledger.for_release("d", "part-1")
    return sorted(Counter(row.state for row in rows).items())


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("point", list(KILL_POINTS))
async def test_sigkill_then_restart_posts_exactly_once(
    point, engine, fake_discord, tmp_path, store_target
):
    """Whatever the kill point, the restarted bot leaves exactly one message in every channel."""
    rate, latency, kill_when = KILL_POINTS[point]
    db = store_target
    channels = await world(fake_discord, db)
    # Published before the first start (a bot's first start owes nothing from before it), due
    # once the bot is surely up.
    await publish(db, whole_seconds_from_now(3))
    fake_discord.faults.add_latency(latency, route=ROUTE)
    async with bot_process(fake_discord, db, rate, tmp_path) as first:
        await kill_when(fake_discord, channels)
        first.send_signal(signal.SIGKILL)
        await first.wait()
    fake_discord.faults.add_latency(0.0, route=ROUTE)
    async with bot_process(fake_discord, db, 100.0, tmp_path) as second:
        # The restarted bot's first drain resends every row left pending, then says so (on
        # PostgreSQL, the drain once the dead process's claims have ended).
        while True:
            await log_line(second, re.escape("nothing left to send now (0 waiting"), 30)
            async with await open_store(db) as store:
                if await states(store) == [("sent", CHANNELS)]:
                    break
            # SQLite: the first drain already had every claim back (one process per file).
            assert engine == "postgres", "the restarted bot waited for its own old claims"
        second.send_signal(signal.SIGTERM)
        assert await second.wait() == 0
    assert [len(fake_discord.messages_in(c)) for c in channels] == [1] * CHANNELS
    async with await open_store(db) as store:
        assert await states(store) == [("sent", CHANNELS)]
