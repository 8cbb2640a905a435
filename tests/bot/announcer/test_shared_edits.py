"""Two announcers on one PostgreSQL store: a release change edits each post once, not once per
process."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer import Announcer
from bot.announcer.edits import EDITS_HELD, EDITS_KEPT, EDITS_RENEWED, Editor
from bot.announcer.pacing import Gate, Pacer
from bot.announcer.poster import DiscordPoster
from bot.announcer.sweep import WATERMARK
from bot.app import OstBot
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
    async with bot_of(fake, store, shard) as bot:
        yield bot.services.announcer


@contextlib.asynccontextmanager
async def bot_of(fake: FakeDiscord, store: Store, shard: int) -> AsyncIterator[OstBot]:
    """The bot of ``announcer``, connected."""
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
        yield bot


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


class SteppingClock:
    """A clock that moves ``step`` on at every reading (the edits of a slow holder)."""

    def __init__(self, start: datetime, step: timedelta) -> None:
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


async def test_a_holder_still_editing_keeps_its_edit_lease(fake_discord, postgres_url):
    """A holder whose edits take longer than the lease renews it as it goes: another
    process applying the change after the lease first taken has ended still finds it held
    (and does not edit the posts a second time)."""
    async with await open_store(postgres_url) as one, await open_store(postgres_url) as two:
        world = World(fake_discord, one, lambda: datetime.now(UTC))
        await one.state.set(WATERMARK, datetime.now(UTC).isoformat())
        channels = [await world.server("fans"), await world.server("more fans")]
        at = whole_seconds_from_now(1)
        await world.publish(schedule(release("part-1", at)))
        async with bot_of(fake_discord, one, 0) as bot:
            first = bot.services.announcer
            for channel in channels:
                await fake_discord.wait_for_messages(channel, 1, timeout=8)
            assert await first.dispatcher.settle("d/part-1")
            await first.stop()  # the change is applied below, by a slow editor alone
            await world.publish(schedule(release("part-1", at, mv="https://youtu.be/mv")))
            seq = await one.releases.latest_change()
            began = datetime.now(UTC)
            clock = SteppingClock(began, EDITS_RENEWED)
            poster = DiscordPoster(bot, Pacer(1000.0, Gate()))
            slow = Editor(one, poster, clock)
            lease = await slow.claim_change(seq, "slow")
            assert lease is not None
            taken_until = clock.now + EDITS_HELD  # each edit reads the clock: it outlasts this
            assert await slow.refresh("d", "part-1", lease) == 2
            other = Editor(two, poster, lambda: taken_until)
            assert await other.claim_change(seq, "late") is None
    for channel in channels:
        [message] = fake_discord.messages_in(channel)
        assert len(fake_discord.requests_to(EDIT, message_id=message["id"])) == 1


async def test_the_tick_deletes_edit_leases_long_ended(fake_discord, postgres_url):
    """Edit leases over for ``EDITS_KEPT`` are deleted on the tick; one ended lately, one
    still held, and another kind of lease stay."""
    async with await open_store(postgres_url) as store:
        now = datetime.now(UTC)
        long_ago = now - EDITS_KEPT - timedelta(minutes=1)
        for name, until in (
            ("edits:1", long_ago),
            ("edits:2", now - timedelta(minutes=1)),
            ("edits:3", now + EDITS_HELD),
            ("events:1", long_ago),
        ):
            assert await store.leases.take(name, "gone/edits", now=until, until=until)
        async with announcer(fake_discord, store, 0) as running:
            await running.tick()
            rows = await store.database.fetchall("SELECT name FROM work_leases ORDER BY name")
        assert [name for (name,) in rows] == ["edits:2", "edits:3", "events:1"]
