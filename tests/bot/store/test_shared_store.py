"""What several processes sharing one store rely on, on both engines: claims on ledger rows,
work leases, and state updated under a lock.

Two stores opened on one target are two processes' connections (two pools on PostgreSQL); the
lease is read against the ``now`` each call passes, so time is a value here, never a wait.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE
from bot.store import NewDelivery, open_store
from tests.bot.store.builders import NOW, drama, release, schedule

LEASE = timedelta(seconds=10)
LATER = NOW + LEASE + timedelta(seconds=1)  # every claim made at NOW has ended


@pytest.fixture
async def imported(store):
    await store.releases.import_schedules(
        [schedule(drama("a"), release("part-1", "a"), release("part-2", "a"))], now=NOW
    )
    return store


def post(channel: int, key: str, release_id: str = "part-1", position: int = 0) -> NewDelivery:
    return NewDelivery("a", release_id, channel, channel, ANNOUNCE, NOW, key, position)


@pytest.fixture
async def other(imported, store_target):
    """A second process's store on the same file or database."""
    async with await open_store(store_target) as second:
        yield second


async def test_a_claimed_message_is_not_claimed_by_another_process(imported, other):
    """Once A claims a message, B claims the others only; A gets its own back."""
    await imported.ledger.add([post(1, "k1"), post(2, "k2")], now=NOW)
    [first] = await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=1)
    [second] = await other.ledger.claim("B", now=NOW, lease=LEASE, limit=5)
    assert {first.message_key, second.message_key} == {"k1", "k2"}
    assert await other.ledger.claim("B", now=NOW, lease=LEASE, limit=5) == [second]
    assert await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5) == [first]


async def test_two_processes_claiming_at_once_never_share_a_message(imported, other):
    """Two stores claiming 25 at a time, concurrently, split 400 messages without overlap."""
    await imported.ledger.add([post(c, f"k{c}") for c in range(1, 401)], now=NOW)
    taken: dict[str, list[str]] = {"A": [], "B": []}

    async def drain(store, owner: str) -> None:
        while rows := await store.ledger.claim(owner, now=NOW, lease=LEASE, limit=25):
            fresh = [r.message_key for r in rows if r.message_key not in taken[owner]]
            if not fresh:
                return  # only its own claims came back: nothing free is left
            taken[owner].extend(fresh)
            await store.ledger.mark_sent([(k, 1) for k in fresh], now=NOW, owner=owner)

    await asyncio.gather(drain(imported, "A"), drain(other, "B"))
    assert not set(taken["A"]) & set(taken["B"])
    assert len(taken["A"]) + len(taken["B"]) == 400
    assert await imported.ledger.pending(now=NOW) == []


async def test_a_message_is_claimed_whole(imported, other):
    """A message of two rows goes to one claimer with both rows, even at a limit of one."""
    await imported.ledger.add(
        [post(1, "m", "part-1", 0), post(1, "m", "part-2", 1), post(2, "n")], now=NOW
    )
    rows = await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=1)
    assert [(r.message_key, r.position) for r in rows] == [("m", 0), ("m", 1)]
    assert [
        r.message_key for r in await other.ledger.claim("B", now=NOW, lease=LEASE, limit=5)
    ] == ["n"]


async def test_a_message_whose_first_row_was_dropped_is_still_claimed(imported):
    """Its lowest pending position leads it: a message without position 0 is not stranded."""
    await imported.ledger.add([post(1, "m", "part-1", 0), post(1, "m", "part-2", 1)], now=NOW)
    await imported.ledger.drop_pending("a", "part-1")
    [row] = await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    assert (row.message_key, row.position) == ("m", 1)


async def test_an_expired_lease_is_taken_over(imported, other):
    """A's claim ends with its lease: B takes the message; A's renewal then renews nothing."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    assert (
        await other.ledger.claim("B", now=NOW + LEASE - timedelta(seconds=1), lease=LEASE, limit=5)
        == []
    )
    assert await other.ledger.next_lease_end("B", now=NOW) == NOW + LEASE
    [taken] = await other.ledger.claim("B", now=LATER, lease=LEASE, limit=5)
    assert taken.message_key == "k1"
    assert await imported.ledger.renew("A", until=LATER + LEASE) == 0


async def test_a_renewed_lease_is_not_taken_over(imported, other):
    """Renewing before the lease ends keeps the message from another process."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    assert await imported.ledger.renew("A", until=LATER + LEASE) == 1
    assert await other.ledger.claim("B", now=LATER, lease=LEASE, limit=5) == []


