"""The announcer against Discord's real limits (the fake's defaults): its own pace draws no 429,
a closed server stops being written to, Cloudflare's ban reached by itself is survived, and
shared 429s cost nothing. Nothing lost, nothing sent twice."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from bot.domain import DM
from bot.settings import DEFAULT_RATE
from tests.bot.announcer.conftest import (
    EVERYTHING,
    LogWaiter,
    World,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import permissions

ROUTE = "POST /channels/{channel_id}/messages"
CROSSPOST = "POST /channels/{channel_id}/messages/{message_id}/crosspost"


def posts_in(world: World, channel: int) -> int:
    """Requests that created a message in ``channel`` (a repeat would be a second one)."""
    return sum(1 for r in world.fake.requests_to(ROUTE, channel_id=str(channel)) if r.status == 200)


async def rows_of(world: World, *release_ids: str) -> list:
    rows = []
    for release_id in release_ids:
        rows += await world.store.ledger.for_release("d", release_id)
    return rows


async def news_server(world: World, name: str) -> int:
    """A server announcing in an announcement channel (so each post is also published)."""
    guild = world.fake.add_guild(name)
    news = guild.add_announcement_channel("ost-news")
    await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
    await world.store.servers.set_channel(guild.id, news.id, ping_role_id=None, now=world.now())
    world.guild_of[news.id] = guild.id
    return news.id


async def fan_out_world(world: World, shape: str) -> tuple[list[int], list[str], int]:
    """Channels, release ids and DMs owed, for one shape of fan-out."""
    at = whole_seconds_from_now(1)
    if shape == "wide":
        channels = [await world.server(f"s{i}") for i in range(120)]
        releases = ["part-1"]
    elif shape == "several-releases-at-once":
        channels = [await world.server(f"s{i}") for i in range(40)]
        releases = ["part-1", "part-2", "part-3"]
    else:  # announcement channels (posts then crossposts) and DMs from personal reminders
        channels = [await news_server(world, f"n{i}") for i in range(30)]
        channels += [await world.server(f"s{i}") for i in range(30)]
        releases = ["part-1"]
    await world.publish(schedule(*(release(r, at) for r in releases)))
    dms = 0
    if shape == "news-and-dms":
        for i in range(30):
            user = world.fake.add_user(f"fan{i}")
            await world.store.reminders.add(user.id, "d", "part-1", now=world.now())
            dms += 1
    return channels, releases, dms


@pytest.mark.parametrize("shape", ["wide", "several-releases-at-once", "news-and-dms"])
async def test_the_bots_own_pace_draws_no_429_from_discords_limits(world, start_bot, shape):
    """At the default pace against Discord's limits (50/s rolling, 5/5 s per channel, 10/h
    crossposts): no 429 of any scope, no invalid request, every post sent once."""
    fake = world.fake
    channels, releases, dms = await fan_out_world(world, shape)
    async with start_bot(rate=DEFAULT_RATE) as announcer:
        rows = await rows_of(world, *releases)
        per_channel = Counter(r.channel_id for r in rows if r.kind != DM)
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=30)
        await fake.wait_until(
            lambda: len(fake.requests_to("POST /users/@me/channels")) >= dms, what="DMs"
        )
        await announcer.dispatcher.idle.wait()
        if shape == "news-and-dms":
            await fake.wait_until(lambda: len(fake.requests_to(CROSSPOST)) >= 30, what="publish")
    assert fake.responses_with(429) == []
    assert fake.invalid_requests.total == 0
    assert fake.peak_rate(window=1.0) <= 50
    rows = await rows_of(world, *releases)
    assert {r.state for r in rows} == {"sent"}
    assert sum(r.kind == DM for r in rows) == dms
    # One message per message key: several releases of one instant may share one message.
    messages = Counter(r.channel_id for r in {r.message_key: r for r in rows}.values())
    assert all(posts_in(world, c) == messages[c] for c in per_channel)


def close_channel(world: World, channel: int, cause: str) -> None:
    """Make ``channel`` answer 403 the way ``cause`` does on Discord."""
    fake = world.fake
    guild = fake.world.guilds[world.guild_of[channel]]
    if cause == "missing-permission":
        guild.channels[channel].deny_bot(permissions.SEND_MESSAGES)  # 403 50013
    elif cause == "channel-hidden":
        guild.channels[channel].deny_bot(permissions.VIEW_CHANNEL)  # 403 50001
    elif cause == "bot-removed":
        fake.remove_bot_from(guild)  # 403 50001 on the server and its channels
    else:
        fake.faults.fail_channel(channel, 403)


@pytest.mark.parametrize(
    "cause", ["missing-permission", "channel-hidden", "bot-removed", "refused"]
)
async def test_a_closed_server_is_not_written_to_again(world, start_bot, cause):
    """A 403 stops writing there: over several fan-outs each closed server costs at most two
    invalid requests (a channel look-up, the post), far below Discord's limit; a server that
    removed the bot (the gateway says so) costs none."""
    fake = world.fake
    closed = [await world.server(f"closed{i}") for i in range(4)]
    open_ = [await world.server(f"open{i}") for i in range(4)]
    releases = [release(f"part-{i}", whole_seconds_from_now(i)) for i in (1, 2, 3)]
    await world.publish(schedule(*releases))
    async with start_bot(rate=DEFAULT_RATE) as announcer:
        for channel in closed:
            close_channel(world, channel, cause)
        for channel in open_:
            await fake.wait_for_messages(channel, 3, timeout=15)
        await announcer.dispatcher.idle.wait()
    for channel in closed:
        asked = [r for r in fake.requests if r.params.get("channel_id") == str(channel)]
        assert all(r.status == 403 for r in asked)
        if cause == "bot-removed":
            assert asked == []
        else:
            assert 1 <= len(asked) <= 2
            settings = await world.store.servers.get(world.guild_of[channel])
            assert settings.broken_reason.startswith("403")
    assert fake.invalid_requests.total <= 2 * len(closed)
    assert all(posts_in(world, c) == 3 for c in open_)


@pytest.mark.parametrize("ban", ["an-hour-on-the-fakes-clock", "short"])
async def test_the_ban_reached_by_itself_is_survived(world, start_bot, ban):
    """A misconfigured world (30 servers refuse the bot) reaches a lowered invalid-request
    limit: Cloudflare's ban starts by itself; once it lifts, every open server has each post
    exactly once and no attempt was spent."""
    fake = world.fake
    fake.rate_limits.invalid_request_limit = 20
    fake.rate_limits.ban_seconds = 3600.0 if ban != "short" else 0.5
    closed = [await world.server(f"closed{i}") for i in range(30)]
    open_ = [await world.server(f"open{i}") for i in range(10)]
    for channel in closed:
        close_channel(world, channel, "missing-permission")
    first, second = whole_seconds_from_now(1), whole_seconds_from_now(2)
    await world.publish(schedule(release("part-1", first), release("part-2", second)))
    async with start_bot(rate=DEFAULT_RATE) as announcer:
        with LogWaiter("bot.announcer.pacing", "Discord is blocking") as shut:
            await fake.wait_until(lambda: fake.cloudflare.started_by_itself, what="the ban")
            await shut.wait()  # part-2 (at least) met the ban: the gate shut
        if ban != "short":
            assert fake.cloudflare.blocking
            fake.clock.advance(3600)
        for channel in open_:
            await fake.wait_for_messages(channel, 2, timeout=15)
        await announcer.dispatcher.idle.wait()
        assert not announcer.gate.blocked
    assert fake.cloudflare.started_by_itself == 1  # the rest of the 403s stayed under it
    assert fake.cloudflare.answered >= 1
    assert all(posts_in(world, c) == 2 for c in open_)
    rows = await rows_of(world, "part-1", "part-2")
    sent = [(r.state, r.attempts) for r in rows if r.channel_id in open_]
    assert sent == [("sent", 0)] * 2 * len(open_)
    assert {r.state for r in rows if r.channel_id in closed} <= {"failed"}


@pytest.mark.parametrize("times", [1, 3, 5])
async def test_shared_429s_are_posted_once_and_cost_nothing(world, start_bot, times):
    """Shared 429s (a busy resource, not the bot): each post sent once, no attempt counted,
    no invalid request, so no ban even with a limit of one."""
    fake = world.fake
    fake.rate_limits.invalid_request_limit = 1
    channels = [await world.server(f"s{i}") for i in range(8)]
    for channel in channels[::2]:
        fake.limiter.force_429(
            ROUTE, scope="shared", retry_after=0.05, times=times, channel_id=channel
        )
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(rate=DEFAULT_RATE) as announcer:
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    shared = fake.responses_with(429)
    assert len(shared) == times * len(channels[::2])
    assert {r.scope for r in shared} == {"shared"}
    assert (fake.invalid_requests.total, fake.cloudflare.started_by_itself) == (0, 0)
    assert all(posts_in(world, c) == 1 for c in channels)
    rows = await rows_of(world, "part-1")
    assert [(r.state, r.attempts) for r in rows] == [("sent", 0)] * len(channels)


@pytest.mark.parametrize("stall", [0.3, 1.0])
async def test_a_stalled_event_loop_does_not_bunch_requests_past_the_limit(world, start_bot, stall):
    """After the bot's event loop stalls mid-fan-out (a loaded machine, a long write), turns
    resume at the pace instead of all at once: no rolling second holds more than 50."""
    fake = world.fake
    channels = [await world.server(f"s{i}") for i in range(120)]
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(rate=DEFAULT_RATE) as announcer:
        await fake.wait_for_messages(channels[40], 1, timeout=30)
        time.sleep(stall)  # noqa: ASYNC251 - the fault itself: the loop stops, as under load
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=30)
        await announcer.dispatcher.idle.wait()
    assert fake.responses_with(429) == []
    assert fake.peak_rate(window=1.0) <= 50
    assert all(posts_in(world, c) == 1 for c in channels)
