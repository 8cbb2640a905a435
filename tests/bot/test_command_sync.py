"""The slash commands are uploaded by one process of those sharing a store (``bot.command_sync``):
real bots against the fake Discord, on one PostgreSQL database or one SQLite file."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import OstBot
from bot.shards import Shards
from bot.store import open_store
from tests.bot.failover import Bot
from tests.fake_discord import FakeDiscord, identify_waits_on_fake_clock

SYNC_GLOBAL = "PUT /applications/{application_id}/commands"
COUNT = 2
# Long enough that every bot reads the stored digest while the first upload is still on its
# way (each would then upload, without the lease); only widens that window, nothing is timed.
SLOW_PUT = 0.5


def quick_retry(bot: OstBot) -> None:
    """A bot that found the lease held looks again soon (the default is a second)."""
    bot.command_sync.retry = 0.05


async def run_bots(start_ostbot: Callable[..., Any], count: int, **overrides: Any) -> list[OstBot]:
    """Start ``count`` bots at once, shard i of ``count`` each, with ``overrides``; wait until
    each knows Discord has its commands, then stop them all."""
    bots: list[OstBot] = []
    synced = asyncio.Event()
    release = asyncio.Event()

    async def one(shard: int) -> None:
        async with start_ostbot(
            shards=Shards(count, (shard,)), prepare=quick_retry, **overrides
        ) as bot:
            bots.append(bot)
            await bot.command_sync.done.wait()
            if all(b.command_sync.done.is_set() for b in bots) and len(bots) == count:
                synced.set()
            await release.wait()

    tasks = [asyncio.create_task(one(shard)) for shard in range(count)]
    try:
        await asyncio.wait_for(synced.wait(), 60)
    finally:
        release.set()
        await asyncio.gather(*tasks)
    return bots


async def test_bots_starting_together_on_one_database_upload_once(
    fake_discord: FakeDiscord, fake_guild, start_ostbot, postgres_url
) -> None:
    """Two bots (shards 0 and 1) starting at once on one PostgreSQL store, the upload slow:
    exactly one PUT of the commands reaches Discord, and both know their commands are there."""
    fake_discord.faults.add_latency(SLOW_PUT, route=SYNC_GLOBAL)
    # The second IDENTIFY within 5 s is refused; discord.py's wait passes on the fake's clock.
    with identify_waits_on_fake_clock(fake_discord):
        bots = await run_bots(start_ostbot, COUNT, db_path=postgres_url)
    assert len(bots) == COUNT
    assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1
    assert {c["name"] for c in fake_discord.commands.list(None)} == {"ost", "ost-admin"}


async def test_a_held_lease_defers_the_upload_until_it_ends(
    fake_discord: FakeDiscord, fake_guild, start_ostbot, tmp_path: Path
) -> None:
    """While another process holds the commands' lease, a starting bot uploads nothing and
    still comes up; once the lease is given up it uploads its commands, once."""
    db = tmp_path / "ostbot.sqlite3"
    lease = f"commands:{fake_discord.world.application_id}:global"
    now = datetime.now(UTC)
    async with await open_store(db) as store:
        assert await store.leases.take(lease, "other", now=now, until=now + timedelta(hours=1))
    async with start_ostbot(prepare=quick_retry) as bot:
        assert bot.ready.is_set()
        assert fake_discord.requests_to(SYNC_GLOBAL) == []
        assert not bot.command_sync.done.is_set()
        async with await open_store(db) as store:
            await store.leases.give_up(lease, "other")
        await asyncio.wait_for(bot.command_sync.done.wait(), 30)
    assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1


async def test_a_bot_alone_uploads_as_before(
    fake_discord: FakeDiscord, fake_guild, start_ostbot
) -> None:
    """One bot without shard settings uploads its commands at start-up, before it is ready,
    and leaves no lease behind."""
    async with start_ostbot() as bot:
        assert bot.command_sync.done.is_set()
        assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1
        now = datetime.now(UTC)
        lease = f"commands:{fake_discord.world.application_id}:global"
        assert await bot.store.leases.take(lease, "next", now=now, until=now)


async def test_processes_starting_together_upload_once(
    fake_discord: FakeDiscord, fake_guild, postgres_url, tmp_path: Path
) -> None:
    """Two ``ostbot run`` (shards 0 and 1 of 2) started at once on one database, the upload
    slow: one PUT of the commands; the other process says it did not upload them."""
    fake_discord.faults.add_latency(SLOW_PUT, route=SYNC_GLOBAL)
    shards = [{"OSTBOT_SHARD_COUNT": str(COUNT), "OSTBOT_SHARD_IDS": str(i)} for i in range(COUNT)]
    bots = await asyncio.gather(
        *(Bot.start(fake_discord, postgres_url, 45, tmp_path, env) for env in shards)
    )
    try:
        for bot in bots:
            await bot.logged(r"synced \d+ slash command|not uploading them")
        assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1
        assert [r for r in fake_discord.responses_with(429) if r.route == SYNC_GLOBAL] == []
        uploaders = [bot for bot in bots if re.search(r"synced \d+ slash command", bot.text)]
        assert len(uploaders) == 1, [bot.text for bot in bots]
    finally:
        for bot in bots:
            assert await bot.stop() == 0, bot.text
