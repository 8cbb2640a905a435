"""``Servers`` in SQL: servers' settings and follows, and who wants a release."""

# S608: the only text spliced into SQL here is this module's own column list and the names of
# settings columns (from the fixed set ``_SETTINGS``); every value travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from bot.domain import Follow, FollowKind, GuildSettings
from bot.store.sql.engine import Database
from bot.store.sql.ledger import fail_guild
from bot.store.sql.rows import from_unix, to_unix

_COLUMNS = (
    "g.guild_id, g.configured_at, g.channel_id, g.ping_role_id, g.reminder_offsets,"
    " g.catchup_seconds, g.broken_reason, g.broken_at, g.publish, g.mirror_events, g.events_broken"
    ", g.language, g.discord_locale, g.channel_news"
)
# The guild_settings columns the setters below may write (configured_at and updated_at are the
# store's own).
_SETTINGS = frozenset(
    {
        "channel_id", "ping_role_id", "reminder_offsets", "catchup_seconds", "broken_reason",
        "broken_at", "publish", "mirror_events", "events_broken", "language", "discord_locale",
        "channel_news",
    }
)  # fmt: skip


def _settings(row: Sequence[Any]) -> GuildSettings:
    guild_id, configured, channel, role, offsets, catchup, reason, broken_at, publish = row[:9]
    mirror_events, events_broken, language, discord_locale, news = row[9:14]
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
        language=language,
        discord_locale=discord_locale,
        channel_news=None if news is None else bool(news),
    )


class SqlServers:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettings | None:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM guild_settings AS g WHERE g.guild_id = :guild",
            {"guild": guild_id},
        )
        return _settings(rows[0]) if rows else None

    async def get_many(self, guild_ids: Sequence[int]) -> dict[int, GuildSettings]:
        if not guild_ids:
            return {}
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM guild_settings AS g"
            f" WHERE {self._db.dialect.any_of('g.guild_id', 'guilds')}",
            {"guilds": self._db.dialect.list_value(guild_ids)},
        )
        return {row[0]: _settings(row) for row in rows}

    async def set_channel(
        self,
        guild_id: int,
        channel_id: int,
        *,
        ping_role_id: int | None,
        now: datetime,
        news: bool | None = None,
    ) -> None:
        await self._update(
            guild_id,
            now,
            channel_id=channel_id,
            ping_role_id=ping_role_id,
            broken_reason=None,
            broken_at=None,
            channel_news=None if news is None else int(news),
        )

    async def note_channel_kind(
        self, guild_id: int, channel_id: int, news: bool, *, now: datetime
    ) -> None:
        await self._db.execute(
            "UPDATE guild_settings SET channel_news = :news, updated_at = :now"
            " WHERE guild_id = :guild AND channel_id = :channel",
            {"news": int(news), "now": to_unix(now), "guild": guild_id, "channel": channel_id},
        )

    async def set_reminders(
        self, guild_id: int, offsets: Sequence[timedelta], *, now: datetime
    ) -> None:
        seconds = sorted({int(offset.total_seconds()) for offset in offsets}, reverse=True)
        await self._update(guild_id, now, reminder_offsets=json.dumps(seconds))

    async def set_catchup(self, guild_id: int, window: timedelta, *, now: datetime) -> None:
        await self._update(guild_id, now, catchup_seconds=int(window.total_seconds()))

    async def set_publish(self, guild_id: int, publish: bool, *, now: datetime) -> None:
        await self._update(guild_id, now, publish=int(publish))

    async def set_event_mirroring(self, guild_id: int, enabled: bool, *, now: datetime) -> None:
        await self._update(guild_id, now, mirror_events=int(enabled), events_broken=None)

    async def set_language(self, guild_id: int, language: str | None, *, now: datetime) -> None:
        await self._update(guild_id, now, language=language)

    async def note_discord_locale(self, guild_id: int, locale: str, *, now: datetime) -> None:
        # A plain UPDATE: ``_update`` would create the row of a server with no settings.
        await self._db.execute(
            "UPDATE guild_settings SET discord_locale = :locale, updated_at = :now"
            " WHERE guild_id = :guild AND (discord_locale IS NULL OR discord_locale <> :locale)",
            {"locale": locale, "now": to_unix(now), "guild": guild_id},
        )

    async def mark_events_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        await self._update(guild_id, now, events_broken=reason)

    async def mark_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        async with self._db.atomic():
            await self._update(guild_id, now, broken_reason=reason, broken_at=to_unix(now))
            await fail_guild(self._db, guild_id, reason)

    async def _update(self, guild_id: int, now: datetime, **values: Any) -> None:
        """Set some of the ``_SETTINGS`` columns of a server, creating its row if needed."""
        unknown = set(values) - _SETTINGS
        if unknown:
            raise ValueError(f"unknown guild settings: {sorted(unknown)}")
        async with self._db.atomic():
            await self._ensure(guild_id, now)
            assignments = ", ".join(f"{name} = :{name}" for name in values)
            await self._db.execute(
                f"UPDATE guild_settings SET {assignments}, updated_at = :now"
                " WHERE guild_id = :guild",
                {**values, "now": to_unix(now), "guild": guild_id},
            )

    async def _ensure(self, guild_id: int, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO guild_settings (guild_id, configured_at, updated_at)"
            " VALUES (:guild, :now, :now) ON CONFLICT (guild_id) DO NOTHING",
            {"guild": guild_id, "now": to_unix(now)},
        )

    async def follow(self, guild_id: int, target: Follow, *, now: datetime) -> bool:
        async with self._db.atomic():
            await self._ensure(guild_id, now)
            return bool(
                await self._db.changed(
                    "INSERT INTO follows (guild_id, kind, value, value_folded, created_at)"
                    " VALUES (:guild, :kind, :value, :folded, :now) ON CONFLICT DO NOTHING",
                    {
                        "guild": guild_id,
                        "kind": target.kind.value,
                        "value": target.value,
                        "folded": target.value.casefold(),
                        "now": to_unix(now),
                    },
                )
            )

    async def unfollow(self, guild_id: int, target: Follow) -> bool:
        return bool(
            await self._db.changed(
                "DELETE FROM follows WHERE guild_id = :guild AND kind = :kind"
                " AND value_folded = :folded",
                {"guild": guild_id, "kind": target.kind.value, "folded": target.value.casefold()},
            )
        )

    async def follows(self, guild_id: int) -> list[Follow]:
        rows = await self._db.fetchall(
            "SELECT kind, value FROM follows WHERE guild_id = :guild ORDER BY kind, value_folded",
            {"guild": guild_id},
        )
        return [Follow(FollowKind(kind), value) for kind, value in rows]

    async def audience(self, drama_id: str, release_id: str) -> list[GuildSettings]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM guild_settings AS g"
            " WHERE g.channel_id IS NOT NULL AND g.broken_reason IS NULL"
            " AND coalesce((SELECT guild_id FROM releases WHERE drama_id = :drama"
            "   AND id = :release), g.guild_id) = g.guild_id"
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

    async def reminder_offsets(self) -> set[timedelta]:
        # Servers choose among a few offsets, so the distinct lists are few: read them whole.
        rows = await self._db.fetchall(
            "SELECT DISTINCT reminder_offsets FROM guild_settings"
            " WHERE channel_id IS NOT NULL AND broken_reason IS NULL"
        )
        return {
            timedelta(seconds=seconds) for (offsets,) in rows for seconds in json.loads(offsets)
        }
