"""Servers' settings and follows, and the question fan-out asks: who wants this release?"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain import Follow, FollowKind, GuildSettings
from bot.store.database import Database
from bot.store.rows import from_unix, to_unix

_COLUMNS = (
    "g.guild_id, g.configured_at, g.channel_id, g.ping_role_id, g.reminder_offsets,"
    " g.catchup_seconds, g.broken_reason, g.broken_at, g.publish, g.mirror_events, g.events_broken"
)


def _settings(row: Sequence[Any]) -> GuildSettings:
    guild_id, configured, channel, role, offsets, catchup, reason, broken_at, publish = row[:9]
    mirror_events, events_broken = row[9:11]
    return GuildSettings(
        guild_id=guild_id,
        configured_at=from_unix(configured),
        channel_id=channel,
        ping_role_id=role,
        reminder_offsets=tuple(timedelta(seconds=s) for s in json.loads(offsets)),
        catchup=timedelta(seconds=catchup),
        broken_reason=reason,
        broken_at=None if broken_at is None else from_unix(broken_at),
        publish=bool(publish),
        mirror_events=bool(mirror_events),
        events_broken=events_broken,
    )


async def get_guild(db: Database, guild_id: int) -> GuildSettings | None:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM guild_settings AS g WHERE g.guild_id = ?",  # noqa: S608
        (guild_id,),
    )
    return _settings(rows[0]) if rows else None


async def get_guilds(db: Database, guild_ids: Sequence[int]) -> dict[int, GuildSettings]:
    if not guild_ids:
        return {}
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM guild_settings AS g"  # noqa: S608
        " WHERE g.guild_id IN (SELECT value FROM json_each(?))",
        (json.dumps(list(guild_ids)),),
    )
    return {row[0]: _settings(row) for row in rows}


async def _ensure(db: Database, guild_id: int, now: datetime) -> None:
    stamp = to_unix(now)
    await db.execute(
        "INSERT INTO guild_settings (guild_id, configured_at, updated_at) VALUES (?, ?, ?)"
        " ON CONFLICT (guild_id) DO NOTHING",
        (guild_id, stamp, stamp),
    )


async def update_guild(db: Database, guild_id: int, now: datetime, **values: Any) -> None:
    """Set some of: channel_id, ping_role_id, reminder_offsets, catchup_seconds, broken_reason."""
    allowed = {
        "channel_id", "ping_role_id", "reminder_offsets", "catchup_seconds", "publish",
        "mirror_events", "events_broken",
    }  # fmt: skip
    unknown = set(values) - allowed - {"broken_reason", "broken_at"}
    if unknown:
        raise ValueError(f"unknown guild settings: {sorted(unknown)}")
    async with db.atomic():
        await _ensure(db, guild_id, now)
        assignments = ", ".join(f"{name} = ?" for name in values)
        await db.execute(
            f"UPDATE guild_settings SET {assignments}, updated_at = ? WHERE guild_id = ?",  # noqa: S608
            (*values.values(), to_unix(now), guild_id),
        )


async def follow(db: Database, guild_id: int, target: Follow, now: datetime) -> bool:
    async with db.atomic():
        await _ensure(db, guild_id, now)
        before = db.total_changes
        await db.execute(
            "INSERT INTO follows (guild_id, kind, value, value_folded, created_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
            (guild_id, target.kind.value, target.value, target.value.casefold(), to_unix(now)),
        )
        return db.total_changes > before


async def unfollow(db: Database, guild_id: int, target: Follow) -> bool:
    before = db.total_changes
    await db.execute(
        "DELETE FROM follows WHERE guild_id = ? AND kind = ? AND value_folded = ?",
        (guild_id, target.kind.value, target.value.casefold()),
    )
    return db.total_changes > before


async def follows(db: Database, guild_id: int) -> list[Follow]:
    rows = await db.fetchall(
        "SELECT kind, value FROM follows WHERE guild_id = ? ORDER BY kind, value_folded",
        (guild_id,),
    )
    return [Follow(FollowKind(kind), value) for kind, value in rows]


async def audience(db: Database, drama_id: str, release_id: str) -> list[GuildSettings]:
    """Servers that can post and follow this release: all, its drama, or one of its artists.

    A server's own release goes to that server only. Ordered by guild id, so a fan-out (and
    its message keys) is the same after a restart.
    """
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM guild_settings AS g"  # noqa: S608
        " WHERE g.channel_id IS NOT NULL AND g.broken_reason IS NULL"
        " AND coalesce((SELECT guild_id FROM releases WHERE drama_id = :drama AND id = :release),"
        "              g.guild_id) = g.guild_id"
        " AND g.guild_id IN ("
        "   SELECT guild_id FROM follows WHERE kind = 'all'"
        "   UNION SELECT guild_id FROM follows WHERE kind = 'drama' AND value_folded = :folded"
        "   UNION SELECT f.guild_id FROM follows AS f JOIN release_artists AS a"
        "     ON f.kind = 'artist' AND f.value_folded = a.name_folded"
        "     WHERE a.drama_id = :drama AND a.release_id = :release)"
        " ORDER BY g.guild_id",
        {"drama": drama_id, "release": release_id, "folded": drama_id.casefold()},
    )
    return [_settings(row) for row in rows]


async def reminder_offsets(db: Database) -> set[timedelta]:
    """Every reminder offset some server with a working channel has asked for."""
    rows = await db.fetchall(
        "SELECT DISTINCT j.value FROM guild_settings AS g, json_each(g.reminder_offsets) AS j"
        " WHERE g.channel_id IS NOT NULL AND g.broken_reason IS NULL"
    )
    return {timedelta(seconds=seconds) for (seconds,) in rows}
