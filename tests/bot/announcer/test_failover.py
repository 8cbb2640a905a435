"""Failover (issue 14, item 4): two ``ostbot run`` on one PostgreSQL store fan one release out
to 2,000 channels; SIGKILL mid-fan-out leaves nothing unsent and nothing sent twice.

The processes are real, against the fake Discord, and claim the ledger's rows with the default
lease (10 s): the killed one's claims end within it and are taken over. "Mid-fan-out" is read
from the fake's request log and the store (the victim holds claims on unsent rows when it dies),
never from time.
"""

from __future__ import annotations

import asyncio

import pytest

from tests.bot.failover import (
    Bot,
    claims_of,
    doubled_posts,
    posted,
    states,
    world,
)

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

CHANNELS = 2000
RATE = 100.0  # each process; the fake's global limit is lifted so the two can run at once
KILL_AFTER = 600  # channels posted before the kill
STARTED = r"announcer started"
IDLE = r"nothing left to send now \(0 waiting"


async def _two_bots(fake, url, tmp_path) -> tuple[list[int], Bot, Bot]:
    fake.rate_limits.global_per_second = None
    channels = await world(fake, url, CHANNELS, due_in=8)
    first = await Bot.start(fake, url, RATE, tmp_path)
    second = await Bot.start(fake, url, RATE, tmp_path)
    await first.logged(STARTED)
    await second.logged(STARTED)
    await fake.wait_until(lambda: posted(fake, channels) >= KILL_AFTER, timeout=60)
    return channels, first, second


async def _finished_by(bot: Bot, fake, channels: list[int], url: str) -> None:
    """Every channel has its post and every row is recorded sent; then ``bot`` stops cleanly.

    A post the killed process made but did not record is in its channel before its row is
    taken over and recorded: each time the bot says it has nothing left, the store is read.
    """
    await fake.wait_until(lambda: posted(fake, channels) == CHANNELS, timeout=90)
    seen = len(bot.lines)
    while await states(url) != {"sent": CHANNELS}:
        seen = await bot.logged(IDLE, after=seen, within=30)
    assert await bot.stop() == 0


def _exactly_once(fake, channels: list[int], killed_at: float) -> None:
    assert [c for c in channels if len(fake.messages_in(c)) != 1] == []
    assert doubled_posts(fake, channels, killed_at) == []


async def test_the_survivor_finishes_the_killed_process_fan_out(
    fake_discord, postgres_url, tmp_path
):
    """SIGKILL one of two bots mid-fan-out: the other posts the rest, each channel once."""
    loop_time = asyncio.get_running_loop().time
    channels, victim, survivor = await _two_bots(fake_discord, postgres_url, tmp_path)
    try:
        assert await claims_of(postgres_url, victim.process.pid) > 0  # it dies holding work
        await victim.kill()
        killed_at = loop_time()
        await _finished_by(survivor, fake_discord, channels, postgres_url)
    finally:
        await victim.stop()
        await survivor.stop()
    _exactly_once(fake_discord, channels, killed_at)
    assert await states(postgres_url) == {"sent": CHANNELS}


async def test_both_killed_then_one_restarted_posts_exactly_once(
    fake_discord, postgres_url, tmp_path
):
    """SIGKILL both bots mid-fan-out, start one again: it takes every claim over once ended."""
    loop_time = asyncio.get_running_loop().time
    channels, first, second = await _two_bots(fake_discord, postgres_url, tmp_path)
    restarted = None
    try:
        await first.kill()
        await second.kill()
        killed_at = loop_time()
        assert posted(fake_discord, channels) < CHANNELS
        restarted = await Bot.start(fake_discord, postgres_url, RATE, tmp_path)
        await _finished_by(restarted, fake_discord, channels, postgres_url)
    finally:
        for bot in (first, second, restarted):
            if bot is not None:
                await bot.stop()
    _exactly_once(fake_discord, channels, killed_at)
    assert await states(postgres_url) == {"sent": CHANNELS}
