"""A process serving some gateway shards still announces in every server (sending needs no
gateway), and acts on the removals its own shards report, never on another shard's servers."""

from __future__ import annotations

import pytest

from bot.exts.announcer._cog import REMOVED
from bot.shards import Shards, shard_of
from tests.bot.announcer.conftest import (
    EVERYTHING,
    LogWaiter,
    World,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import FakeDiscord

pytestmark = pytest.mark.latency

COUNT = 2
CROSSPOST = "POST /channels/{channel_id}/messages/{message_id}/crosspost"


async def _servers(world: World, per_shard: int) -> dict[int, list[int]]:
    """Announcement channels (published) until each shard has ``per_shard`` servers; their
    channel ids by shard."""
    channels: dict[int, list[int]] = {shard: [] for shard in range(COUNT)}
    while min(len(ids) for ids in channels.values()) < per_shard:
        guild = world.fake.add_guild(f"s{len(world.guild_of)}")
        channel = guild.add_announcement_channel("ost")
        await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
        await world.store.servers.set_channel(
            guild.id, channel.id, ping_role_id=None, now=world.now()
        )
        await world.store.servers.set_publish(guild.id, True, now=world.now())
        world.guild_of[channel.id] = guild.id
        channels[shard_of(guild.id, COUNT)].append(channel.id)
    return channels


async def test_a_process_of_shard_0_announces_in_every_shards_servers(
    world: World, start_bot
) -> None:
    """Only shard 0 of 2 in this process: the servers of shard 1 (not in its gateway cache)
    still get their post once, and it is published from their announcement channels."""
    fake: FakeDiscord = world.fake
    channels = await _servers(world, per_shard=3)
    everywhere = [c for ids in channels.values() for c in ids]
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(shards=Shards(COUNT, (0,))):
        await fake.wait_until(
            lambda: len(fake.requests_to(CROSSPOST)) >= len(everywhere), 15, "all published"
        )
    assert {c: len(fake.messages_in(c)) for c in everywhere} == dict.fromkeys(everywhere, 1)
    published = {int(r.params["channel_id"]) for r in fake.requests_to(CROSSPOST)}
    assert published == set(everywhere)


async def test_only_removals_from_its_own_shard_stop_a_servers_posts(
    world: World, start_bot
) -> None:
    """Removed from a server of shard 1, the shard-0 process hears nothing and changes
    nothing (that server is shard 1's process's to see); removed from one of shard 0, it
    stops that server's posts with the reason."""
    fake: FakeDiscord = world.fake
    channels = await _servers(world, per_shard=1)
    theirs, mine = (fake.world.guilds[world.guild_of[channels[s][0]]] for s in (1, 0))
    async with start_bot(shards=Shards(COUNT, (0,))):
        with LogWaiter("bot.exts.announcer._cog", "removed from guild") as removal:
            fake.remove_bot_from(theirs)
            fake.remove_bot_from(mine)
            await removal.wait()
        assert removal.seen == 1
        [session] = fake.gateway.sessions.values()
        deleted = [p["d"]["id"] for p in session.buffer if p["t"] == "GUILD_DELETE"]
        assert deleted == [str(mine.id)]
    reasons = {}
    for guild in (theirs, mine):
        settings = await world.store.servers.get(guild.id)
        assert settings is not None
        reasons[guild.id] = settings.broken_reason
    assert reasons == {theirs.id: None, mine.id: REMOVED}


async def test_the_stored_channel_kind_spares_a_lookup_per_other_shards_channel(
    world: World, start_bot
) -> None:
    """Channel kinds kept at set-up: shard 0's process publishes the other shard's announcement
    channels, and not its text channels, without one ``GET /channels`` (counted by the fake)."""
    fake: FakeDiscord = world.fake
    news: set[int] = set()
    everywhere: list[int] = []
    kinds: set[tuple[int, bool]] = set()  # (shard, announcement channel) seen so far
    while len(kinds) < 2 * COUNT:
        guild = fake.add_guild(f"s{len(everywhere)}")
        announcing = len(everywhere) % 2 == 0
        channel = (
            guild.add_announcement_channel("ost") if announcing else guild.add_text_channel("ost")
        )
        await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
        await world.store.servers.set_channel(
            guild.id, channel.id, ping_role_id=None, now=world.now(), news=announcing
        )
        everywhere.append(channel.id)
        kinds.add((shard_of(guild.id, COUNT), announcing))
        if announcing:
            news.add(channel.id)
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(shards=Shards(COUNT, (0,))) as announcer:
        await fake.wait_until(
            lambda: len(fake.requests_to(CROSSPOST)) >= len(news), 15, "all published"
        )
        await fake.wait_until(lambda: all(fake.messages_in(c) for c in everywhere), 15)
        await announcer.dispatcher.idle.wait()
    published = {int(r.params["channel_id"]) for r in fake.requests_to(CROSSPOST)}
    assert published == news
    assert fake.requests_to("GET /channels/{channel_id}") == []


async def test_a_converted_channel_is_stored_for_the_other_shards_processes(
    world: World, start_bot
) -> None:
    """The gateway says the announcement channel became a news channel, then a text one
    again: the store keeps each kind (what processes of other shards read)."""
    fake: FakeDiscord = world.fake
    guild = fake.add_guild("converting")
    channel = guild.add_text_channel("ost")
    await world.store.servers.set_channel(
        guild.id, channel.id, ping_role_id=None, now=world.now(), news=False
    )
    async with start_bot():
        for kind, news in ((5, True), (0, False)):
            with LogWaiter("bot.exts.announcer._cog", f"channel {channel.id} ") as noted:
                channel.edit(kind=kind)
                await noted.wait()
            settings = await world.store.servers.get(guild.id)
            assert settings is not None
            assert settings.channel_news is news
