"""What the web reads from the store: listings by status, by a server's follows and after a
position (pages), the store's version, the curated view of a drama, and feed tokens."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from bot.domain import Follow, FollowKind, NotFound, Status
from bot.store import ListingPosition
from tests.bot.store.builders import NOW, drama, release, schedule

A, B = 1001, 2002
LATER = NOW + timedelta(hours=1)


def keys(releases) -> list[str]:
    return [r.key for r in releases]


@pytest.fixture
async def stocked(store):
    """Two curated dramas (ties at one instant, a part-less release, TBA ones) and an own
    release of server A and of server B."""
    one = schedule(
        drama("drama-a"),
        release("part-1", "drama-a", days=1),
        release("part-2", "drama-a", days=2, status=Status.CANCELLED),
        release("extra", "drama-a", days=2, artists=("Solo",)),
        release("part-3", "drama-a", days=None),
    )
    two = schedule(
        drama("drama-b"),
        release("part-1", "drama-b", days=2, status=Status.POSTPONED),
        release("part-2", "drama-b", days=None),
        release("bonus", "drama-b", days=None, artists=("Solo",)),
    )
    await store.releases.import_schedules([one, two], now=NOW)
    for guild_id in (A, B):
        mine = release(f"own-{guild_id}", "drama-a", days=3, part=None, artists=("Band",))
        await store.own_releases.save(guild_id, mine, now=NOW)
    return store


async def test_status_keeps_one_status(stocked):
    """status=cancelled lists the cancelled one only, status=postponed the postponed one."""
    releases = stocked.releases
    assert keys(await releases.upcoming(now=NOW, status=Status.CANCELLED)) == ["drama-a/part-2"]
    assert keys(await releases.upcoming(now=NOW, status=Status.POSTPONED)) == ["drama-b/part-1"]


async def test_followed_keeps_the_servers_follows_and_its_own(stocked):
    """Following nothing: its own release only; then a drama, an artist; never B's own."""
    releases = stocked.releases
    assert keys(await releases.upcoming(now=NOW, guild_id=A, followed=True)) == ["drama-a/own-1001"]
    await stocked.servers.follow(A, Follow(FollowKind.DRAMA, "drama-b"), now=NOW)
    await stocked.servers.follow(A, Follow(FollowKind.ARTIST, "SOLO"), now=NOW)
    assert keys(await releases.upcoming(now=NOW, guild_id=A, followed=True)) == [
        "drama-a/extra",
        "drama-b/part-1",
        "drama-a/own-1001",
        "drama-b/bonus",
        "drama-b/part-2",
    ]
    await stocked.servers.follow(A, Follow(FollowKind.ALL), now=NOW)
    every = keys(await releases.upcoming(now=NOW, guild_id=A, followed=True))
    assert "drama-a/own-2002" not in every
    assert len(every) == 8


async def test_followed_needs_a_server(stocked):
    """followed without guild_id is a programming error, not "everything"."""
    with pytest.raises(ValueError, match="guild_id"):
        await stocked.releases.upcoming(now=NOW, followed=True)


@pytest.mark.parametrize("size", [1, 2, 3, 7])
async def test_pages_after_a_position_join_up_to_the_whole_listing(stocked, size):
    """Each page starts right after the last one's end: ties at one instant, part-less
    releases and the TBA ones are neither skipped nor repeated."""
    whole = keys(await stocked.releases.upcoming(now=NOW))
    seen: list[str] = []
    after = None
    while True:
        page = await stocked.releases.upcoming(now=NOW, limit=size, after=after)
        seen += keys(page)
        if len(page) < size:
            break
        after = ListingPosition.of(page[-1])
    assert seen == whole


async def test_a_window_ends_the_pages_before_the_tba_ones(stocked):
    """With until, the page after the last timed one is empty (TBA is in no window)."""
    timed = await stocked.releases.upcoming(now=NOW, until=NOW + timedelta(days=5))
    after = ListingPosition.of(timed[-1])
    assert (
        await stocked.releases.upcoming(now=NOW, until=NOW + timedelta(days=5), after=after) == []
    )


async def test_the_version_moves_with_every_change_and_only_then(stocked):
    """A release change or a drama-only change (in the same second) moves it; an unchanged
    import, or one of a file whose bytes changed but not its facts, does not."""
    releases = stocked.releases
    first = await releases.version()
    assert first.change == await releases.latest_change()
    assert first.changed_at == NOW.replace(microsecond=0)
    same = schedule(drama("drama-b"))
    await releases.import_schedules([same], now=NOW)  # nothing new: no write at all
    assert await releases.version() == first
    touched = dataclasses.replace(same, digest="new-bytes")  # a comment edited in the file
    await releases.import_schedules([touched], now=NOW)
    assert (await releases.version()).dramas == first.dramas
    renamed = schedule(dataclasses.replace(drama("drama-b"), title="New Title"))
    await releases.import_schedules([renamed], now=NOW)
    second = await releases.version()
    assert second.dramas > first.dramas
    assert second.change == first.change
    moved = release("part-1", "drama-a", days=4)
    await releases.import_schedules([schedule(drama("drama-a"), moved)], now=LATER)
    third = await releases.version()
    assert third.change > second.change
    assert third.changed_at == LATER


async def test_an_empty_store_has_version_zero(store):
    """Nothing stored: no change, no time."""
    version = await store.releases.version()
    assert (version.change, version.changed_at) == (0, None)


async def test_the_curated_view_of_a_drama(stocked):
    """guild_id=None sees curated dramas only; a server's own drama is not found."""
    await stocked.own_releases.save(
        A,
        release("song", "own-drama", days=1, part=None),
        now=NOW,
        new_drama=drama("own-drama"),
    )
    assert (await stocked.releases.visible_drama("drama-a", guild_id=None)).id == "drama-a"
    assert (await stocked.releases.visible_drama("own-drama", guild_id=A)).id == "own-drama"
    with pytest.raises(NotFound):
        await stocked.releases.visible_drama("own-drama", guild_id=None)


async def test_feed_tokens_are_one_per_server_and_replaced(store):
    """A digest finds its server; replacing it forgets the old one; servers are separate."""
    tokens = store.feed_tokens
    assert await tokens.made_at(A) is None
    await tokens.replace(A, "digest-1", now=NOW)
    await tokens.replace(B, "digest-2", now=NOW)
    assert (await tokens.guild_of("digest-1"), await tokens.guild_of("digest-2")) == (A, B)
    await tokens.replace(A, "digest-3", now=LATER)
    assert await tokens.guild_of("digest-1") is None
    assert await tokens.guild_of("digest-3") == A
    assert await tokens.made_at(A) == LATER
    assert await tokens.guild_of("unknown") is None