async def test_a_process_that_lost_its_claim_cannot_record(imported, other):
    """Taken over, A's mark_sent, mark_failed, defer and postpone change nothing; B's count."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    await other.ledger.claim("B", now=LATER, lease=LEASE, limit=5)
    assert await imported.ledger.mark_sent([("k1", 111)], now=LATER, owner="A") == 0
    await imported.ledger.mark_failed("k1", "lost", owner="A")
    await imported.ledger.defer("k1", "lost", retry_at=LATER, owner="A")
    await imported.ledger.postpone("k1", "lost", retry_at=LATER, owner="A")
    [row] = await other.ledger.for_message("k1")
    assert (row.state, row.attempts, row.last_error) == ("pending", 0, None)
    assert await other.ledger.mark_sent([("k1", 222)], now=LATER, owner="B") == 1
    [row] = await other.ledger.for_message("k1")
    assert (row.state, row.message_id) == ("sent", 222)


async def test_a_process_whose_lease_ended_untaken_still_records(imported):
    """An ended lease nobody took over is still the holder's: its send is recorded."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    assert await imported.ledger.mark_sent([("k1", 111)], now=LATER, owner="A") == 1


async def test_a_deferred_message_is_anyones_retry(imported, other):
    """Defer ends the claim: the retry, once due, goes to whichever process claims first."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=5)
    await imported.ledger.defer("k1", "503", retry_at=NOW + timedelta(seconds=2), owner="A")
    [row] = await other.ledger.claim("B", now=NOW + timedelta(seconds=2), lease=LEASE, limit=5)
    assert row.attempts == 1
    assert await other.ledger.next_lease_end("A", now=NOW) == NOW + timedelta(seconds=2) + LEASE


async def test_release_makes_claims_anyones_at_once(imported, other):
    """A process stopping releases its claims; a single-process start releases everyone's."""
    await imported.ledger.add([post(1, "k1"), post(2, "k2")], now=NOW)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=1)
    await imported.ledger.claim("C", now=NOW, lease=LEASE, limit=1)
    assert await imported.ledger.release("A") == 1
    [row] = await other.ledger.claim("B", now=NOW, lease=LEASE, limit=5)
    assert row.message_key == "k1"
    assert await imported.ledger.release(None) == 2
    assert len(await other.ledger.claim("D", now=NOW, lease=LEASE, limit=5)) == 2


async def test_publishing_is_claimed_like_sending(imported, other):
    """A post owed a publish goes to one publisher; another's mark_published is ignored."""
    await imported.ledger.add([post(1, "k1")], now=NOW)
    await imported.ledger.mark_sent([("k1", 5)], now=NOW, publish=["k1"])
    [row] = await imported.ledger.claim_publishing("A", now=NOW, lease=LEASE)
    assert row.message_id == 5
    assert await other.ledger.claim_publishing("B", now=NOW, lease=LEASE) == []
    await other.ledger.mark_published("k1", error="publish: refused", owner="B")
    assert [r.message_key for r in await imported.ledger.to_publish()] == ["k1"]
    await imported.ledger.mark_published("k1", owner="A")
    assert await imported.ledger.to_publish() == []


async def test_each_engine_says_whether_one_process_uses_it(store, engine):
    """SQLite (its file lock) is single-process; PostgreSQL is shared."""
    assert store.single_process is (engine == "sqlite")


