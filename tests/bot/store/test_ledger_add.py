"""``Ledger.add`` writes a whole batch in one statement, with the one-row-per-key rule intact."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE, DM, DeliveryKind
from bot.store import Delivery, NewDelivery
from tests.bot.store.builders import NOW, drama, release, schedule

CHANNEL = 9_000_000_000_000_001  # a snowflake-sized id: it must survive the JSON batch
MEMBER = 7_000_000_000_000_001


@pytest.fixture
async def imported(store):
    await store.releases.import_schedules([schedule(drama("a"), release("part-1", "a"))], now=NOW)
    return store


def post(channel: int, key: str, *, kind: DeliveryKind = ANNOUNCE) -> NewDelivery:
    return NewDelivery("a", "part-1", channel // 10, channel, kind, NOW, key, 0)


async def test_a_batch_counts_only_the_rows_it_wrote(imported):
    """Rows already stored and repeats inside the batch are skipped and not counted."""
    ledger = imported.ledger
    assert await ledger.add([post(10, "k1")], now=NOW) == 1
    batch = [post(10, "again"), post(20, "k2"), post(20, "k2-twice"), post(30, "k3")]
    assert await ledger.add(batch, now=NOW) == 2
    assert [d.message_key for d in await ledger.pending(now=NOW)] == ["k1", "k2", "k3"]


async def test_an_empty_batch_writes_nothing(imported):
    """No rows: nothing written, a count of 0."""
    assert await imported.ledger.add([], now=NOW) == 0
    assert await imported.ledger.pending(now=NOW) == []


async def test_every_field_round_trips_and_defaults_apply(imported):
    """Posts and DMs keep each given field (large ids, text, states); the rest are defaults."""
    due = NOW + timedelta(hours=1)
    rows = [
        NewDelivery("a", "part-1", 5, CHANNEL, ANNOUNCE, due, "p", 2, "missed", "late: 6 h"),
        NewDelivery("a", "part-1", 0, None, DM, due, "d", 0, user_id=MEMBER),
        NewDelivery("a", "part-1", 5, CHANNEL, DeliveryKind.named("remind:3600"), due, "ré", 0),
    ]
    assert await imported.ledger.add(rows, now=NOW) == 3
    stored = await imported.ledger.for_release("a", "part-1")
    found = {_fields(d) for d in stored}
    assert found == {
        (5, CHANNEL, None, "announce", due, "p", 2, "missed", "late: 6 h", 0, None, None, None),
        (0, None, MEMBER, "dm", due, "d", 0, "pending", None, 0, None, None, None),
        (5, CHANNEL, None, "remind:3600", due, "ré", 0, "pending", None, 0, None, None, None),
    }


def _fields(d: Delivery) -> tuple[object, ...]:
    written = (d.guild_id, d.channel_id, d.user_id, str(d.kind), d.due_at, d.message_key)
    later = (d.state, d.last_error, d.attempts, d.next_attempt_at, d.message_id, d.sent_at)
    return (*written, d.position, *later)


async def test_ids_follow_the_batch_order(imported):
    """Rows get ids in the order they were given, as one insert per row gave them."""
    rows = [post(channel, f"k{channel}") for channel in (30, 10, 20)]
    await imported.ledger.add(rows, now=NOW)
    stored = sorted(await imported.ledger.for_release("a", "part-1"), key=lambda d: d.id)
    assert [d.channel_id for d in stored] == [30, 10, 20]


async def test_a_large_batch_is_written_whole(imported):
    """Ten thousand rows in one call: all written, and counted."""
    rows = [post(channel, f"k{channel}") for channel in range(10, 100_010, 10)]
    assert await imported.ledger.add(rows, now=NOW) == 10_000
    assert await imported.ledger.count_for_guild(5, states=["pending"]) == 1
