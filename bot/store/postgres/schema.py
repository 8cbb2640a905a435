"""Versioned migrations for PostgreSQL: ``bot/store/postgres/migrations/NNNN_*.sql``, with the
same names and steps as the SQLite engine's, recorded in the same ``schema_migrations`` table.

Each migration runs in its own transaction (PostgreSQL's DDL is transactional: a failing file
leaves nothing behind). Several processes may open one database at once: an advisory lock held
for each transaction makes them apply the migrations one after the other, each only once.
"""

from __future__ import annotations

import time

from bot.store.errors import MigrationError
from bot.store.migrations import bundled, refuse_newer, require_current
from bot.store.postgres.database import Database

# The advisory lock's key: any constant no other program on the database uses ("ostbot" in hex).
_LOCK = "SELECT pg_advisory_xact_lock(:key)"
_LOCK_KEY = 0x6F737462_6F74

_CREATE_LEDGER = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name        TEXT PRIMARY KEY,
    applied_at  BIGINT NOT NULL   -- unix seconds UTC
)
"""


def bundled_migrations() -> list[tuple[str, str]]:
    return bundled("bot.store.postgres")


async def _tables(db: Database) -> set[str]:
    rows = await db.fetchall(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    )
    return {name for (name,) in rows}


async def applied_migrations(db: Database) -> list[str]:
    rows = await db.fetchall("SELECT name FROM schema_migrations ORDER BY name")
    return [name for (name,) in rows]


async def check_current(db: Database) -> None:
    """For a read-only open: the database must hold exactly this ostbot's schema."""
    if "schema_migrations" not in await _tables(db):
        raise MigrationError(
            f"{db.path}: no ostbot store in this database yet; run 'ostbot import schedules/' first"
        )
    known = [name for name, _ in bundled_migrations()]
    require_current(db.path, known, await applied_migrations(db))


async def migrate(db: Database) -> list[str]:
    """Apply every migration not yet recorded; returns the names applied now."""
    migrations = bundled_migrations()
    async with db.atomic():
        await db.execute(_LOCK, {"key": _LOCK_KEY})
        tables = await _tables(db)
        if tables and "schema_migrations" not in tables:
            # Someone else's database: adding our tables to it would change it for nothing.
            raise MigrationError(
                f"{db.path}: a PostgreSQL database but not an ostbot store (it has tables "
                f"such as {sorted(tables)[0]}); refusing to change it"
            )
        await db.execute(_CREATE_LEDGER)
        refuse_newer(db.path, [name for name, _ in migrations], await applied_migrations(db))
    applied: list[str] = []
    for name, sql in migrations:
        async with db.atomic():
            await db.execute(_LOCK, {"key": _LOCK_KEY})
            done = await db.fetchall(
                "SELECT 1 FROM schema_migrations WHERE name = :name", {"name": name}
            )
            if done:
                continue
            await db.execute(sql)  # no parameters: the whole file in one simple query
            await db.execute(
                "INSERT INTO schema_migrations (name, applied_at) VALUES (:name, :at)",
                {"name": name, "at": int(time.time())},
            )
        applied.append(name)
    return applied