async def test_a_work_lease_is_held_by_one_process_until_it_ends(store, store_target):
    """take: the first holder only, again for itself; given up or ended, anyone's."""
    async with await open_store(store_target) as second:
        until = NOW + LEASE
        assert await store.leases.take("events:1", "A", now=NOW, until=until)
        assert not await second.leases.take("events:1", "B", now=NOW, until=until)
        assert await store.leases.take("events:1", "A", now=NOW, until=until)
        assert await second.leases.take("events:2", "B", now=NOW, until=until)
        await store.leases.give_up("events:1", "B")  # not B's: nothing happens
        assert not await second.leases.take("events:1", "B", now=NOW, until=until)
        await store.leases.give_up("events:1", "A")
        assert await second.leases.take("events:1", "B", now=NOW, until=until)
        assert await second.leases.renew("B", until=LATER + LEASE) == 2
        assert not await store.leases.take("events:1", "A", now=LATER, until=LATER + LEASE)
        assert await store.leases.take("events:1", "A", now=LATER + LEASE, until=LATER + LEASE * 2)


async def lease_names(store) -> list[str]:
    rows = await store.database.fetchall("SELECT name FROM work_leases ORDER BY name")
    return [name for (name,) in rows]


async def test_ended_leases_of_one_kind_are_dropped_and_the_others_kept(store, store_target):
    """drop_ended deletes the prefix's leases that ended before the instant given, and no
    other: not one still held, not one taken again or renewed by then, not another kind's."""
    async with await open_store(store_target) as second:
        assert await store.leases.take("edits:1", "A", now=NOW, until=NOW + LEASE)
        assert await store.leases.take("edits:2", "A", now=NOW, until=NOW + LEASE)
        assert await store.leases.take("edits:3", "B/edits", now=NOW, until=LATER + LEASE)
        assert await store.leases.take("events:1", "A", now=NOW, until=NOW + LEASE)
        assert await store.leases.take("edits:9x", "A", now=NOW, until=NOW)
        # Ended, then taken over by another process before the delete: kept.
        assert await second.leases.take("edits:2", "B", now=LATER, until=LATER + LEASE)
        assert await second.leases.drop_ended("edits:", before=LATER) == 2
        assert await lease_names(store) == ["edits:2", "edits:3", "events:1"]
        assert await store.leases.drop_ended("edits:", before=LATER) == 0
        # A renewed lease is not ended: kept until it ends.
        assert await second.leases.renew("B", until=LATER + LEASE * 3) == 1
        assert await store.leases.drop_ended("edits:", before=LATER + LEASE * 2) == 1
        assert await lease_names(store) == ["edits:2", "events:1"]
        # Deleted, it is anyone's again, as it was once it had ended.
        assert await store.leases.take("edits:1", "C", now=LATER, until=LATER + LEASE)


async def test_a_lease_prefix_is_not_a_pattern(store):
    """drop_ended refuses a prefix with LIKE's wildcards rather than delete more than asked."""
    for prefix in ("edits%", "edit_", "a\\b"):
        with pytest.raises(ValueError, match="not a LIKE pattern"):
            await store.leases.drop_ended(prefix, before=LATER)


async def test_a_change_leaves_another_process_claimed_rows_to_it(imported, other):
    """drop_pending with an owner keeps B's live claims, drops free, own and ended ones."""
    await imported.ledger.add([post(1, "k1"), post(2, "k2"), post(3, "k3")], now=NOW)
    await other.ledger.claim("B", now=NOW, lease=LEASE, limit=1)
    await imported.ledger.claim("A", now=NOW, lease=LEASE, limit=1)
    assert await imported.ledger.drop_pending("a", "part-1", owner="A", now=NOW) == 2
    [kept] = await imported.ledger.pending(now=NOW)
    assert kept.message_key == "k1"
    assert await imported.ledger.drop_pending("a", "part-1", owner="A", now=LATER) == 1


async def test_state_updates_from_two_processes_at_once_are_both_kept(store, store_target):
    """update re-reads under the key's lock: 20 concurrent appends from two stores all land."""
    async with await open_store(store_target) as second:

        def adding(item: str):
            return lambda stored: ",".join(filter(None, [stored or "", item]))

        await asyncio.gather(
            *((store if i % 2 else second).state.update("list", adding(str(i))) for i in range(20))
        )
        assert sorted((await store.state.get("list") or "").split(","), key=int) == [
            str(i) for i in range(20)
        ]
