"""An artist's listing (migration 0013): walked in time order from the artist's own index,
following a moved instant, each release once, keyset pages intact."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from bot.store.types import ListingPosition
from tests.bot.store.builders import NOW, drama, release, schedule


def keys(releases):
    return [r.key for r in releases]


async def _import(store, *releases, now=NOW - timedelta(days=10)):
    await store.releases.import_schedules([schedule(drama("d", title="Drama"), *releases)], now=now)


async def test_an_artist_listing_follows_a_moved_instant(store):
    """After a re-import moves a release, the artist's listing has it at its new place."""
    await _import(store, release("part-1", "d", days=1), release("part-2", "d", days=2))
    assert keys(await store.releases.upcoming(now=NOW, artist="iu")) == ["d/part-1", "d/part-2"]
    await _import(store, release("part-1", "d", days=3), release("part-2", "d", days=2))
    assert keys(await store.releases.upcoming(now=NOW, artist="iu")) == ["d/part-2", "d/part-1"]
    await _import(store, release("part-1", "d", days=None), release("part-2", "d", days=-1))
    assert keys(await store.releases.upcoming(now=NOW, artist="iu")) == ["d/part-1"]


async def test_a_name_credited_twice_lists_its_release_once(store):
    """A release crediting one name twice (in any case) is one row of that artist's listing."""
    await _import(
        store,
        release("part-1", "d", days=1, artists=("IU", "Kyuhyun", "iu")),
        release("part-2", "d", days=None, artists=("iu", "IU")),
    )
    assert keys(await store.releases.upcoming(now=NOW, artist="IU")) == ["d/part-1", "d/part-2"]
    listing = await store.releases.upcoming_json(now=NOW, artist="IU")
    assert listing.count(b'"id":"part-') == 2


async def test_an_artist_listing_pages_by_position(store):
    """The keyset ``after`` continues an artist's listing where its last page ended."""
    await _import(store, *(release(f"part-{n}", "d", days=n) for n in range(1, 6)))
    first = await store.releases.upcoming(now=NOW, artist="Kyuhyun", limit=2)
    last = first[-1]
    after = ListingPosition(at=last.at, drama_id=last.drama_id, part=last.part, release_id=last.id)
    rest = await store.releases.upcoming(now=NOW, artist="Kyuhyun", after=after)
    assert keys(first + rest) == [f"d/part-{n}" for n in range(1, 6)]


@pytest.mark.sqlite_only  # reads SQLite's own query plans
async def test_an_artist_page_walks_the_artist_index_without_a_full_sort(store):
    """SQLite plans an artist's page as a walk of release_artists_by_time, not a sort of all."""
    await _import(store, release("part-1", "d", days=1), release("part-2", "d", days=None))
    queries: list[tuple[str, Any]] = []
    fetchall = store.database.fetchall

    async def recording(sql: str, parameters: Any = ()) -> Any:
        queries.append((sql, parameters))
        return await fetchall(sql, parameters)

    store.database.fetchall = recording
    await store.releases.upcoming(now=NOW, artist="IU", guild_id=1, limit=11)
    store.database.fetchall = fetchall
    assert len(queries) == 2  # the timed rows, then the TBA rows
    for sql, parameters in queries:
        plan = [row[-1] for row in await fetchall(f"EXPLAIN QUERY PLAN {sql}", parameters)]
        assert any("release_artists_by_time" in step for step in plan), plan
        assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
