"""Two announcers on one PostgreSQL store: a release change edits each post once, not once per
process."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer import Announcer
from bot.announcer.pacing import Gate
from bot.announcer.sweep import WATERMARK
from bot.settings import Settings
from bot.shards import Shards
from bot.store import Store, open_store
from bot.wiring import build_bot
from tests.bot.announcer.conftest import World, release, schedule, whole_seconds_from_now
from tests.fake_discord import FakeDiscord
from tests.fake_discord.clients import connected

pytestmark = pytest.mark.latency

EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


@contextlib.asynccontextmanager
async def announcer(fake: FakeDiscord, store: Store, shard: int) -> AsyncIterator[Announcer]:
    """One bot process's announcer serving ``shard`` of 2, on its own connection pool."""
    settings = Settings(token=fake.token, rate_per_second=1000.0, shards=Shards(2, (shard,)))
    bot = build_bot(
        settings,
        store,
        extensions=["bot.exts.announcer"],
        guild_ready_timeout=0.05,
        gate=Gate(first_probe=0.02, longest=0.1),
        tuning={"retry_base": timedelta(milliseconds=50)},
    )
    async with connected(fake, bot):
        yield bot.services.announcer


async def test_a_change_edits_each_post_once_whatever_the_number_of_processes(
    fake_discord, postgres_url
):
    """Both processes apply the change; the first to take its edit lease edits both posts,
    the other edits none: one PATCH per message."""
    async with await open_store(postgres_url) as one, await open_store(postgres_url) as two:
        world = World(fake_discord, one, lambda: datetime.now(UTC))
        await one.state.set(WATERMARK, datetime.now(UTC).isoformat())
        channels = [await world.server("fans"), await world.server("more fans")]
        at = whole_seconds_from_now(1)
        await world.publish(schedule(release("part-1", at)))
        async with (
            announcer(fake_discord, one, 0) as first,
            announcer(fake_discord, two, 1) as second,
        ):
            for channel in channels:
                await fake_discord.wait_for_messages(channel, 1, timeout=8)
            for each in (first, second):  # both posts recorded before the change
                assert await each.dispatcher.settle("d/part-1")
            await world.publish(schedule(release("part-1", at, mv="https://youtu.be/mv")))
            assert await first.apply_changes() == 1
            assert await second.apply_changes() == 1
        messages = [m for c in channels for m in fake_discord.messages_in(c)]
    assert len(messages) == 2
    for message in messages:
        assert len(fake_discord.requests_to(EDIT, message_id=message["id"])) == 1
        assert message["embeds"][0]["url"] == "https://youtu.be/mv"
    assert len(fake_discord.requests_to(EDIT)) == 2
