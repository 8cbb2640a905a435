"""Releases are announced once, at their instant, in every channel that follows them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer import composer, dispatcher
from bot.announcer.dispatcher import workers_for
from bot.domain import ANNOUNCE, DM, Follow, FollowKind
from bot.store import NewDelivery
from bot.store.sql.releases import SqlReleases
from tests.bot.announcer.conftest import (
    EVERYTHING,
    created_at,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import Latency, LogNormal

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

ROUTE = "POST /channels/{channel_id}/messages"
CROSSPOST = "POST /channels/{channel_id}/messages/{message_id}/crosspost"


async def test_release_is_posted_at_its_instant_to_followers_only(world, start_bot):
    """Followers of all, of the drama and of the artist get it at the instant; others do not."""
    everything = await world.server("all")
    by_drama = await world.server("drama", Follow(FollowKind.DRAMA, "d"))
    by_artist = await world.server("artist", Follow(FollowKind.ARTIST, "singer"))
    elsewhere = await world.server("other", Follow(FollowKind.DRAMA, "other"))
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, part=1)))
    async with start_bot() as announcer:
        for channel in (everything, by_drama, by_artist):
            [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
            assert message["embeds"][0]["title"] == 'Drama d OST Part 1 "Song part-1"'
            assert message["content"] == "🎵 Out now"
        await announcer.dispatcher.idle.wait()
    assert world.fake.messages_in(elsewhere) == []
    assert len(world.fake.requests_to(ROUTE)) == 3
    first = min(
        created_at(m) for c in (everything, by_drama, by_artist) for m in world.fake.messages_in(c)
    )
    assert first >= at


async def test_drops_at_one_instant_share_one_message(world, start_bot):
    """Two releases at the same instant become one message with two embeds per channel."""
    channel = await world.server("fans")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, part=1), release("part-2", at, part=2)))
    async with start_bot() as announcer:
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    assert [e["title"] for e in message["embeds"]] == [
        'Drama d OST Part 1 "Song part-1"',
        'Drama d OST Part 2 "Song part-2"',
    ]
    assert len(world.fake.messages_in(channel)) == 1


async def test_role_ping_is_the_only_mention_allowed(world, start_bot):
    """The server's role is pinged through allowed_mentions; schedule text cannot ping."""
    channel = await world.server("fans", role=4242)
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at, notes="@everyone <@1> listen!")))
    async with start_bot():
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
    body = world.fake.body_of(message)
    assert body["allowed_mentions"] == {"parse": [], "roles": [4242]}
    assert message["content"].startswith("<@&4242>")
    assert "@everyone" not in message["embeds"][0]["description"]


async def test_downtime_inside_the_window_is_caught_up_older_is_missed(world, start_bot):
    """After downtime, a release due 1 h ago is posted; one due 8 h ago is recorded as missed."""
    now = datetime.now(UTC).replace(microsecond=0)
    channel = await world.server("fans", configured=now - timedelta(days=1))
    # The bot last swept 10 h ago, before both releases came due.
    await world.store.state.set("announcer.swept_until", (now - timedelta(hours=10)).isoformat())
    await world.publish(
        schedule(
            release("recent", now - timedelta(hours=1)),
            release("old", now - timedelta(hours=8)),
        )
    )
    async with start_bot() as announcer:
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    assert message["embeds"][0]["footer"]["text"].startswith("d/recent")
    [missed] = await world.store.ledger.for_release("d", "old")
    assert (missed.state, missed.last_error) == ("missed", "past the server's catch-up window")
    assert len(world.fake.messages_in(channel)) == 1


