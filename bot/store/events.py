"""The Discord scheduled events the bot created for servers' followed releases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database
from bot.store.rows import from_unix, to_unix


@dataclass(frozen=True, slots=True)
class EventMirror:
    """One release mirrored as a scheduled event in one server."""

    guild_id: int
    drama_id: str
    release_id: str
    event_id: int
    fingerprint: str  # digest of what was sent; a different one means "edit the event"
    start_at: datetime


async def mirrors(db: Database, guild_id: int) -> list[EventMirror]:
    rows = await db.fetchall(
        "SELECT guild_id, drama_id, release_id, event_id, fingerprint, start_at"
        " FROM event_mirrors WHERE guild_id = ? ORDER BY start_at, drama_id, release_id",
        (guild_id,),
    )
    return [EventMirror(g, d, r, e, f, from_unix(s)) for g, d, r, e, f, s in rows]


async def save_mirror(db: Database, mirror: EventMirror) -> None:
    await db.execute(
        "INSERT INTO event_mirrors"
        " (guild_id, drama_id, release_id, event_id, fingerprint, start_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, drama_id, release_id) DO UPDATE"
        " SET event_id = excluded.event_id, fingerprint = excluded.fingerprint,"
        " start_at = excluded.start_at",
        (
            mirror.guild_id,
            mirror.drama_id,
            mirror.release_id,
            mirror.event_id,
            mirror.fingerprint,
            to_unix(mirror.start_at),
        ),
    )


async def forget_mirror(db: Database, guild_id: int, drama_id: str, release_id: str) -> None:
    await db.execute(
        "DELETE FROM event_mirrors WHERE guild_id = ? AND drama_id = ? AND release_id = ?",
        (guild_id, drama_id, release_id),
    )


async def syncing_guilds(db: Database) -> list[int]:
    """Servers whose events need a look: mirroring and not broken, or with events left over
    from mirroring that was turned off (to delete them)."""
    # A broken server is left alone either way: its calls would only be refused again.
    rows = await db.fetchall(
        "SELECT guild_id FROM guild_settings WHERE mirror_events = 1 AND events_broken IS NULL"
        " UNION SELECT m.guild_id FROM event_mirrors AS m JOIN guild_settings AS g"
        "   ON g.guild_id = m.guild_id WHERE g.mirror_events = 0 AND g.events_broken IS NULL"
        " ORDER BY 1"
    )
    return [guild_id for (guild_id,) in rows]
