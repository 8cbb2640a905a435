"""Servers' settings, follows, the audience query, the delivery ledger and process state."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE, Follow, FollowKind
from bot.store import NewDelivery
from tests.bot.store.builders import NOW, drama, release, schedule

ALL = Follow(FollowKind.ALL)


@pytest.fixture
async def imported(store):
    await store.releases.import_schedules(
        [
            schedule(drama("a"), release("part-1", "a", artists=("IU",))),
            schedule(drama("b"), release("part-1", "b", artists=("Davichi",))),
        ],
        now=NOW,
    )
    return store


def row(guild: int, key: str = "k1", release_id: str = "part-1", position: int = 0):
    return NewDelivery("a", release_id, guild, guild * 10, ANNOUNCE, NOW, key, position)


async def test_state_round_trips(store):
    """state.set overwrites, state.get reads back, unknown keys are None."""
    assert await store.state.get("x") is None
    await store.state.set("x", "1")
    await store.state.set("x", "2")
    assert await store.state.get("x") == "2"


async def test_settings_are_created_on_first_write(store):
    """The first setting creates the server's row; later ones keep configured_at."""
    assert await store.servers.get(1) is None
    await store.servers.set_channel(1, 100, ping_role_id=7, now=NOW)
    await store.servers.set_reminders(
        1, [timedelta(hours=1), timedelta(days=1)], now=NOW + timedelta(1)
    )
    await store.servers.set_catchup(1, timedelta(hours=2), now=NOW)
    settings = await store.servers.get(1)
    assert (settings.channel_id, settings.ping_role_id) == (100, 7)
    assert settings.reminder_offsets == (timedelta(days=1), timedelta(hours=1))
    assert settings.catchup == timedelta(hours=2)
    assert settings.configured_at == NOW
    assert settings.can_post


async def test_follow_is_idempotent_and_artists_ignore_case(store):
    """Following twice reports False; artist follows match whatever the case."""
    assert await store.servers.follow(1, Follow(FollowKind.ARTIST, "IU"), now=NOW)
    assert not await store.servers.follow(1, Follow(FollowKind.ARTIST, "iu"), now=NOW)
    assert await store.servers.follows(1) == [Follow(FollowKind.ARTIST, "IU")]
    assert await store.servers.unfollow(1, Follow(FollowKind.ARTIST, "Iu"))
    assert await store.servers.follows(1) == []


async def test_audience_matches_all_drama_and_artist_follows(imported):
    """Servers following all, the drama or an artist of the release get it; others do not."""
    store = imported
    for guild, target in [
        (1, ALL),
        (2, Follow(FollowKind.DRAMA, "a")),
        (3, Follow(FollowKind.ARTIST, "iu")),
        (4, Follow(FollowKind.DRAMA, "b")),
        (5, Follow(FollowKind.ARTIST, "Davichi")),
    ]:
        await store.servers.follow(guild, target, now=NOW)
        await store.servers.set_channel(guild, guild * 10, ping_role_id=None, now=NOW)
    await store.servers.follow(6, ALL, now=NOW)  # follows, but has no channel
    assert [g.guild_id for g in await store.servers.audience("a", "part-1")] == [1, 2, 3]
    assert [g.guild_id for g in await store.servers.audience("b", "part-1")] == [1, 4, 5]


async def test_broken_server_leaves_the_audience_and_fails_pending(imported):
    """mark_broken stops fan-out to the server and fails its pending rows."""
    store = imported
    await store.servers.follow(1, ALL, now=NOW)
    await store.servers.set_channel(1, 10, ping_role_id=None, now=NOW)
    await store.ledger.add([row(1)], now=NOW)
    await store.servers.mark_broken(1, "403 Missing Access", now=NOW)
    assert await store.servers.audience("a", "part-1") == []
    [delivery] = await store.ledger.for_release("a", "part-1")
    assert (delivery.state, delivery.last_error) == ("failed", "403 Missing Access")
    await store.servers.set_channel(1, 11, ping_role_id=None, now=NOW)
    assert (await store.servers.get(1)).can_post


async def test_a_delivery_row_is_written_once(imported):
    """A second row for the same release, channel and kind is ignored."""
    store = imported
    assert await store.ledger.add([row(1), row(2, "k2")], now=NOW) == 2
    assert await store.ledger.add([row(1, "other-key"), row(3, "k3")], now=NOW) == 1
    keys = [d.message_key for d in await store.ledger.pending(now=NOW)]
    assert keys == ["k1", "k2", "k3"]


