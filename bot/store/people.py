"""Members' personal reminders, and what a server follows as a listing."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Release
from bot.store.database import Database
from bot.store.queries import visible
from bot.store.rows import RELEASE_COLUMNS_R, decode_releases, to_unix


async def add_reminder(
    db: Database, user_id: int, drama_id: str, release_id: str, now: datetime
) -> bool:
    before = db.total_changes
    await db.execute(
        "INSERT INTO personal_reminders (user_id, drama_id, release_id, created_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (user_id, drama_id, release_id, to_unix(now)),
    )
    return db.total_changes > before


async def remove_reminder(db: Database, user_id: int, drama_id: str, release_id: str) -> bool:
    before = db.total_changes
    await db.execute(
        "DELETE FROM personal_reminders WHERE user_id = ? AND drama_id = ? AND release_id = ?",
        (user_id, drama_id, release_id),
    )
    return db.total_changes > before


async def reminders_of(db: Database, user_id: int) -> list[Release]:
    """A member's reminders, soonest first, TBA last."""
    rows = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS_R} FROM personal_reminders AS p"  # noqa: S608
        " JOIN releases AS r ON r.drama_id = p.drama_id AND r.id = p.release_id"
        " WHERE p.user_id = ? ORDER BY r.at IS NULL, r.at, r.drama_id, r.part, r.id",
        (user_id,),
    )
    return decode_releases(rows)


async def reminded_users(db: Database, drama_id: str, release_id: str) -> list[int]:
    rows = await db.fetchall(
        "SELECT user_id FROM personal_reminders WHERE drama_id = ? AND release_id = ?"
        " ORDER BY user_id",
        (drama_id, release_id),
    )
    return [user_id for (user_id,) in rows]


async def followed_upcoming(
    db: Database, guild_id: int, now: datetime, limit: int
) -> list[Release]:
    """The next timed releases this server follows (all, its dramas, its artists)."""
    rows = await db.fetchall(
        f"SELECT {RELEASE_COLUMNS_R} FROM releases AS r"  # noqa: S608
        " WHERE r.at >= ? AND r.status != 'cancelled' AND (r.guild_id IS NULL OR r.guild_id = ?)"
        " AND ("
        "   EXISTS (SELECT 1 FROM follows WHERE guild_id = ? AND kind = 'all')"
        "   OR r.drama_id IN (SELECT value FROM follows WHERE guild_id = ? AND kind = 'drama')"
        "   OR EXISTS (SELECT 1 FROM release_artists AS a JOIN follows AS f"
        "     ON f.kind = 'artist' AND f.value_folded = a.name_folded AND f.guild_id = ?"
        "     WHERE a.drama_id = r.drama_id AND a.release_id = r.id))"
        " ORDER BY r.at, r.drama_id, r.part, r.id LIMIT ?",
        (to_unix(now), guild_id, guild_id, guild_id, guild_id, limit),
    )
    return decode_releases(rows)


async def release_index(
    db: Database, guild_id: int | None
) -> list[tuple[str, str, str | None, str, str, str | None]]:
    """Every release as (drama_id, release_id, title, artists JSON, drama title, native title):
    what autocomplete matches against, without building 100,000 Release objects."""
    scope, params = visible(guild_id)
    rows = await db.fetchall(
        "SELECT r.drama_id, r.id, r.title, r.artists, d.title, d.title_native"  # noqa: S608
        f" FROM releases AS r JOIN dramas AS d ON d.id = r.drama_id WHERE {scope}"
        " ORDER BY r.at IS NULL, r.at, r.drama_id, r.part, r.id",
        params,
    )
    return [tuple(row) for row in rows]


async def catalog_rows(
    db: Database, guild_id: int | None, own_only: bool
) -> list[tuple[str, str, int | None, str | None, str, str, str | None, int | None]]:
    """``release_index`` plus part and instant (unix), for names like "Part 1" and an
    upcoming-first order; ``own_only`` keeps only ``guild_id``'s own releases (a small
    per-server overlay on the curated catalog, without re-reading the curated 100,000)."""
    scope, params = ("r.guild_id = ?", [guild_id]) if own_only else visible(guild_id)
    rows = await db.fetchall(
        "SELECT r.drama_id, r.id, r.part, r.title, r.artists, d.title, d.title_native, r.at"  # noqa: S608
        f" FROM releases AS r JOIN dramas AS d ON d.id = r.drama_id WHERE {scope}"
        " ORDER BY r.at IS NULL, r.at, r.drama_id, r.part, r.id",
        params,
    )
    return [tuple(row) for row in rows]
