"""Faults during a delivery: Discord blocking the bot (a 429 without Via), every other 429, 5xx,
connection resets, a cold cache. Nothing lost, nothing sent twice; a block pauses the whole
announcer, costs no attempt, and everything resumes after it."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer.dispatcher import MAX_ATTEMPTS
from bot.render.status import status_embed
from bot.services.admin_status import server_status
from tests.bot.announcer.conftest import (
    EVERYTHING,
    LogWaiter,
    release,
    schedule,
    whole_seconds_from_now,
)
from tests.fake_discord import fast_server_error_retries

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

ROUTE = "POST /channels/{channel_id}/messages"
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
CROSSPOST = "POST /channels/{channel_id}/messages/{message_id}/crosspost"
CHANNELS = 6


def posted(fake, channel: int) -> int:
    """Requests that created a message in ``channel`` (a nonce repeat would be a 2nd one)."""
    return sum(1 for r in fake.requests_to(ROUTE, channel_id=str(channel)) if r.status == 200)


def lines(caplog, level: int, text: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and text in r.message]


@pytest.mark.parametrize(
    "ban",
    [{}, {"html": True}, {"seconds": 0.3}],
    ids=["json-until-lifted", "html-page", "json-for-a-while"],
)
async def test_block_mid_fan_out_loses_and_repeats_nothing(world, start_bot, caplog, ban):
    """A ban after two posts: all paused, status says so, every channel posted once after it."""
    caplog.set_level(logging.INFO, logger="bot.announcer")
    channels = [await world.server(f"s{i}") for i in range(CHANNELS)]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(concurrency=2) as announcer:
        fake.cloudflare.start(after=2, **ban)  # connected: only the announcer's posts follow
        gate = announcer.gate
        await fake.wait_until(lambda: fake.cloudflare.answered >= 3, what="probes refused")
        if "seconds" not in ban:
            assert gate.blocked
            guild = world.guild_of[channels[-1]]
            found = await server_status(
                world.store, guild, now=datetime.now(UTC), blocked_until=gate.blocked_until
            )
            [delivery] = [
                f["value"]
                for f in status_embed(found, server_name="s")["fields"]
                if f["name"] == "Delivery"
            ]
            # "is" or "was" blocking: the probes here are milliseconds apart.
            assert "blocking this bot's requests until ~<t:" in delivery
            assert "1 post waiting" in delivery
            fake.cloudflare.lift()
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=10)
        await announcer.dispatcher.idle.wait()
        assert not gate.blocked
    assert all(posted(fake, c) == 1 for c in channels)
    assert all(len(fake.messages_in(c)) == 1 for c in channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert [(r.state, r.attempts) for r in rows] == [("sent", 0)] * CHANNELS
    assert len(lines(caplog, logging.WARNING, "Discord is blocking")) == 1
    assert len(lines(caplog, logging.INFO, "block is over")) == 1
    # One line for the whole block, not one per refused request or waiting post.
    loud = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert [r.getMessage()[:27] for r in loud] == ["Discord is blocking this bo"]


async def test_retry_after_of_a_block_is_honoured_and_rows_stay_pending(world, start_bot):
    """A ban with Retry-After: the gate waits that long (not the probe schedule); rows wait."""
    channels = [await world.server(f"s{i}") for i in range(3)]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot() as announcer:
        with LogWaiter("bot.announcer.pacing", "Discord is blocking") as shut:
            fake.cloudflare.start(retry_after=1800)
            await shut.wait()  # the gate shut: an event, not a poll
        wait = (announcer.gate.blocked_until - datetime.now(UTC)).total_seconds()
        assert 1790 < wait <= 1800
        # Only the requests already in flight when the ban began; no probe for 30 minutes.
        assert fake.cloudflare.answered <= len(channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert [(r.state, r.attempts) for r in rows] == [("pending", 0)] * len(channels)
    assert all(fake.messages_in(c) == [] for c in channels)


@pytest.mark.parametrize("scope", ["shared", "user", "global"])
async def test_a_429_discord_py_gave_up_on_is_retried_without_an_attempt(world, start_bot, scope):
    """Five 429s in a row (discord.py gives up): the row is retried later, sent once, no try."""
    channels = [await world.server(f"s{i}") for i in range(3)]
    fake = world.fake
    fake.limiter.force_429(ROUTE, scope=scope, times=5, channel_id=channels[0])
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot() as announcer:
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=10)
        await announcer.dispatcher.idle.wait()
    assert [r.scope for r in fake.responses_with(429)] == [scope] * 5
    assert all(posted(fake, c) == 1 for c in channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert [(r.state, r.attempts) for r in rows] == [("sent", 0)] * len(channels)


async def test_blocks_do_not_spend_the_attempt_budget(world, start_bot):
    """More refused probes than the attempt budget: the post is still sent, with no attempt."""
    [channel] = [await world.server("fans")]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot() as announcer:
        fake.cloudflare.start()
        await fake.wait_until(lambda: fake.cloudflare.answered > MAX_ATTEMPTS + 1, what="probes")
        fake.cloudflare.lift()
        await fake.wait_for_messages(channel, 1, timeout=10)
        await announcer.dispatcher.idle.wait()
    [row] = await world.store.ledger.for_release("d", "part-1")
    assert (row.state, row.attempts) == ("sent", 0)


@pytest.mark.parametrize(
    ("status", "html"),
    [(500, False), (502, True), (503, False), (504, False), (524, False), (408, False)],
)
async def test_passing_errors_are_retried_until_posted_once(world, start_bot, status, html):
    """5xx (JSON or a proxy's HTML page) and other passing errors: retried, posted once."""
    channels = [await world.server(f"s{i}") for i in range(3)]
    fake = world.fake
    fake.faults.fail_route(ROUTE, status=status, times=6, html=html, channel_id=channels[0])
    fake.rate_limits.buckets[ROUTE] = (50, 5.0)  # failures count too; this test is not of 429s
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    with fast_server_error_retries():
        async with start_bot() as announcer:
            for channel in channels:
                await fake.wait_for_messages(channel, 1, timeout=15)
            await announcer.dispatcher.idle.wait()
    assert all(posted(fake, c) == 1 for c in channels)
    rows = await world.store.ledger.for_release("d", "part-1")
    assert {r.state for r in rows} == {"sent"}


async def test_discord_unreachable_mid_fan_out_is_retried(world, start_bot):
    """Connections refused (Discord down, then back): every channel posted once afterwards."""
    channels = [await world.server(f"s{i}") for i in range(4)]
    fake = world.fake
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(retry_base=timedelta(seconds=0.5)) as announcer:
        with LogWaiter("bot.announcer.dispatcher", "(4 waiting for a retry)") as retrying:
            await fake.stop()  # the release comes due while nothing answers
            await retrying.wait()
        waiting = await world.store.ledger.for_release("d", "part-1")
        assert {(r.state, r.attempts > 0) for r in waiting} == {("pending", True)}
        await fake.restart()
        for channel in channels:
            await fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    assert all(posted(fake, c) == 1 for c in channels)


async def test_edits_publishes_and_dms_resume_after_a_block(world, start_bot):
    """During a ban an edit is owed and a release comes due: afterwards all of it is done."""
    fake = world.fake
    text = await world.server("plain")
    news_guild = fake.add_guild("news")
    news = news_guild.add_announcement_channel("ost-news")
    await world.store.servers.follow(news_guild.id, EVERYTHING, now=world.now())
    await world.store.servers.set_channel(
        news_guild.id, news.id, ping_role_id=None, now=world.now()
    )
    member = fake.add_user("alice")
    first, second = whole_seconds_from_now(1), whole_seconds_from_now(2)
    await world.publish(schedule(release("part-0", first), release("part-1", second)))
    await world.store.reminders.add(member.id, "d", "part-1", now=world.now())
    async with start_bot(tick=timedelta(seconds=0.2)) as announcer:
        [old] = await fake.wait_for_messages(text, 1, timeout=5)
        await fake.wait_for_request(CROSSPOST, 1, channel_id=str(news.id))
        fake.cloudflare.start()
        with_mv = release("part-0", first, mv="https://youtu.be/mv")
        await world.publish(schedule(with_mv, release("part-1", second)))
        await announcer.apply_changes()  # the edit meets the ban: owed, not lost
        await fake.wait_until(lambda: fake.cloudflare.answered >= 3, what="probes refused")
        # The edit may be what met the ban first; it is never sent again into it.
        assert [r.status for r in fake.requests_to(EDIT, message_id=old["id"])] in ([], [429])
        fake.cloudflare.lift()
        await fake.wait_for_messages(text, 2, timeout=10)
        await fake.wait_for_request(CROSSPOST, 2, channel_id=str(news.id))
        opened = await fake.wait_for_request("POST /users/@me/channels", 1)
        await fake.wait_for_messages(int(opened[-1].response["id"]), 1)
        await fake.wait_until(
            lambda: [r for r in fake.requests_to(EDIT, message_id=old["id"]) if r.status == 200],
            what="the owed edit",
        )
        await announcer.dispatcher.idle.wait()
    rows = await world.store.ledger.for_release("d", "part-1")
    assert sorted((str(r.kind), r.state, r.attempts) for r in rows) == [
        ("announce", "sent", 0),
        ("announce", "sent", 0),
        ("dm", "sent", 0),
    ]
    assert all(posted(fake, c) == 2 for c in (text, news.id))
    assert fake.messages_in(text)[0]["components"] != []  # the MV button came with the edit


async def test_an_announcement_channel_the_cache_does_not_know_is_still_published(world, start_bot):
    """After a reconnect the cache may miss a channel: Discord is asked, the post published."""
    fake = world.fake
    guild = fake.add_guild("news")
    await world.store.servers.follow(guild.id, EVERYTHING, now=world.now())
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot():
        news = guild.add_announcement_channel("ost-news")  # after connect: not in the cache
        await world.store.servers.set_channel(guild.id, news.id, ping_role_id=None, now=world.now())
        [message] = await fake.wait_for_messages(news.id, 1, timeout=5)
        await fake.wait_for_request(CROSSPOST, 1, channel_id=str(news.id))
    assert [r.params["message_id"] for r in fake.requests_to(CROSSPOST)] == [message["id"]]
