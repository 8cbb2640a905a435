"""The connection: pragmas at open, and atomic() with savepoints when nested (both engines)."""

from __future__ import annotations

import sqlite3

import pytest

from bot.store.sql.engine import Database
from tests.bot.store.builders import NOW, drama, release, schedule


class Boom(Exception):
    pass


async def write_then_fail(db: Database, *values: int) -> None:
    async with db.atomic():
        for value in values:
            await db.execute("INSERT INTO t VALUES (:x)", {"x": value})
        raise Boom


async def count(db: Database) -> int:
    [(n,)] = await db.fetchall("SELECT count(*) FROM t")
    return n


@pytest.fixture
async def db(store):
    """The store's own database (either engine), with a scratch table ``t``."""
    await store.database.execute("CREATE TABLE t (x INTEGER)")
    return store.database


async def test_open_turns_on_wal_foreign_keys_and_normal_sync(store, db_path):
    """The store's connection runs in WAL mode with foreign keys enforced."""
    db = store.database
    assert await db.fetchall("PRAGMA journal_mode") == [("wal",)]
    assert await db.fetchall("PRAGMA foreign_keys") == [(1,)]
    assert await db.fetchall("PRAGMA synchronous") == [(1,)]  # NORMAL
    # WAL is a property of the file, so any later connection sees it too.
    with sqlite3.connect(db_path) as other:
        assert other.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    other.close()


async def test_atomic_commits_on_success(db):
    """Writes inside atomic() are committed when the block ends normally."""
    async with db.atomic():
        await db.execute("INSERT INTO t VALUES (1)")
    assert await count(db) == 1


async def test_atomic_rolls_back_on_error(db):
    """An exception inside atomic() undoes every write of the block and propagates."""
    with pytest.raises(Boom):
        await write_then_fail(db, 1)
    assert await count(db) == 0


async def test_nested_atomic_failure_undoes_only_the_inner_block(db):
    """A caught failure in a nested atomic() rolls back to its savepoint; the outer commits."""
    async with db.atomic():
        await db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(Boom):
            await write_then_fail(db, 2)
        async with db.atomic():
            await db.execute("INSERT INTO t VALUES (3)")
    assert await db.fetchall("SELECT x FROM t ORDER BY x") == [(1,), (3,)]


async def test_outer_failure_undoes_committed_inner_blocks(db):
    """A nested block that succeeded is still undone when the outer transaction fails."""

    async def inner_commits_outer_fails() -> None:
        async with db.atomic():
            async with db.atomic():
                await db.execute("INSERT INTO t VALUES (1)")
            raise Boom

    with pytest.raises(Boom):
        await inner_commits_outer_fails()
    assert await count(db) == 0


async def test_store_atomic_groups_imports(store):
    """The database's atomic() around two imports makes them commit or roll back together."""

    async def two_imports_then_fail() -> None:
        async with store.database.atomic():
            await store.releases.import_schedules(
                [schedule(drama("a"), release("part-1", "a"))], now=NOW
            )
            await store.releases.import_schedules(
                [schedule(drama("b"), release("part-1", "b"))], now=NOW
            )
            raise Boom

    with pytest.raises(Boom):
        await two_imports_then_fail()
    assert await store.releases.upcoming(now=NOW, include_past=True) == []
