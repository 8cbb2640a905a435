"""At a fan-out's instant the prepared rows go first; the sweep that re-derives them waits."""

from __future__ import annotations

from tests.bot.announcer.conftest import (
    LogWaiter,
    release,
    schedule,
    whole_seconds_from_now,
)

ROUTE = "POST /channels/{channel_id}/messages"
ANSWER_TAKES = 0.5  # long enough that a sweep not waiting for it would log first


async def test_the_instants_sweep_starts_after_the_first_answer(world, start_bot):
    """The sweep at an instant (O(n) work) starts once a prepared post has been answered."""
    channels = [await world.server(f"Fans {i}") for i in range(3)]
    at = whole_seconds_from_now(3)
    await world.publish(schedule(release("part-1", at)))
    world.fake.faults.add_latency(ANSWER_TAKES, route=ROUTE)
    with LogWaiter("bot.announcer.sweep", "1 due: 0 ledger rows written") as swept:
        async with start_bot() as announcer:
            await announcer.sweeper.prepare(at)  # as the planner does 30 s ahead
            await swept.wait()
            assert any(world.fake.messages_in(channel) for channel in channels)
            await announcer.dispatcher.idle.wait()
    assert all(len(world.fake.messages_in(channel)) == 1 for channel in channels)
