"""The ledger's DM recipient column: its own column, exactly once, and old stores migrated."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.domain import ANNOUNCE, DM, DeliveryKind
from bot.store import STORE_FAILURES, NewDelivery, open_store
from bot.store.sqlite.database import Database
from bot.store.sqlite.schema import bundled_migrations, migrate
from tests.bot.store.builders import NOW, drama, release, schedule

MEMBER = 7_000_000_000_000_001
CHANNEL = 9_000_000_000_000_001


def dm(user_id: int, key: str) -> NewDelivery:
    return NewDelivery("a", "part-1", 0, None, DM, NOW, key, 0, user_id=user_id)


@pytest.fixture
async def imported(store):
    await store.releases.import_schedules([schedule(drama("a"), release("part-1", "a"))], now=NOW)
    return store


async def test_a_dm_row_names_its_member_not_a_channel(imported):
    """A DM is stored with the member in user_id and no channel; it goes to that member."""
    await imported.ledger.add([dm(MEMBER, "d1")], now=NOW)
    [row] = await imported.ledger.pending(now=NOW)
    assert (row.kind, row.user_id, row.channel_id, row.destination) == (DM, MEMBER, None, MEMBER)


async def test_a_member_gets_one_dm_per_release_however_often_written(imported):
    """The (release, member) key makes a second DM row impossible, whatever its message key."""
    assert await imported.ledger.add([dm(MEMBER, "d1"), dm(MEMBER + 1, "d2")], now=NOW) == 2
    assert await imported.ledger.add([dm(MEMBER, "again")], now=NOW) == 0
    assert len(await imported.ledger.pending(now=NOW)) == 2


async def test_a_dm_and_a_post_with_equal_ids_do_not_shadow_each_other(imported):
    """A server's post and a DM are keyed apart: one never blocks the other."""
    post = NewDelivery("a", "part-1", 1, CHANNEL, ANNOUNCE, NOW, "p", 0)
    assert await imported.ledger.add([post, dm(CHANNEL, "d")], now=NOW) == 2


async def test_a_row_with_a_channel_and_a_member_is_refused(imported):
    """Exactly one of channel and member: the table refuses a row naming both."""
    both = NewDelivery("a", "part-1", 1, CHANNEL, DM, NOW, "x", 0, user_id=MEMBER)
    with pytest.raises(STORE_FAILURES):
        await imported.ledger.add([both], now=NOW)


async def _previous_store(path: Path) -> None:
    """A store as the ostbot before migration 0007 left it (released migrations never change,
    so applying the earlier ones is exactly that schema), holding a DM, a post and a reminder
    in the old shape: a DM's member id in channel_id."""
    db = await Database.open(path)
    try:
        await migrate(db, [m for m in bundled_migrations() if m.name < "0007"])
    finally:
        await db.close()
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO dramas (id, title, cast_members, timezone, sources, fingerprint,"
            " search_text, updated_at) VALUES ('a', 'A', '[]', 'Asia/Seoul', '[]', '', 'a', 0)"
        )
        connection.execute(
            "INSERT INTO releases (drama_id, id, time_confirmed, artists, links, credits, status,"
            " fingerprint, search_text, updated_at, doc) VALUES ('a', 'part-1', 0, '[\"IU\"]',"
            " '[]', '[]', 'scheduled', '', 'part-1', 0, '{}')"
        )
        connection.executemany(
            "INSERT INTO deliveries (drama_id, release_id, guild_id, channel_id, kind, due_at,"
            " message_key, position, state, message_id, created_at, publish)"
            " VALUES ('a', 'part-1', ?, ?, ?, 100, ?, 0, ?, ?, 100, ?)",
            [
                (0, MEMBER, "dm", "dm-key", "sent", 11, None),
                (1, CHANNEL, "announce", "post-key", "sent", 12, "pending"),
                (1, CHANNEL, "remind:3600", "remind-key", "pending", None, None),
            ],
        )
    connection.close()


async def test_a_store_from_before_the_recipient_column_opens_and_moves_its_dm_rows(db_path):
    """A store written by the previous schema migrates: DM rows move their member to user_id,
    server rows keep their channel, and the exactly-once keys hold for both afterwards."""
    await _previous_store(db_path)
    async with await open_store(db_path) as store:
        by_key = {row.message_key: row for row in await store.ledger.for_release("a", "part-1")}
        assert (by_key["dm-key"].user_id, by_key["dm-key"].channel_id) == (MEMBER, None)
        assert (by_key["post-key"].channel_id, by_key["post-key"].user_id) == (CHANNEL, None)
        assert by_key["remind-key"].kind == DeliveryKind.reminder(timedelta(hours=1))
        assert [row.message_key for row in await store.ledger.to_publish()] == ["post-key"]
        again = [
            dm(MEMBER, "dm-again"),
            NewDelivery("a", "part-1", 1, CHANNEL, ANNOUNCE, NOW, "post-again", 0),
        ]
        assert await store.ledger.add(again, now=NOW) == 0
