"""Versioned schema migrations: ordered, named SQL files, each applied once, in a transaction.

A migration is ``bot/store/sqlite/migrations/NNNN_what_it_does.sql``. Files are applied in name
order and recorded in ``schema_migrations``; a recorded migration is never run again, so a released
file must never be edited: write a new one. A migration cannot change ``PRAGMA foreign_keys`` (it is
a no-op inside a transaction), so a table rebuild must keep the foreign keys valid at every step.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass

from bot.store.errors import MigrationError
from bot.store.migrations import bundled, refuse_newer, require_current
from bot.store.sqlite.database import Database

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name        TEXT PRIMARY KEY,
    applied_at  INTEGER NOT NULL   -- unix seconds UTC
) STRICT
"""


@dataclass(frozen=True)
class Migration:
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file split into statements, so each runs inside our transaction.

        ``executescript`` would be simpler, but on Python 3.11 it first COMMITs any open
        transaction, which would break "all or nothing".
        """
        statements: list[str] = []
        pending = ""
        for line in self.sql.splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        if pending.strip() and not _is_comment_only(pending):
            raise MigrationError(f"{self.name}: incomplete statement at the end: {pending!r}")
        return statements


def _is_comment_only(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("--") for line in text.splitlines())


def bundled_migrations() -> list[Migration]:
    """The migrations shipped in this package, in the order they apply."""
    return [Migration(name, sql) for name, sql in bundled("bot.store.sqlite")]


async def check_file(path: str | os.PathLike[str]) -> None:
    """``check_usable`` on the file at ``path`` through a read-only connection, if it holds
    anything (a missing or empty file becomes a new store)."""
    try:
        if os.stat(path).st_size == 0:
            return
    except OSError:
        return
    db = await Database.open(path, readonly=True)
    try:
        await check_usable(db)
    finally:
        await db.close()


async def check_usable(db: Database, migrations: list[Migration] | None = None) -> None:
    """Refuse a database ostbot must not write: someone else's, or a newer ostbot's store."""
    migrations = bundled_migrations() if migrations is None else migrations
    tables = await _tables(db)
    if tables and "schema_migrations" not in tables:
        # Someone else's SQLite database: adding our tables to it would change it for nothing.
        raise MigrationError(
            f"{db.path}: a SQLite database but not an ostbot store (it has tables such as "
            f"{sorted(tables)[0]}); refusing to change it"
        )
    if tables:
        refuse_newer(db.path, [m.name for m in migrations], await applied_migrations(db))


async def check_current(db: Database, migrations: list[Migration] | None = None) -> None:
    """For a read-only open: the store must be exactly this ostbot's schema (nothing applied)."""
    migrations = bundled_migrations() if migrations is None else migrations
    if "schema_migrations" not in await _tables(db):
        raise MigrationError(f"{db.path}: not an ostbot store (no schema history)")
    require_current(db.path, [m.name for m in migrations], await applied_migrations(db))


async def _tables(db: Database) -> set[str]:
    rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows}


async def applied_migrations(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT name FROM schema_migrations ORDER BY name")
    return [name for (name,) in rows]


async def migrate(db: Database, migrations: list[Migration] | None = None) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now."""
    migrations = bundled_migrations() if migrations is None else migrations
    await check_usable(db, migrations)
    await db.execute(_CREATE_LEDGER)
    recorded = set(await applied_migrations(db))
    applied: list[str] = []
    for migration in migrations:
        if migration.name in recorded:
            continue
        async with db.atomic():
            # Checked inside the write transaction: another process opening the same file at the
            # same moment may have applied it while we waited for the lock.
            done = await db.fetchall(
                "SELECT 1 FROM schema_migrations WHERE name = :name", {"name": migration.name}
            )
            if done:
                continue
            for statement in migration.statements():
                await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (:name, :at)",
                {"name": migration.name, "at": int(time.time())},
            )
        applied.append(migration.name)
    return applied
