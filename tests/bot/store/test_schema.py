"""Migrations: applied once at open, in order, recorded; a failing one leaves no trace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.store import MigrationError, open_store
from bot.store.sqlite.database import Database
from bot.store.sqlite.schema import Migration, bundled_migrations, migrate


def recorded(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM schema_migrations")]


def tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        return {row[0] for row in rows}


async def test_open_creates_the_file_and_records_every_bundled_migration(db_path):
    """Opening a new path creates the database and records each bundled migration once."""
    async with await open_store(db_path):
        pass
    assert recorded(db_path) == [m.name for m in bundled_migrations()]
    assert {"dramas", "releases", "release_artists", "release_changes"} <= tables(db_path)


async def test_reopening_does_not_run_migrations_again(db_path):
    """A second open finds every migration recorded and applies nothing."""
    async with await open_store(db_path):
        pass
    db = await Database.open(db_path)
    try:
        assert await migrate(db) == []
    finally:
        await db.close()
    assert recorded(db_path) == [m.name for m in bundled_migrations()]


def test_bundled_migrations_are_named_and_ordered():
    """Shipped migration files follow NNNN_name.sql and come back in name order."""
    names = [m.name for m in bundled_migrations()]
    assert names[0] == "0001_initial.sql"
    assert names == sorted(names)


async def test_new_migrations_apply_in_order_after_the_recorded_ones(db_path):
    """A later migration is applied on the next open, after the ones already recorded."""
    db = await Database.open(db_path)
    try:
        shipped = bundled_migrations()
        await migrate(db, shipped)
        extra = Migration(
            "9999_extra.sql", "CREATE TABLE extra (x INTEGER);\n-- trailing comment\n"
        )
        assert await migrate(db, [*shipped, extra]) == ["9999_extra.sql"]
    finally:
        await db.close()
    assert recorded(db_path)[-1] == "9999_extra.sql"
    assert "extra" in tables(db_path)


async def test_a_failing_migration_is_rolled_back_whole(db_path):
    """A migration failing half-way leaves neither its first statements nor a record behind."""
    broken = Migration(
        "0002_broken.sql", "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n"
    )
    db = await Database.open(db_path)
    try:
        with pytest.raises(sqlite3.OperationalError):
            await migrate(db, [*bundled_migrations(), broken])
    finally:
        await db.close()
    assert "half" not in tables(db_path)
    assert "0002_broken.sql" not in recorded(db_path)


async def test_a_database_from_a_newer_version_is_refused(db_path):
    """A recorded migration this code does not ship means a newer ostbot wrote the file."""
    async with await open_store(db_path):
        pass
    with sqlite3.connect(db_path) as connection:
        connection.execute("INSERT INTO schema_migrations VALUES ('9000_future.sql', 0)")
    connection.close()
    with pytest.raises(MigrationError, match="9000_future"):
        await open_store(db_path)


def test_statements_are_split_whole_including_triggers():
    """The splitter keeps a trigger body (with its inner semicolons) as one statement."""
    sql = (
        "CREATE TABLE t (x INTEGER);\n"
        "CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN\n  UPDATE t SET x = 1;\nEND;\n"
    )
    assert len(Migration("0001_t.sql", sql).statements()) == 2
