"""own_releases.save: a server's own releases, written like imports and owned by one server."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import timedelta

import pytest

from bot.domain import Drama, NotFound, OstbotError, PermissionDenied, Status
from tests.bot.store.builders import NOW, drama, release, schedule
from tests.bot.store.test_imports import dump

A, B = 1001, 2002
LATER = NOW + timedelta(hours=1)


def own(release_id: str = "song-abcd", drama_id: str = "soundtrack-1", **changes: object):
    """A server's release for a curated drama: no part (curators number those)."""
    return release(release_id, drama_id, **{"part": None, **changes})


@pytest.fixture
async def curated(store):
    """The curated drama "soundtrack-1" with its part 1."""
    await store.releases.import_schedules([schedule(drama(), release("part-1"))], now=NOW)
    return store


async def test_a_new_release_is_stored_for_its_server_with_an_added_change(curated):
    """Added: visible to its server, invisible to others and to the curated view; logged."""
    mine = own()
    saved = await curated.own_releases.save(A, mine, now=NOW)
    assert (saved.kind, saved.fields) == ("added", [])
    assert (await curated.releases.details("soundtrack-1", mine.id, guild_id=A)).release == mine
    for guild_id in (B, None):
        with pytest.raises(NotFound):
            await curated.releases.details("soundtrack-1", mine.id, guild_id=guild_id)
    [change] = await curated.releases.changes_since(await curated.releases.latest_change() - 1)
    assert (change.kind, change.release_id, change.before) == ("added", mine.id, None)
    assert change.after == mine.as_dict()
    assert await curated.own_releases.all(A) == [mine]
    assert await curated.own_releases.all(B) == []
    listed = await curated.releases.upcoming(now=NOW, artist="iu", guild_id=A)
    assert {r.id for r in listed} == {"part-1", mine.id}


async def test_an_update_records_the_changed_fields_before_and_after(curated):
    """Changed: updated in place, the fields, before and after recorded as imports do."""
    mine = own()
    await curated.own_releases.save(A, mine, now=NOW)
    moved = dataclasses.replace(
        mine, at=mine.at + timedelta(days=1), status=Status.POSTPONED, artists=("Kyuhyun",)
    )
    saved = await curated.own_releases.save(A, moved, now=LATER)
    assert (saved.kind, saved.fields) == ("changed", ["artists", "at", "status"])
    [change] = await curated.releases.changes_since(await curated.releases.latest_change() - 1)
    assert change.before == mine.as_dict()
    assert change.after == moved.as_dict()
    assert (await curated.own_releases.get(A, "soundtrack-1", mine.id)) == moved
    assert await curated.releases.upcoming(now=NOW, artist="iu", guild_id=A) == [release("part-1")]


async def test_saving_an_unchanged_release_writes_nothing(curated, db_path):
    """The same release again changes no row: data_version and total_changes stay put."""
    await curated.own_releases.save(A, own(), now=NOW)
    watcher = sqlite3.connect(db_path)
    try:
        version, changes = (
            watcher.execute("PRAGMA data_version").fetchone(),
            curated.database.total_changes,
        )
        saved = await curated.own_releases.save(A, own(), now=LATER)
        assert watcher.execute("PRAGMA data_version").fetchone() == version
    finally:
        watcher.close()
    assert saved.kind == "unchanged"
    assert curated.database.total_changes == changes


async def test_a_curated_release_can_never_be_edited(curated):
    """Saving over a curated release is refused, and no row changes."""
    before = await dump(curated)
    with pytest.raises(PermissionDenied, match="curated schedule"):
        await curated.own_releases.save(A, release("part-1", title="Hijacked"), now=LATER)
    with pytest.raises(PermissionDenied):
        await curated.own_releases.get(A, "soundtrack-1", "part-1")
    assert await dump(curated) == before


async def test_another_servers_release_is_as_good_as_absent(curated):
    """Server B can neither read for edit nor overwrite server A's release: NotFound."""
    await curated.own_releases.save(A, own(), now=NOW)
    before = await dump(curated)
    with pytest.raises(NotFound):
        await curated.own_releases.get(B, "soundtrack-1", "song-abcd")
    with pytest.raises(NotFound):
        await curated.own_releases.save(B, own(title="Mine now"), now=LATER)
    assert await dump(curated) == before


