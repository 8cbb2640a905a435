"""``copy_store``: a whole store into an empty one, SQLite and PostgreSQL either way, nothing
lost, nothing half-done, and every table of the schema known to it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE
from bot.store import NewDelivery, StoreError, open_store
from bot.store.copy import copy_store
from bot.store.copy_tables import BOOKKEEPING, TABLES
from tests.bot.store.builders import NOW, drama, release, schedule
from tests.bot.store.copy_helpers import GUILD, dump, fill, open_end
from tests.postgres_fixtures import TEMPLATE, _admin, run_aside


@pytest.fixture
def second_postgres_url(postgres) -> Iterator[str]:
    """Another fresh database holding an empty, migrated store (for PostgreSQL to PostgreSQL)."""
    run_aside(lambda: _admin(postgres, f"CREATE DATABASE copy_target TEMPLATE {TEMPLATE}"))
    yield postgres.dsn("copy_target")
    run_aside(lambda: _admin(postgres, "DROP DATABASE copy_target WITH (FORCE)"))


async def filled_sqlite(path):
    async with await open_store(path) as store:
        await fill(store)
    return path


async def test_sqlite_to_postgres_and_back_keeps_every_row(tmp_path, postgres_url):
    """SQLite → PostgreSQL → SQLite: every table has rows, and all three hold the same."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    back = tmp_path / "back.sqlite3"
    # Pages of 2 rows: several pages per table, composite keys paged through, and tables whose
    # rows fill their last page exactly.
    there = await copy_store(source, postgres_url, batch=2)
    again = await copy_store(postgres_url, back, batch=2)
    original = await dump(source)
    assert all(original[table.name] for table in TABLES), "fill() must write into every table"
    assert await dump(postgres_url) == original
    assert await dump(back) == original
    counts = tuple((name, len(rows)) for name, rows in original.items())
    assert there.counts == again.counts == counts


async def test_postgres_to_postgres_keeps_every_row(tmp_path, postgres_url, second_postgres_url):
    """PostgreSQL → PostgreSQL copies as faithfully as across engines."""
    await copy_store(await filled_sqlite(tmp_path / "source.sqlite3"), postgres_url)
    await copy_store(postgres_url, second_postgres_url)
    assert await dump(second_postgres_url) == await dump(postgres_url)


async def test_sqlite_to_sqlite_creates_the_destination(tmp_path):
    """A destination file that does not exist yet is created, migrated and filled."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    report = await copy_store(source, tmp_path / "new.sqlite3")
    assert await dump(tmp_path / "new.sqlite3") == await dump(source)
    assert report.rows == sum(count for _, count in report.counts) > 0


async def test_the_copy_writes_new_rows_after_the_copied_ones(store_target, tmp_path):
    """Ids go on after the copied ones: a new change and a new delivery take fresh ids (on
    PostgreSQL the sequences were moved past the copied values)."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    await copy_store(source, store_target)
    async with await open_store(store_target) as store:
        seen = await store.releases.latest_change()
        moved = release("part-1", "b", artists=("Davichi",), days=3)
        await store.releases.import_schedules([schedule(drama("b"), moved)], now=NOW)
        assert await store.releases.latest_change() == seen + 1
        row = NewDelivery("b", "part-1", GUILD, 1, ANNOUNCE, NOW + timedelta(3), "new", 0)
        assert await store.ledger.add([row], now=NOW) == 1
        ids = [d.id for d in await store.ledger.for_release("b", "part-1")]
        assert len(set(ids)) == len(ids) == 3


async def test_a_destination_that_is_not_empty_is_refused_and_kept(store_target, tmp_path):
    """A destination holding anything: one line saying so, and it is left as it was."""
    async with await open_store(store_target) as store:
        await store.state.set("mine", "keep")
    before = await dump(store_target)
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    with pytest.raises(StoreError, match="destination store is not empty") as refused:
        await copy_store(source, store_target)
    assert "\n" not in str(refused.value)
    assert "bot_state: 1 row(s)" in str(refused.value)
    assert await dump(store_target) == before


async def test_a_missing_source_is_one_line_and_creates_nothing(tmp_path):
    """A source file that does not exist: StoreError naming it as the source; no destination."""
    with pytest.raises(StoreError, match=r"^source: .*missing\.sqlite3: no store here yet"):
        await copy_store(tmp_path / "missing.sqlite3", tmp_path / "dest.sqlite3")
    assert not (tmp_path / "dest.sqlite3").exists()


async def test_a_failure_half_way_leaves_the_destination_empty(tmp_path, postgres_url):
    """A row PostgreSQL refuses (text with a NUL) fails the copy; the destination stays empty."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    async with await open_store(source) as store:
        await store.state.set("zz", "a\x00b")  # SQLite keeps it; PostgreSQL's text cannot
    with pytest.raises(Exception, match="0x00"):
        await copy_store(source, postgres_url)
    assert not any((await dump(postgres_url)).values())


async def test_the_copier_knows_every_table_of_the_schema(store_target):
    """TABLES names each table of a new store but the bookkeeping, so a table a migration adds
    fails here until the copy handles it."""
    async with await open_store(store_target):
        pass
    end = await open_end(store_target)
    try:
        tables = await end.tables()
    finally:
        await end.close()
    assert {table.name for table in TABLES} == tables - BOOKKEEPING


async def test_each_table_is_paged_by_its_primary_key(tmp_path):
    """The key each table is read by is its primary key, in order (a unique page order)."""
    async with await open_store(tmp_path / "ostbot.sqlite3") as store:
        for table in TABLES:
            rows = await store.database.fetchall(
                "SELECT name FROM pragma_table_info(:table) WHERE pk > 0 ORDER BY pk",
                {"table": table.name},
            )
            assert tuple(name for (name,) in rows) == table.key, table.name


async def test_an_unknown_table_stops_the_copy(tmp_path):
    """A source with a table the copier does not know: refused before anything is copied."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    async with await open_store(source) as store:
        await store.database.execute("CREATE TABLE later_feature (id INTEGER PRIMARY KEY)")
    with pytest.raises(StoreError, match="table later_feature is not among the tables"):
        await copy_store(source, tmp_path / "dest.sqlite3")


async def test_a_postgresql_destination_is_analyzed(tmp_path, postgres_url):
    """The copied tables' planner statistics are gathered: each table's row estimate is its
    count (never analyzed, PostgreSQL would say -1 and plan for an empty table)."""
    source = await filled_sqlite(tmp_path / "source.sqlite3")
    report = await copy_store(source, postgres_url)
    async with await open_store(postgres_url) as store:
        rows = await store.database.fetchall(
            "SELECT relname, reltuples FROM pg_class WHERE relname = ANY(:names)",
            {"names": [name for name, _ in report.counts]},
        )
    assert dict(rows) == dict(report.counts)
