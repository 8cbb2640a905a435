"""``Events`` in SQL: the Discord scheduled events the bot created for followed releases."""

from __future__ import annotations

from bot.store.sql.engine import Database
from bot.store.sql.rows import from_unix, to_unix
from bot.store.types import EventMirror


class SqlEvents:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def mirrors(self, guild_id: int) -> list[EventMirror]:
        rows = await self._db.fetchall(
            "SELECT guild_id, drama_id, release_id, event_id, fingerprint, start_at"
            " FROM event_mirrors WHERE guild_id = :guild ORDER BY start_at, drama_id, release_id",
            {"guild": guild_id},
        )
        return [EventMirror(g, d, r, e, f, from_unix(s)) for g, d, r, e, f, s in rows]

    async def save(self, mirror: EventMirror) -> None:
        await self._db.execute(
            "INSERT INTO event_mirrors"
            " (guild_id, drama_id, release_id, event_id, fingerprint, start_at)"
            " VALUES (:guild, :drama, :release, :event, :fingerprint, :start_at)"
            " ON CONFLICT (guild_id, drama_id, release_id) DO UPDATE"
            " SET event_id = excluded.event_id, fingerprint = excluded.fingerprint,"
            " start_at = excluded.start_at",
            {
                "guild": mirror.guild_id,
                "drama": mirror.drama_id,
                "release": mirror.release_id,
                "event": mirror.event_id,
                "fingerprint": mirror.fingerprint,
                "start_at": to_unix(mirror.start_at),
            },
        )

    async def forget(self, guild_id: int, drama_id: str, release_id: str) -> None:
        await self._db.execute(
            "DELETE FROM event_mirrors WHERE guild_id = :guild AND drama_id = :drama"
            " AND release_id = :release",
            {"guild": guild_id, "drama": drama_id, "release": release_id},
        )

    async def syncing_guilds(self) -> list[int]:
        """Servers whose events need a look: mirroring and not broken, or with events left over
        from mirroring that was turned off (to delete them)."""
        # A broken server is left alone either way: its calls would only be refused again.
        rows = await self._db.fetchall(
            "SELECT guild_id FROM guild_settings WHERE mirror_events = 1 AND events_broken IS NULL"
            " UNION SELECT m.guild_id FROM event_mirrors AS m JOIN guild_settings AS g"
            "   ON g.guild_id = m.guild_id WHERE g.mirror_events = 0 AND g.events_broken IS NULL"
            " ORDER BY 1"
        )
        return [guild_id for (guild_id,) in rows]
