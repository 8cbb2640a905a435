"""After posting: edits follow the facts; postponed and cancelled releases are re-planned."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer.edits import EDITS_OWED
from bot.domain import Status
from tests.bot.announcer.conftest import created_at, release, schedule, whole_seconds_from_now
from tests.fake_discord import Latency, LogNormal

# End to end against Discord-like latency (tests/fake_discord/latency.py).
pytestmark = pytest.mark.latency

ROUTE = "POST /channels/{channel_id}/messages"
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"


async def test_new_facts_edit_the_posted_message(world, start_bot):
    """An MV link found after posting is edited into the message, as a button."""
    channel = await world.server("fans")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
        assert message["components"] == []
        await world.publish(schedule(release("part-1", at, mv="https://youtu.be/mv")))
        assert await announcer.apply_changes() == 1
        [edit] = await world.fake.wait_for_request(EDIT, 1, message_id=message["id"])
    [now_shown] = world.fake.messages_in(channel)
    [button] = now_shown["components"][0]["components"]
    assert (button["label"], button["url"]) == ("Music video", "https://youtu.be/mv")
    assert now_shown["embeds"][0]["url"] == "https://youtu.be/mv"
    assert len(world.fake.requests_to(ROUTE)) == 1
    assert edit.status == 200


async def test_postponed_release_is_announced_at_its_new_instant_only(world, start_bot):
    """Moving a release later drops its old job: one post, at the new instant."""
    channel = await world.server("fans")
    old, new = whole_seconds_from_now(1), whole_seconds_from_now(3)
    await world.publish(schedule(release("part-1", old)))
    async with start_bot() as announcer:
        await world.publish(schedule(release("part-1", new, status=Status.POSTPONED)))
        await announcer.apply_changes()
        instants = await announcer.planner.instants()
        assert old not in instants
        assert new in instants
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=8)
        await announcer.dispatcher.idle.wait()
    assert created_at(message) >= new
    assert "Postponed" in message["embeds"][0]["description"]
    assert len(world.fake.messages_in(channel)) == 1


async def test_cancel_edits_the_post_and_unplans_what_is_left(world, start_bot):
    """Cancelling edits what was posted and removes the future instant from the plan."""
    channel = await world.server("fans")
    at, later = whole_seconds_from_now(1), whole_seconds_from_now(3600)
    await world.publish(schedule(release("part-1", at), release("part-2", later)))
    async with start_bot() as announcer:
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=5)
        await world.publish(
            schedule(
                release("part-1", at, status=Status.CANCELLED),
                release("part-2", later, status=Status.CANCELLED),
            )
        )
        assert await announcer.apply_changes() == 2
        await world.fake.wait_for_request(EDIT, 1, message_id=message["id"])
        assert later not in await announcer.planner.instants()
    [edited] = world.fake.messages_in(channel)
    assert "Cancelled" in edited["embeds"][0]["description"]


async def test_reminder_comes_before_the_announcement(world, start_bot):
    """A server asking for a reminder gets a countdown post, then the announcement, once each."""
    channel = await world.server("fans")
    await world.store.servers.set_reminders(
        world.guild_of[channel], [timedelta(seconds=2)], now=datetime.now(UTC)
    )
    at = whole_seconds_from_now(3)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        reminder, announcement = await world.fake.wait_for_messages(channel, 2, timeout=8)
        await announcer.dispatcher.idle.wait()
    assert reminder["content"] == f"⏰ Out <t:{int(at.timestamp())}:R>"
    assert created_at(reminder) >= at - timedelta(seconds=2)
    assert announcement["content"] == "🎵 Out now"
    kinds = sorted(str(d.kind) for d in await world.store.ledger.for_release("d", "part-1"))
    assert kinds == ["announce", "remind:2"]


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"mv": "https://youtu.be/mv"}, "https://youtu.be/mv"),
        ({"title": "New title"}, "New title"),
        ({"status": Status.CANCELLED}, "Cancelled"),
        ({"artists": ("Someone Else",)}, "Someone Else"),
    ],
)
async def test_a_change_while_the_post_is_on_its_way_still_reaches_it(
    world, start_bot, change, shown
):
    """A release changed after Discord created its post but before the bot had the answer
    (0.6 s on the way back) gets that post edited, once, and it stays recorded as sent."""
    world.fake.latency = Latency(LogNormal(0.6, 0.6), before_share=0.0)
    channel = await world.server("fans")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at)))
    async with start_bot() as announcer:
        [message] = await world.fake.wait_for_messages(channel, 1, timeout=8)
        assert world.fake.requests_to(ROUTE)[0].status == 200  # handled, its answer en route
        await world.publish(schedule(release("part-1", at, **change)))
        assert await announcer.apply_changes() == 1
        await world.fake.wait_for_request(EDIT, 1, message_id=message["id"], timeout=8)
    [now_shown] = world.fake.messages_in(channel)
    assert shown in str(now_shown["embeds"][0])
    assert len(world.fake.requests_to(ROUTE)) == 1
    [row] = await world.store.ledger.for_release("d", "part-1")
    assert (row.state, row.message_id) == ("sent", int(message["id"]))


async def test_a_change_while_the_post_is_long_on_its_way_is_edited_once_it_is_recorded(
    world, start_bot
):
    """A post whose answer takes longer than ``settle_wait`` (1.4 s on its way back) does not
    hold up a change: the release is owed an edit, made once the post is recorded."""
    channel = await world.server("fans")
    at = whole_seconds_from_now(1)
    await world.publish(schedule(release("part-1", at)))
    fake = world.fake
    fake.latency = Latency(LogNormal(1.4, 1.4), before_share=0.0)
    async with start_bot(settle_wait=0.2) as announcer:
        [message] = await fake.wait_for_messages(channel, 1, timeout=8)  # answer en route
        await world.publish(schedule(release("part-1", at, title="New title")))
        assert await announcer.apply_changes() == 1  # returns, though the post is on its way
        assert "d/part-1" in (await world.store.state.get(EDITS_OWED) or "")
        assert "New title" not in str(message["embeds"][0])  # composed before the change
        await announcer.dispatcher.idle.wait()
        await announcer.editor.retry_edits()
        await fake.wait_for_request(EDIT, 1, message_id=message["id"], timeout=8)
    [now_shown] = fake.messages_in(channel)
    assert "New title" in str(now_shown["embeds"][0])
    assert len(fake.requests_to(ROUTE)) == 1
    assert await world.store.state.get(EDITS_OWED) in (None, "[]")