async def test_rows_of_one_message_move_together(imported):
    """mark_sent records the message id on every row of the message key."""
    store = imported
    rows = [row(1, "m"), NewDelivery("b", "part-1", 1, 10, ANNOUNCE, NOW, "m", 1)]
    await store.ledger.add(rows, now=NOW)
    await store.ledger.mark_sent([("m", 555)], now=NOW)
    sent = await store.ledger.for_message("m")
    assert [(d.release_key, d.state, d.message_id) for d in sent] == [
        ("a/part-1", "sent", 555),
        ("b/part-1", "sent", 555),
    ]
    assert await store.ledger.pending(now=NOW) == []


async def test_deferred_rows_wait_for_their_retry_time(imported):
    """A deferred row is not pending again until its retry time; attempts are counted."""
    store = imported
    await store.ledger.add([row(1)], now=NOW)
    await store.ledger.defer("k1", "503", retry_at=NOW + timedelta(seconds=30))
    assert await store.ledger.pending(now=NOW) == []
    assert await store.ledger.next_retry() == (NOW + timedelta(seconds=30), 1)
    [ready] = await store.ledger.pending(now=NOW + timedelta(seconds=30))
    assert (ready.attempts, ready.last_error) == (1, "503")


async def test_drop_pending_keeps_sent_rows(imported):
    """Re-planning forgets unsent rows only."""
    store = imported
    await store.ledger.add([row(1, "s"), row(2, "p")], now=NOW)
    await store.ledger.mark_sent([("s", 1)], now=NOW)
    assert await store.ledger.drop_pending("a", "part-1") == 1
    assert [d.state for d in await store.ledger.for_release("a", "part-1")] == ["sent"]


async def test_reminder_offsets_come_from_working_servers(store):
    """Distinct offsets across servers with a channel; broken ones do not count."""
    await store.servers.set_channel(1, 10, ping_role_id=None, now=NOW)
    await store.servers.set_reminders(1, [timedelta(hours=1)], now=NOW)
    await store.servers.set_channel(2, 20, ping_role_id=None, now=NOW)
    await store.servers.set_reminders(2, [timedelta(hours=1), timedelta(days=1)], now=NOW)
    await store.servers.set_reminders(3, [timedelta(minutes=5)], now=NOW)  # no channel
    assert await store.servers.reminder_offsets() == {timedelta(hours=1), timedelta(days=1)}
    assert json.loads(await store.state.get("missing") or "null") is None


async def test_a_servers_deliveries_are_read_newest_first_and_counted(imported):
    """ledger.for_guild returns at most ``limit`` rows, newest first; the count sees them all."""
    store = imported
    rows = [
        NewDelivery("a", "part-1", 1, 10, ANNOUNCE, NOW, "k1", 0, "missed"),
        NewDelivery("b", "part-1", 1, 10, ANNOUNCE, NOW + timedelta(hours=1), "k2", 0, "missed"),
    ]
    await store.ledger.add(rows, now=NOW)
    [newest] = await store.ledger.for_guild(1, states=["missed"], limit=1)
    assert newest.drama_id == "b"
    assert await store.ledger.count_for_guild(1, states=["missed", "failed"]) == 2
    assert await store.ledger.count_for_guild(2, states=["missed"]) == 0


async def test_reminders_locales_are_read_for_many_at_once(imported):
    """locales: each asked reminder's stored locale (None if it has none), leaving out those
    that are gone and the reminders not asked for, though they share a member or a release."""
    await imported.reminders.add(1, "a", "part-1", now=NOW, locale="ko")
    await imported.reminders.add(1, "b", "part-1", now=NOW, locale="ja")
    await imported.reminders.add(2, "a", "part-1", now=NOW)
    await imported.reminders.add(2, "b", "part-1", now=NOW, locale="es-ES")
    asked = [(1, "a", "part-1"), (2, "a", "part-1"), (3, "a", "part-1"), (1, "b", "part-2")]
    assert await imported.reminders.locales(asked) == {
        (1, "a", "part-1"): "ko",
        (2, "a", "part-1"): None,
    }
    assert await imported.reminders.locales([]) == {}
    assert await imported.reminders.remove(1, "a", "part-1")
    assert await imported.reminders.locales(asked[:1]) == {}
