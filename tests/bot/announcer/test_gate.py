"""The gate that holds every announcer request while Discord blocks the bot (pure logic)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer.pacing import Block, Closed, Gate

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
BAN = Block("429 without Via")


def gate_at(now: list[datetime], **kw: float) -> Gate:
    return Gate(clock=lambda: now[0], **kw)


async def probe(gate: Gate) -> None:
    """Become the probe (the timer opens the gate to one caller), as a request would."""
    assert await asyncio.wait_for(gate.enter(), 5)


async def test_probes_wait_longer_each_time_up_to_the_longest():
    """Without Retry-After: first wait, then doubled after each refused probe, capped."""
    now = [T0]
    gate = gate_at(now, first_probe=0.001, longest=0.004)
    gate.answered(BAN)
    waits = [(gate.blocked_until - T0).total_seconds()]
    for _ in range(4):
        await probe(gate)
        gate.answered(BAN, probe=True)
        waits.append((gate.blocked_until - T0).total_seconds())
    assert waits == [0.001, 0.002, 0.004, 0.004, 0.004]
    assert gate.blocked
    assert gate.blocks == 1


@pytest.mark.parametrize("retry_after", [0.0, 30.0, 3600.0, 5400.0])
async def test_retry_after_is_honoured_as_sent(retry_after):
    """A Retry-After sets the wait, even beyond the probe schedule's longest wait."""
    now = [T0]
    gate = gate_at(now, first_probe=60, longest=3600)
    gate.answered(Block("429", retry_after))
    assert gate.blocked_until == T0 + timedelta(seconds=retry_after)


async def test_only_one_probe_leaves_while_blocked():
    """While blocked, one caller probes; the others wait until its answer opens the gate."""
    gate = gate_at([T0], first_probe=0.001)
    gate.answered(BAN)
    waiters = [asyncio.create_task(gate.enter()) for _ in range(5)]
    done, pending = await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    assert len(done) == 1
    await asyncio.sleep(0)  # let the others run: they must still be waiting
    assert all(not w.done() for w in pending)
    gate.answered(None)  # a request sent before the block came back fine: says nothing
    assert gate.blocked
    gate.answered(None, probe=True)  # the probe got an answer that is not a block
    await asyncio.wait_for(asyncio.gather(*pending), 5)
    assert not gate.blocked
    assert gate.blocked_until is None


async def test_answers_in_flight_before_the_block_change_nothing():
    """Answers to requests sent before the gate shut (429s, even 200s) are not probes."""
    gate = gate_at([T0], first_probe=60)
    gate.answered(BAN)
    until = gate.blocked_until
    gate.answered(BAN)
    gate.answered(None)
    gate.unanswered()
    assert gate.blocked
    assert gate.blocked_until == until


async def test_a_probe_without_answer_is_repeated_after_the_same_wait():
    """A timeout or reset tells nothing: the next probe leaves after the same wait."""
    now = [T0]
    gate = gate_at(now, first_probe=0.001)
    gate.answered(BAN)
    await probe(gate)
    gate.unanswered(probe=True)
    assert gate.blocked_until == T0 + timedelta(seconds=0.001)
    await probe(gate)  # and a probe leaves again


async def test_closing_releases_waiters_without_sending():
    """Stopping the announcer ends every wait with Closed: nothing leaves."""
    gate = gate_at([T0], first_probe=60)
    gate.answered(BAN)
    waiter = asyncio.create_task(gate.enter())
    await asyncio.sleep(0)
    gate.close()
    with pytest.raises(Closed):
        await asyncio.wait_for(waiter, 5)


@pytest.mark.parametrize("late", [1, 2, 5])
async def test_a_late_block_answer_from_before_the_block_ended_opens_no_new_block(late):
    """429s that come back after the probe reopened the gate, to requests that left before
    (Discord's answers take a while), are the old block: still open, no second block."""
    gate = gate_at([T0], first_probe=0.001)
    left = gate.reopened  # requests leave while the gate is open
    gate.answered(BAN, left=left)
    await probe(gate)
    gate.answered(None, probe=True, left=gate.reopened)  # the block is over
    for _ in range(late):
        gate.answered(BAN, left=left)
    assert not gate.blocked
    assert gate.blocks == 1
    gate.answered(BAN, left=gate.reopened)  # one that left after it ended is a new block
    assert gate.blocked
    assert gate.blocks == 2
