"""Which rows a due instant creates: pure rules, no Discord, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.announcer.packing import Due, nonce_for, plan_rows
from bot.domain import ANNOUNCE, DeliveryKind, Drama, GuildSettings, Link, Release
from bot.render import Part, link_buttons

T = datetime(2026, 12, 30, 9, tzinfo=UTC)
LONG_AGO = T - timedelta(days=30)
ZERO = timedelta(0)


def guild(guild_id: int, **kw) -> GuildSettings:
    return GuildSettings(guild_id, LONG_AGO, channel_id=guild_id * 10, **kw)


def release(release_id: str, at: datetime = T) -> Release:
    return Release("d", release_id, ("A",), at=at, time_confirmed=True)


def parts(dues: list[Due], size: int = 100) -> dict[str, Part]:
    """Each release as a part whose embed counts ``size`` characters, with its real buttons."""
    drama = Drama(id="d", title="D")
    return {
        due.release.key: Part(
            drama, due.release, {"description": "x" * size}, link_buttons(due.release)
        )
        for due in dues
    }


def test_twelve_drops_in_one_channel_make_two_messages():
    """Ten embeds fill a message; the eleventh starts the next one."""
    dues = [Due(release(f"r{i:02}"), ANNOUNCE, T) for i in range(12)]
    audiences = {due.release.key: [guild(1)] for due in dues}
    rows = plan_rows(dues, audiences, parts(dues), now=T)
    keys = [row.message_key for row in rows]
    assert len(set(keys[:10])) == 1
    assert len(set(keys[10:])) == 1
    assert keys[0] != keys[10]
    assert [row.position for row in rows] == [*range(10), 0, 1]


def test_size_limit_splits_messages_before_ten():
    """Embeds that would pass 6,000 characters together go into separate messages."""
    dues = [Due(release(f"r{i}"), ANNOUNCE, T) for i in range(3)]
    audiences = {due.release.key: [guild(1)] for due in dues}
    rows = plan_rows(dues, audiences, parts(dues, 2500), now=T)
    assert len({row.message_key for row in rows}) == 2


def test_late_announcements_are_missed_and_early_servers_owe_nothing():
    """Past the catch-up window a row is missed; a server set up after the instant gets none."""
    due = Due(release("r"), ANNOUNCE, T)
    late = T + timedelta(hours=7)
    audience = [guild(1), guild(2, catchup=timedelta(hours=8))]
    audience.append(GuildSettings(3, T + timedelta(hours=1), channel_id=30))
    rows = plan_rows([due], {due.release.key: audience}, parts([due]), now=late)
    assert [(row.guild_id, row.state) for row in rows] == [(1, "missed"), (2, "pending")]


def test_reminders_only_for_servers_that_asked_and_only_before_the_release():
    """A reminder row needs the server's offset and a release still to come."""
    hour = timedelta(hours=1)
    due = Due(release("r"), DeliveryKind.reminder(hour), T - hour)
    audience = [guild(1, reminder_offsets=(hour,)), guild(2)]
    rows = plan_rows([due], {due.release.key: audience}, parts([due]), now=T - hour)
    assert [(row.guild_id, row.kind) for row in rows] == [(1, DeliveryKind.reminder(hour))]
    assert plan_rows([due], {due.release.key: audience}, parts([due]), now=T) == []


def test_keys_are_stable_and_nonces_fit_discord():
    """The same plan gives the same keys (a restart re-sends the same nonce), under 25 chars."""
    dues = [Due(release("a"), ANNOUNCE, T), Due(release("b"), ANNOUNCE, T)]
    audiences = {due.release.key: [guild(1), guild(2)] for due in dues}
    first = plan_rows(dues, audiences, parts(dues), now=T)
    again = plan_rows(list(reversed(dues)), audiences, parts(dues), now=T)
    assert [r.message_key for r in first] == [r.message_key for r in again]
    assert all(len(nonce_for(r.message_key)) <= 25 for r in first)
    assert len({nonce_for(r.message_key) for r in first}) == 2


def links(count: int) -> tuple[Link, ...]:
    return tuple(Link(f"s{i}", f"https://e.com/{i}") for i in range(count))


@pytest.mark.parametrize(
    ("kind", "link_counts", "messages"),
    [
        (ANNOUNCE, [5] * 5, 1),  # five rows of five: one message
        (ANNOUNCE, [5] * 6, 2),  # a sixth row starts the next message
        (ANNOUNCE, [3] * 9, 2),  # 27 buttons: over 25
        (ANNOUNCE, [26, 1], 2),  # one release over the limit is alone
        (
            DeliveryKind.reminder(timedelta(hours=1)),
            [5] * 4,
            1,
        ),  # four link rows + one Remind-me row
        (DeliveryKind.reminder(timedelta(hours=1)), [5] * 5, 2),
    ],
)
def test_buttons_that_would_not_fit_start_a_further_message(kind, link_counts, messages):
    """Drops of one instant share a message only while their buttons fit its five rows."""
    dues = [
        Due(replace(release(f"r{i}"), links=links(n)), kind, T - (kind.before or ZERO))
        for i, n in enumerate(link_counts)
    ]
    offsets = (timedelta(hours=1),)
    audiences = {due.release.key: [guild(1, reminder_offsets=offsets)] for due in dues}
    rows = plan_rows(dues, audiences, parts(dues), now=T - timedelta(hours=2))
    assert len({row.message_key for row in rows}) == messages
    assert len(rows) == len(dues)  # no release is dropped