async def test_pending_rows_left_by_a_crash_are_sent_once(world, start_bot):
    """A row written but never sent before a stop is sent at the next start, once."""
    channel = await world.server("fans")
    now = datetime.now(UTC).replace(microsecond=0)
    await world.publish(schedule(release("part-1", now - timedelta(minutes=5))))
    row = NewDelivery("d", "part-1", world.guild_of[channel], channel, ANNOUNCE, now, "k", 0)
    await world.store.ledger.add([row], now=now)
    async with start_bot() as announcer:
        await world.fake.wait_for_messages(channel, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    [sent] = await world.store.ledger.for_release("d", "part-1")
    assert sent.state == "sent"
    assert sent.message_id == int(world.fake.messages_in(channel)[0]["id"])


async def test_personal_reminder_is_one_dm_at_the_instant(world, start_bot):
    """A member who asked is sent one DM when the release comes out, however often asked."""
    await world.server("fans")
    member = world.fake.add_user("alice")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at)))
    assert await world.store.reminders.add(member.id, "d", "part-1", now=at)
    assert not await world.store.reminders.add(member.id, "d", "part-1", now=at)
    async with start_bot() as announcer:
        [opened] = await world.fake.wait_for_request("POST /users/@me/channels", 1, timeout=5)
        dm_channel = int(opened.response["id"])
        [dm] = await world.fake.wait_for_messages(dm_channel, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    assert dm["content"] == "🔔 Your reminder: out now"
    assert created_at(dm) >= at
    [row] = [d for d in await world.store.ledger.for_release("d", "part-1") if d.kind == DM]
    assert (row.user_id, row.channel_id, row.state) == (member.id, None, "sent")


async def test_posts_in_announcement_channels_are_published_once(world, start_bot):
    """An announcement channel's post is crossposted once; a text channel's never is."""
    news_guild = world.fake.add_guild("news")
    news = news_guild.add_announcement_channel("ost-news")
    await world.store.servers.follow(news_guild.id, EVERYTHING, now=world.now())
    await world.store.servers.set_channel(
        news_guild.id, news.id, ping_role_id=None, now=world.now()
    )
    text = await world.server("plain")
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot() as announcer:
        [posted] = await world.fake.wait_for_messages(news.id, 1, timeout=5)
        await world.fake.wait_for_request(CROSSPOST, 1, channel_id=str(news.id))
        await world.fake.wait_for_messages(text, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
        await announcer.releases_changed()  # a later sweep and drain publish nothing again
    assert [r.params["message_id"] for r in world.fake.requests_to(CROSSPOST)] == [posted["id"]]
    [row] = [
        d for d in await world.store.ledger.for_release("d", "part-1") if d.channel_id == news.id
    ]
    assert row.state == "sent"


async def test_publishing_can_be_turned_off(world, start_bot):
    """A server that turned publishing off gets its post, not a crosspost."""
    guild = world.fake.add_guild("quiet")
    news = guild.add_announcement_channel("ost-news")
    await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
    await world.store.servers.set_channel(guild.id, news.id, ping_role_id=None, now=world.now())
    await world.store.servers.set_publish(guild.id, False, now=world.now())
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot() as announcer:
        await world.fake.wait_for_messages(news.id, 1, timeout=5)
        await announcer.dispatcher.idle.wait()
    assert world.fake.requests_to(CROSSPOST) == []


@pytest.mark.parametrize("rate", [45.0, 450.0, 4.0])
def test_workers_cover_the_pace_times_a_slow_answer(rate: float) -> None:
    """Enough channels at once for ``rate`` requests/s answered in 0.5 s each, never below 32."""
    workers = workers_for(rate)
    assert workers >= rate * 0.5
    assert workers >= 32
    assert workers <= max(32, rate * 0.5 + 1)


async def test_next_batch_leaves_while_the_last_answers_are_on_their_way(
    world, start_bot, monkeypatch
):
    """With batches of 3 and every answer 1 s on its way back, the second batch's posts reach
    Discord before the first answer is back (two batches overlap); 12 channels, each once."""
    monkeypatch.setattr(dispatcher, "BATCH", 3)
    world.fake.latency = Latency(LogNormal(1.0, 1.0), before_share=0.0)
    channels = [await world.server(f"s{i}") for i in range(12)]
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        await world.fake.wait_for_request(ROUTE, 6, timeout=10)
        assert await world.store.ledger.for_release("d", "part-1", state="sent") == []
        await announcer.dispatcher.idle.wait()
    assert [len(world.fake.messages_in(c)) for c in channels] == [1] * 12
    assert len(world.fake.requests_to(ROUTE)) == 12
    sent = await world.store.ledger.for_release("d", "part-1", state="sent")
    assert len(sent) == 12


async def test_fan_out_in_small_batches_under_latency_posts_each_channel_once_in_order(
    world, start_bot, monkeypatch
):
    """Batches of 4 with Discord-like latency: every channel gets its reminder, then its
    announcement, once each; nothing is sent twice however batches overlap."""
    monkeypatch.setattr(dispatcher, "BATCH", 4)
    channels = [await world.server(f"s{i}") for i in range(10)]
    for channel in channels:
        await world.store.servers.set_reminders(
            world.guild_of[channel], [timedelta(seconds=1)], now=datetime.now(UTC)
        )
    at = whole_seconds_from_now(2)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        for channel in channels:
            await world.fake.wait_for_messages(channel, 2, timeout=10)
        await announcer.dispatcher.idle.wait()
    for channel in channels:
        reminder, announcement = world.fake.messages_in(channel)
        assert reminder["content"].startswith("⏰")
        assert announcement["content"] == "🎵 Out now"
    assert len(world.fake.requests_to(ROUTE)) == 20


async def test_a_fan_out_loads_and_renders_each_release_once(world, start_bot, monkeypatch):
    """The sweep's load is the only read of a due release, and its one rendering is posted."""
    channels = [await world.server(f"fans-{i}") for i in range(3)]
    rendered: list[str] = []
    read: list[str] = []

    def render_part(drama, release):
        rendered.append(release.key)
        return real_render(drama, release)

    async def get_release(store, drama_id, release_id, **kw):
        read.append(f"{drama_id}/{release_id}")
        return await real_read(store, drama_id, release_id, **kw)

    real_render, real_read = composer.render_part, SqlReleases.details
    monkeypatch.setattr(composer, "render_part", render_part)
    monkeypatch.setattr(SqlReleases, "details", get_release)
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at), release("part-2", at)))
    async with start_bot() as announcer:
        for channel in channels:
            [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
            assert len(message["embeds"]) == 2
        await announcer.dispatcher.idle.wait()
    assert sorted(rendered) == ["d/part-1", "d/part-2"]
    assert read == []
