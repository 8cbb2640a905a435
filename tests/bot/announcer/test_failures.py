"""Discord's refusals: a closed channel stops fan-out there, 5xx and 429 are waited out."""

from __future__ import annotations

import pytest

from tests.bot.announcer.conftest import release, schedule, whole_seconds_from_now
from tests.fake_discord import fast_server_error_retries

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

ROUTE = "POST /channels/{channel_id}/messages"


async def test_forbidden_channel_is_marked_broken_after_one_failure(world, start_bot):
    """A 403 marks the server broken at once: no retry, later releases skip it."""
    closed = await world.server("closed")
    open_ = await world.server("open")
    world.fake.faults.fail_channel(closed, 403)
    first, second = whole_seconds_from_now(1), whole_seconds_from_now(2)
    await world.publish(schedule(release("part-1", first), release("part-2", second)))
    async with start_bot() as announcer:
        await world.fake.wait_for_messages(open_, 2, timeout=6)
        await announcer.dispatcher.idle.wait()
    settings = await world.store.servers.get(world.guild_of[closed])
    assert settings.broken_reason.startswith("403")
    assert len(world.fake.requests_to(ROUTE, channel_id=str(closed))) == 1
    assert world.fake.invalid_requests.total == 1
    [failed] = [
        d for d in await world.store.ledger.for_release("d", "part-1") if d.channel_id == closed
    ]
    assert failed.state == "failed"


async def test_server_errors_are_retried_until_posted_once(world, start_bot):
    """Five 502s exhaust discord.py's own retries; our backoff retries and posts exactly once."""
    channel = await world.server("fans")
    world.fake.faults.fail_route(ROUTE, status=502, times=6, channel_id=str(channel))
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    with fast_server_error_retries():
        async with start_bot():
            [message] = await world.fake.wait_for_messages(channel, 1, timeout=10)
    [sent] = await world.store.ledger.for_release("d", "part-1")
    assert sent.state == "sent"
    assert sent.attempts >= 1
    assert sent.message_id == int(message["id"])


async def test_rate_limited_fan_out_is_delivered_exactly_once(world, start_bot):
    """With Discord's global limit below our rate, 429s are honoured and nothing is lost."""
    channels = [await world.server(f"s{i}") for i in range(12)]
    world.fake.rate_limits.global_per_second = 5
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(rate=1000.0) as announcer:
        for channel in channels:
            await world.fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    assert world.fake.responses_with(429)
    assert all(len(world.fake.messages_in(c)) == 1 for c in channels)


async def test_paced_fan_out_causes_no_429(world, start_bot):
    """Paced below the global limit, a fan-out draws no 429 at all."""
    channels = [await world.server(f"s{i}") for i in range(12)]
    world.fake.rate_limits.global_per_second = 20
    await world.publish(schedule(release("part-1", whole_seconds_from_now(1))))
    async with start_bot(rate=15.0) as announcer:
        for channel in channels:
            await world.fake.wait_for_messages(channel, 1, timeout=15)
        await announcer.dispatcher.idle.wait()
    assert world.fake.responses_with(429) == []
