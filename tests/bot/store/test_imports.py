"""import_schedules: all or nothing, nothing written when unchanged, changes recorded."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from typing import Any

import pytest

from bot.domain import ScheduleError, Status
from bot.store import STORE_FAILURES, open_store
from tests.bot.store.builders import NOW, drama, release, schedule

# Every table of the store, in either engine.
TABLES = ("dramas", "releases", "release_artists", "release_changes", "bot_state",
          "guild_settings", "follows", "deliveries", "personal_reminders", "event_mirrors",
          "schema_migrations")  # fmt: skip


async def dump(store: Any) -> dict[str, list[tuple]]:
    """Every row of every table, for row-for-row comparisons (through the engine's database)."""
    return {
        name: sorted(await store.database.fetchall(f"SELECT * FROM {name}"), key=repr)  # noqa: S608
        for name in TABLES
    }


def data_version(connection: sqlite3.Connection) -> int:
    return connection.execute("PRAGMA data_version").fetchone()[0]


async def test_import_then_read_back_gives_equal_values(store):
    """Imported dramas and releases come back equal, instants as aware UTC datetimes."""
    soundtrack = drama()
    releases = [release("part-1"), release("part-2", days=None), release("part-3", days=2.5)]
    report = await store.releases.import_schedules([schedule(soundtrack, *releases)], now=NOW)
    assert report.wrote_anything
    [entry] = report.dramas
    assert (entry.drama_id, entry.source) == ("soundtrack-1", "schedules/soundtrack-1.toml")
    assert entry.drama_added
    assert entry.added == ["part-1", "part-2", "part-3"]
    assert await store.releases.drama("soundtrack-1") == soundtrack
    listed = await store.releases.upcoming(now=NOW)
    assert sorted(listed, key=lambda r: r.id) == releases
    assert all(r.at is None or r.at.tzinfo is not None for r in listed)


async def test_reimporting_unchanged_schedules_writes_nothing(store, db_path):
    """A second import of the same schedules changes no row: data_version stays put."""
    schedules = [
        schedule(drama("a"), release("part-1", "a"), release("part-2", "a", days=None)),
        schedule(drama("b"), release("part-1", "b")),
    ]
    await store.releases.import_schedules(schedules, now=NOW)
    watcher = sqlite3.connect(db_path)
    try:
        before_version, before_changes = data_version(watcher), store.database.total_changes
        report = await store.releases.import_schedules(schedules, now=NOW + timedelta(days=1))
        assert data_version(watcher) == before_version
    finally:
        watcher.close()
    assert store.database.total_changes == before_changes
    assert not report.wrote_anything
    assert [entry.unchanged for entry in report.dramas] == [["part-1", "part-2"], ["part-1"]]


async def test_a_changed_release_is_updated_by_id_and_the_change_recorded(store):
    """Changing a release updates it in place and logs the changed fields, before and after."""
    original = release("part-1", mv=None)
    await store.releases.import_schedules([schedule(drama(), original, release("part-2"))], now=NOW)
    [last_added] = (await store.releases.changes_since())[-1:]
    updated = release("part-1", mv="https://youtu.be/new", status=Status.POSTPONED, days=3)
    later = NOW + timedelta(hours=1)
    report = await store.releases.import_schedules(
        [schedule(drama(), updated, release("part-2"))], now=later
    )
    assert report.dramas[0].changed == {"part-1": ["at", "mv", "status"]}
    assert report.dramas[0].unchanged == ["part-2"]
    details = await store.releases.details("soundtrack-1", "part-1")
    assert details.release == updated
    [change] = await store.releases.changes_since(last_added.seq)
    assert (change.key, change.kind, change.fields) == (
        "soundtrack-1/part-1",
        "changed",
        ("at", "mv", "status"),
    )
    assert change.before == original.as_dict()
    assert change.after == updated.as_dict()
    assert change.recorded_at == later
    assert [c.kind for c in details.history] == ["added", "changed"]


async def test_added_releases_are_recorded_in_the_change_log(store):
    """Each new release gets an 'added' change holding its as_dict view."""
    part = release("part-1")
    await store.releases.import_schedules([schedule(drama(), part)], now=NOW)
    [change] = await store.releases.changes_since(0)
    assert (change.kind, change.fields, change.before, change.after) == (
        "added",
        (),
        None,
        part.as_dict(),
    )
    assert await store.releases.changes_since(change.seq) == []


async def test_changed_artists_are_what_artist_queries_find(store):
    """After an update, the artist index follows the new artists, not the old."""
    await store.releases.import_schedules(
        [schedule(drama(), release("part-1", artists=("Old",)))], now=NOW
    )
    await store.releases.import_schedules(
        [schedule(drama(), release("part-1", artists=("New",)))], now=NOW
    )
    assert await store.releases.upcoming(now=NOW, artist="old") == []
    assert [r.artists for r in await store.releases.upcoming(now=NOW, artist="NEW")] == [("New",)]


async def test_parts_can_be_swapped_in_one_import(store):
    """Two releases exchanging part numbers do not trip the unique part constraint."""
    await store.releases.import_schedules(
        [schedule(drama(), release("a", part=1), release("b", part=2))], now=NOW
    )
    swapped = [release("a", part=2), release("b", part=1)]
    report = await store.releases.import_schedules([schedule(drama(), *swapped)], now=NOW)
    assert report.dramas[0].changed == {"a": ["part"], "b": ["part"]}
    assert {r.id: r.part for r in await store.releases.upcoming(now=NOW)} == {"a": 2, "b": 1}


async def test_a_disappeared_release_is_reported_and_kept(store):
    """A stored release missing from its drama's new schedule stays and is reported."""
    await store.releases.import_schedules(
        [schedule(drama(), release("part-1"), release("part-2"))], now=NOW
    )
    report = await store.releases.import_schedules([schedule(drama(), release("part-2"))], now=NOW)
    assert report.dramas[0].disappeared == ["part-1"]
    assert report.disappeared == ["soundtrack-1/part-1"]
    assert not report.wrote_anything
    assert (await store.releases.details("soundtrack-1", "part-1")).release == release("part-1")


async def test_a_changed_drama_is_updated_with_its_fields_reported(store):
    """Editing a drama's title updates the stored drama and names the field."""
    await store.releases.import_schedules([schedule(drama(), release())], now=NOW)
    renamed = drama(title="New title")
    report = await store.releases.import_schedules([schedule(renamed, release())], now=NOW)
    assert report.dramas[0].drama_fields == ["title"]
    assert report.wrote_anything
    assert await store.releases.drama("soundtrack-1") == renamed


async def test_a_new_release_may_not_take_the_part_of_a_disappeared_one(store):
    """A part still held by a kept (disappeared) release is refused, and nothing is written."""
    await store.releases.import_schedules([schedule(drama(), release("part-1"))], now=NOW)
    before = await dump(store)
    with pytest.raises(ScheduleError, match='held by release "part-1"'):
        await store.releases.import_schedules(
            [schedule(drama(), release("renamed", part=1))], now=NOW
        )
    assert await dump(store) == before


@pytest.mark.parametrize(
    ("schedules", "message"),
    [
        pytest.param(
            [
                schedule(drama("c"), release("part-1", "c")),
                schedule(drama("a"), release("part-1", "a")),
            ],
            "also the drama of",
            id="same drama twice",
        ),
        pytest.param(
            [schedule(drama("c"), release("part-1", "c"), release("part-1", "c", part=2))],
            "used by an earlier release",
            id="release id twice",
        ),
        pytest.param(
            [schedule(drama("c"), release("x", "c", part=5), release("y", "c", part=5))],
            "part 5 is used",
            id="part twice",
        ),
        pytest.param(
            [schedule(drama("c"), release("part-1", "elsewhere"))],
            'belongs to drama "elsewhere"',
            id="release of another drama",
        ),
    ],
)
async def test_a_bad_batch_changes_nothing_and_raises(store, schedules, message):
    """A batch breaking a key anywhere (here after a valid schedule) leaves every row as it was."""
    await store.releases.import_schedules([schedule(drama("a"), release("part-1", "a"))], now=NOW)
    before = await dump(store)
    batch = [schedule(drama("a"), release("part-1", "a", title="changed")), *schedules]
    with pytest.raises(ScheduleError, match=message):
        await store.releases.import_schedules(batch, now=NOW)
    assert await dump(store) == before


async def test_a_row_sql_rejects_mid_way_rolls_back_the_whole_import(store):
    """When SQL refuses a row after others were written, the earlier writes are undone too."""
    await store.releases.import_schedules([schedule(drama("a"), release("part-1", "a"))], now=NOW)
    before = await dump(store)
    # The parser never lets a drama without a title through; here it gets to the database,
    # after drama "a" was updated and drama "b" inserted in the same call.
    batch = [
        schedule(drama("a", title="Renamed"), release("part-1", "a", title="new")),
        schedule(drama("b"), release("part-1", "b")),
        schedule(drama("c", title=None), release("part-1", "c")),
    ]
    with pytest.raises(STORE_FAILURES, match=r"(?i)not[ -]null"):
        await store.releases.import_schedules(batch, now=NOW)
    assert await dump(store) == before


@pytest.mark.parametrize(
    "script",
    [
        pytest.param("INSERT INTO releases SELECT * FROM releases;", id="release id twice"),
        pytest.param(
            # Each copies the stored row with one key changed, whatever the columns are.
            "CREATE TEMP TABLE copy AS SELECT * FROM releases; UPDATE copy SET id = 'other';"
            " INSERT INTO releases SELECT * FROM copy;",
            id="part twice",
        ),
        pytest.param(
            "CREATE TEMP TABLE copy AS SELECT * FROM releases;"
            " UPDATE copy SET drama_id = 'no-such-drama'; INSERT INTO releases SELECT * FROM copy;",
            id="release without its drama",
        ),
    ],
)
async def test_the_schema_itself_enforces_the_keys(store, db_path, script):
    """Unique (drama, id), unique (drama, part) and release->drama hold even for raw SQL."""
    await store.releases.import_schedules([schedule(drama(), release("part-1"))], now=NOW)
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            connection.executescript(script)
    finally:
        connection.close()


async def test_naive_now_is_refused(store):
    """The import clock must be timezone-aware (DTZ: no naive datetimes)."""
    with pytest.raises(ValueError, match="aware"):
        await store.releases.import_schedules([], now=NOW.replace(tzinfo=None))


async def test_the_import_survives_reopening(store_target):
    """What one Store imported, a new Store on the same file reads back, unchanged on re-import."""
    schedules = [schedule(drama(), release("part-1"), release("part-2", days=None))]
    async with await open_store(store_target) as first:
        await first.releases.import_schedules(schedules, now=NOW)
    async with await open_store(store_target) as second:
        assert not (await second.releases.import_schedules(schedules, now=NOW)).wrote_anything
        assert len(await second.releases.upcoming(now=NOW)) == 2


async def test_a_release_stored_in_an_older_form_is_rewritten_without_news(store):
    """A release equal in every field but stored in an older form (before a field was added)
    is brought to the current form on import: no change recorded, reported unchanged."""
    s = schedule(drama(), release("part-1"), release("part-2"), release("part-3"))
    await store.releases.import_schedules([s], now=NOW)
    documents = await store.releases.upcoming_documents(now=NOW)
    latest = await store.releases.latest_change()
    await store.database.execute(
        "UPDATE releases SET fingerprint = 'older', doc = '{}' WHERE id = :id", {"id": "part-2"}
    )
    report = await store.releases.import_schedules([s], now=NOW + timedelta(days=1))
    [entry] = report.dramas
    assert (entry.changed, entry.unchanged) == ({}, ["part-1", "part-2", "part-3"])
    assert not report.wrote_anything
    assert await store.releases.latest_change() == latest
    assert await store.releases.upcoming_documents(now=NOW) == documents
