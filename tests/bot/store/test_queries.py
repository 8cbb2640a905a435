"""Reads: upcoming (order, TBA last, filters, window), lookups, search, the change log."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import NotFound, Status
from tests.bot.store.builders import NOW, drama, release, schedule


@pytest.fixture
async def filled(store):
    """Two dramas: past, future, same-instant and TBA releases, one cancelled."""
    await store.releases.import_schedules(
        [
            schedule(
                drama("b", title="Business Proposal"),
                release("part-1", "b", days=-2),
                release("part-2", "b", days=3, artists=("Kim Se Jeong",)),
                release("part-3", "b", days=None),
                release("part-4", "b", days=1),
            ),
            schedule(
                drama("a", title="Alchemy of Souls", title_native="환혼"),
                release("part-2", "a", days=1, status=Status.CANCELLED),
                release("part-1", "a", days=None, artists=("Ailee",)),
                release("extra", "a", days=None, part=None, title=None),
            ),
        ],
        now=NOW - timedelta(days=10),
    )
    return store


def keys(releases):
    return [r.key for r in releases]


async def test_upcoming_lists_future_in_time_order_then_tba(filled):
    """Future releases come by time (ties by drama, part), then TBA by drama, part, id."""
    assert keys(await filled.releases.upcoming(now=NOW)) == [
        "a/part-2",
        "b/part-4",
        "b/part-2",
        "a/extra",
        "a/part-1",
        "b/part-3",
    ]


async def test_upcoming_includes_cancelled_releases(filled):
    """A cancelled release is still listed, carrying its status."""
    [cancelled] = [r for r in await filled.releases.upcoming(now=NOW) if r.key == "a/part-2"]
    assert cancelled.status is Status.CANCELLED


async def test_upcoming_counts_a_release_at_now_as_upcoming(filled):
    """The bound is inclusive: a release at exactly ``now`` is listed."""
    at = (await filled.releases.details("b", "part-4")).release.at
    assert keys(await filled.releases.upcoming(now=at))[:3] == ["a/part-2", "b/part-4", "b/part-2"]


async def test_include_past_lists_every_timed_release(filled):
    """include_past adds releases before ``now``, still in time order."""
    assert keys(await filled.releases.upcoming(now=NOW, include_past=True))[:2] == [
        "b/part-1",
        "a/part-2",
    ]


async def test_until_is_an_exclusive_window_end_without_tba(filled):
    """With ``until`` only timed releases before it are listed; TBA has no place in a window."""
    window = await filled.releases.upcoming(now=NOW, until=NOW + timedelta(days=3))
    assert keys(window) == ["a/part-2", "b/part-4"]


async def test_filter_by_drama(filled):
    """drama= is an exact drama id."""
    assert keys(await filled.releases.upcoming(now=NOW, drama="b")) == [
        "b/part-4",
        "b/part-2",
        "b/part-3",
    ]
    assert await filled.releases.upcoming(now=NOW, drama="nope") == []


async def test_filter_by_artist_ignores_case(filled):
    """artist= matches any credited artist, case-insensitively, but the whole name."""
    assert keys(await filled.releases.upcoming(now=NOW, artist="AILEE")) == ["a/part-1"]
    assert keys(await filled.releases.upcoming(now=NOW, artist="kim se jeong")) == ["b/part-2"]
    assert await filled.releases.upcoming(now=NOW, artist="kim") == []


async def test_limit_counts_timed_and_tba_together(filled):
    """limit= cuts the whole listing, TBA included."""
    assert keys(await filled.releases.upcoming(now=NOW, limit=2)) == ["a/part-2", "b/part-4"]
    assert keys(await filled.releases.upcoming(now=NOW, limit=4)) == [
        "a/part-2",
        "b/part-4",
        "b/part-2",
        "a/extra",
    ]


async def test_details_give_drama_release_and_history(filled):
    """releases.details returns the release, its drama and its change log."""
    details = await filled.releases.details("a", "part-1")
    assert details.drama.title_native == "환혼"
    assert details.release == release("part-1", "a", days=None, artists=("Ailee",))
    assert [change.kind for change in details.history] == ["added"]


@pytest.mark.parametrize(("drama_id", "release_id"), [("a", "part-9"), ("zzz", "part-1")])
async def test_details_of_an_unknown_release_raise_not_found(filled, drama_id, release_id):
    """An unknown drama or release id is NotFound, with the key in the message."""
    with pytest.raises(NotFound, match=f"{drama_id}/{release_id}"):
        await filled.releases.details(drama_id, release_id)


async def test_drama_of_an_unknown_id_raises_not_found(filled):
    """An unknown drama id is NotFound."""
    with pytest.raises(NotFound, match="zzz"):
        await filled.releases.drama("zzz")


async def test_search_matches_drama_titles_native_titles_and_ids(filled):
    """Search finds dramas by any of their names, ignoring case."""
    assert [d.id for d in (await filled.releases.search("business")).dramas] == ["b"]
    assert [d.id for d in (await filled.releases.search("환혼")).dramas] == ["a"]


async def test_search_matches_releases_and_artists(filled):
    """Search finds releases by title, id or artist, and distinct artist names."""
    found = await filled.releases.search("AILEE")
    assert found.artists == ["Ailee"]
    assert keys(found.releases) == ["a/part-1"]
    assert (await filled.releases.search("kyuhyun")).artists == ["Kyuhyun"]
    assert "a/extra" in keys((await filled.releases.search("EXTRA")).releases)


async def test_search_respects_the_limit_and_ignores_blank_text(filled):
    """Each result list holds at most ``limit``; blank text finds nothing."""
    assert len((await filled.releases.search("part", limit=3)).releases) == 3
    assert (await filled.releases.search("   ")).empty


async def test_changes_since_pages_through_the_log(filled):
    """changes_since returns records after a seq, oldest first, at most ``limit``."""
    everything = await filled.releases.changes_since()
    assert len(everything) == 7
    assert [c.seq for c in everything] == sorted(c.seq for c in everything)
    page = await filled.releases.changes_since(everything[2].seq, limit=2)
    assert page == everything[3:5]


async def test_scheduled_counts_count_live_and_upcoming_releases(filled):
    """scheduled_counts: releases not cancelled (past included), and those from now on or TBA."""
    assert await filled.releases.scheduled_counts(now=NOW) == (6, 5)
    assert await filled.releases.scheduled_counts(now=NOW + timedelta(days=30)) == (6, 3)
