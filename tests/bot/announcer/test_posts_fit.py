"""Releases at the worst-case size, through the real announcer and the fake Discord over HTTP:
reminders, grouped announcements, a DM and the edits after a change are all accepted (no 400)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain import DM, Credit, Link, Status
from tests.bot.announcer.conftest import release, schedule, whole_seconds_from_now

EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
FULL = tuple("N" * 99 + str(i % 10) for i in range(25))


def worst(release_id: str, at: datetime, char: str = "*") -> object:
    """A release at every limit of the schedule format, with text that escaping doubles."""
    return release(
        release_id,
        at,
        title=char * 200,
        artists=tuple(char * 100 for _ in range(25)),
        notes=char * 500,
        mv="https://youtu.be/" + "v" * 490,
        links=tuple(Link(f"s{i:02}", f"https://e.com/{i}" + "p" * 490) for i in range(25)),
        credits=tuple(Credit(f"role{i:02}", FULL) for i in range(25)),
    )


async def test_worst_case_releases_are_posted_reminded_dmed_and_edited_without_a_400(
    world, start_bot
):
    """Three worst-case drops at one instant: every post and edit is accepted, none is lost."""
    channel = await world.server("fans", role=4242)
    guild_id = world.guild_of[channel]
    await world.store.servers.set_reminders(guild_id, [timedelta(seconds=2)], now=datetime.now(UTC))
    member = world.fake.add_user("alice")
    at = whole_seconds_from_now(3)
    releases = [worst("a", at), worst("b", at, char="_"), release("c", at)]
    await world.publish(schedule(*releases))
    assert await world.store.reminders.add(member.id, "d", "a", now=datetime.now(UTC))
    async with start_bot() as announcer:
        [opened] = await world.fake.wait_for_request("POST /users/@me/channels", 1, timeout=10)
        dm_channel = int(opened.response["id"])
        await world.fake.wait_for_messages(dm_channel, 1, timeout=10)
        await announcer.dispatcher.idle.wait()
        posted = world.fake.messages_in(channel)
        # The facts grow after posting: every release now at the limits, one cancelled.
        grown = [worst("a", at, char="<"), worst("b", at), replace(worst("c", at), notes="@here")]
        grown[0] = replace(grown[0], status=Status.CANCELLED)
        await world.publish(schedule(*grown))
        assert await announcer.apply_changes() >= 1
        edits = await world.fake.wait_for_request(EDIT, len(posted), timeout=10)
    refused = [r for r in world.fake.requests if r.status >= 400]
    assert refused == [], [(r.route, r.status, r.response) for r in refused]
    assert all(edit.status == 200 for edit in edits)
    kinds = [d for r in "abc" for d in await world.store.ledger.for_release("d", r)]
    assert {d.state for d in kinds} == {"sent"}
    assert sorted({(d.release_id, str(d.kind)) for d in kinds if d.kind != DM}) == [
        (r, kind) for r in "abc" for kind in ("announce", "remind:2")
    ]
    footers = [e["footer"]["text"] for m in world.fake.messages_in(channel) for e in m["embeds"]]
    # Reminder and announcement each carry all three releases, across however many messages.
    assert sorted(f.split(" ")[0] for f in footers) == sorted(["d/a", "d/b", "d/c"] * 2)
