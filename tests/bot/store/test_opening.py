"""Opening the store: read-only opens, refusing files ostbot must not write, and noticing the
file deleted or replaced under an open store."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.store import MigrationError, StoreError, StoreGone, open_store
from tests.bot.store.builders import NOW, drama, release, schedule


def one_release():
    return schedule(drama(), release())


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


async def test_a_read_only_open_reads_and_creates_nothing(db_path):
    """readonly=True: the rows are there, and no -wal/-shm file appears next to the store."""
    async with await open_store(db_path) as store:
        await store.releases.import_schedules([one_release()], now=NOW)
    before = sorted(os.listdir(db_path.parent))
    async with await open_store(db_path, readonly=True) as store:
        assert await store.releases.upcoming(now=NOW, include_past=True)
        assert sorted(os.listdir(db_path.parent)) == before


async def test_a_read_only_open_cannot_write(db_path):
    """A read-only store refuses writes (SQLite's own guard, under ours)."""
    async with await open_store(db_path):
        pass
    async with await open_store(db_path, readonly=True) as store:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await store.releases.import_schedules([one_release()], now=NOW)


async def test_a_read_only_open_of_an_older_store_says_how_to_upgrade(db_path):
    """A store missing a migration cannot be upgraded read-only: one line saying what to do."""
    async with await open_store(db_path):
        pass
    with sqlite3.connect(db_path) as connection:
        connection.execute("DELETE FROM schema_migrations WHERE name LIKE '0006%'")
    with pytest.raises(MigrationError, match="written by an older ostbot and is read-only"):
        await open_store(db_path, readonly=True)


@pytest.mark.parametrize("readonly", [False, True], ids=["read-write", "read-only"])
async def test_a_newer_store_is_refused_and_left_byte_for_byte(db_path, readonly):
    """A migration this ostbot does not know: refused before anything (even WAL) is switched on."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at)")
        connection.execute("INSERT INTO schema_migrations VALUES ('9999_future', 0)")
    connection.close()
    before = file_bytes(db_path)
    with pytest.raises(MigrationError, match=r"written by a newer ostbot \(schema 9999_future\)"):
        await open_store(db_path, readonly=readonly)
    assert file_bytes(db_path) == before


async def test_someone_elses_database_is_refused_unchanged(db_path):
    """A SQLite file with other tables and no ostbot history is not turned into a store."""
    with sqlite3.connect(db_path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    before = file_bytes(db_path)
    with pytest.raises(StoreError, match=r"not an ostbot store .*recipes"):
        await open_store(db_path)
    assert file_bytes(db_path) == before


@pytest.mark.parametrize("fault", ["deleted", "replaced", "renamed"])
async def test_a_write_to_a_store_whose_file_went_away_is_refused(db_path, fault):
    """Deleted, replaced or renamed under an open store: check_identity and every transaction
    raise StoreGone, so nothing is committed to a file nobody will read again."""
    async with await open_store(db_path) as store:
        store.check_identity()  # unchanged: silent
        if fault == "deleted":
            db_path.unlink()
        elif fault == "replaced":
            shutil.copyfile(db_path, db_path.with_suffix(".copy"))
            os.replace(db_path.with_suffix(".copy"), db_path)
        else:
            db_path.rename(db_path.with_suffix(".moved"))
        with pytest.raises(StoreGone):
            store.check_identity()
        with pytest.raises(StoreGone):
            await store.releases.import_schedules([one_release()], now=NOW)