async def test_a_new_drama_of_a_server_is_stored_with_its_first_release(store):
    """A server's own drama is created with its release, and only that server sees it."""
    ours = Drama(id="our-show-1a2b", title="Our Show")
    first = release("part-1", ours.id)
    saved = await store.own_releases.save(A, first, now=NOW, new_drama=ours)
    assert saved.drama_added
    assert await store.releases.visible_drama(ours.id, guild_id=A) == ours
    with pytest.raises(NotFound):
        await store.releases.visible_drama(ours.id, guild_id=B)
    assert [d.id for d in await store.releases.visible_dramas("our", guild_id=A)] == [ours.id]
    assert await store.releases.visible_dramas("our", guild_id=B) == []
    assert (await store.releases.search("our show", guild_id=B)).dramas == []
    with pytest.raises(NotFound):
        await store.own_releases.save(B, release("part-9", ours.id), now=NOW)


async def test_curated_dramas_never_include_a_servers_own_drama(curated):
    """curated_dramas: the curated ones by id; a server's own drama and unknown ids are absent."""
    ours = Drama(id="our-show-1a2b", title="Our Show")
    await curated.own_releases.save(A, release("part-1", ours.id), now=NOW, new_drama=ours)
    found = await curated.releases.curated_dramas(["soundtrack-1", ours.id, "nope", "soundtrack-1"])
    assert found == {"soundtrack-1": drama()}
    assert await curated.releases.curated_dramas([]) == {}


async def test_a_drama_id_in_use_is_refused_and_nothing_is_written(curated):
    """A new drama may not take an existing id; the release with it is not written either."""
    before = await dump(curated)
    taken = Drama(id="soundtrack-1", title="Impostor")
    with pytest.raises(OstbotError, match="already a drama id"):
        await curated.own_releases.save(A, own(), now=NOW, new_drama=taken)
    assert await dump(curated) == before


async def test_parts_stay_unique_and_curated_parts_stay_the_curators(store):
    """A part taken in the server's drama is refused; any part on a curated drama is refused."""
    await store.releases.import_schedules([schedule(drama(), release("part-1"))], now=NOW)
    ours = Drama(id="ours-0000", title="Ours")
    await store.own_releases.save(A, release("part-1", ours.id), now=NOW, new_drama=ours)
    before = await dump(store)
    with pytest.raises(OstbotError, match="part: part 1 of this drama is already taken"):
        await store.own_releases.save(A, release("part-1-b", ours.id, part=1), now=LATER)
    with pytest.raises(OstbotError, match="curated schedule numbers"):
        await store.own_releases.save(A, own(part=7), now=LATER)
    assert await dump(store) == before


async def test_a_failure_half_way_leaves_every_row_as_it_was(store, monkeypatch):
    """If writing the artists fails after the drama and release rows, both roll back."""
    await store.releases.import_schedules([schedule(drama(), release("part-1"))], now=NOW)
    before = await dump(store)

    async def broken_disk(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.database, "executemany", broken_disk)
    ours = Drama(id="ours-0000", title="Ours")
    with pytest.raises(sqlite3.OperationalError):
        await store.own_releases.save(A, release("part-1", ours.id), now=NOW, new_drama=ours)
    monkeypatch.undo()
    assert await dump(store) == before
    saved = await store.own_releases.save(A, release("part-1", ours.id), now=NOW, new_drama=ours)
    assert saved.kind == "added"


async def test_a_curated_file_cannot_take_a_server_release_id(curated):
    """An import whose release id a server already used is refused, row for row unchanged."""
    await curated.own_releases.save(A, own("song-abcd"), now=NOW)
    before = await dump(curated)
    clash = schedule(drama(), release("part-1"), release("song-abcd", part=2))
    with pytest.raises(OstbotError) as caught:
        await curated.releases.import_schedules([clash], now=LATER)
    assert "release[1].id" in str(caught.value)
    assert "a server's own release" in str(caught.value)
    assert await dump(curated) == before


@pytest.mark.sqlite_only  # counts rows through SQLite's total_changes
async def test_a_release_stored_in_an_older_form_is_rewritten_as_unchanged(curated):
    """Saved again equal in every field but stored in an older form (before a field was
    added): brought to the current form, reported unchanged, no change recorded."""
    mine = own()
    await curated.own_releases.save(A, mine, now=NOW)
    latest = await curated.releases.latest_change()
    await curated.database.execute(
        "UPDATE releases SET fingerprint = 'older' WHERE id = :id", {"id": mine.id}
    )
    saved = await curated.own_releases.save(A, mine, now=LATER)
    assert saved.kind == "unchanged"
    assert await curated.releases.latest_change() == latest
    before = curated.database.total_changes
    assert (await curated.own_releases.save(A, mine, now=LATER)).kind == "unchanged"
    assert curated.database.total_changes == before  # the new form is stored: nothing to do
