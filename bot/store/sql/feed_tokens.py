"""``FeedTokens`` in SQL: each server's private feed, by the sha256 of its token."""

from __future__ import annotations

from datetime import datetime

from bot.store.sql.engine import Database
from bot.store.sql.rows import from_unix, to_unix


class SqlFeedTokens:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def replace(self, guild_id: int, token_sha256: str, *, now: datetime) -> None:
        await self._db.execute(
            "INSERT INTO feed_tokens (guild_id, token_sha256, created_at)"
            " VALUES (:guild, :digest, :now) ON CONFLICT (guild_id)"
            " DO UPDATE SET token_sha256 = excluded.token_sha256, created_at = excluded.created_at",
            {"guild": guild_id, "digest": token_sha256, "now": to_unix(now)},
        )

    async def made_at(self, guild_id: int) -> datetime | None:
        rows = await self._db.fetchall(
            "SELECT created_at FROM feed_tokens WHERE guild_id = :guild", {"guild": guild_id}
        )
        return from_unix(rows[0][0]) if rows else None

    async def guild_of(self, token_sha256: str) -> int | None:
        rows = await self._db.fetchall(
            "SELECT guild_id FROM feed_tokens WHERE token_sha256 = :digest",
            {"digest": token_sha256},
        )
        return int(rows[0][0]) if rows else None
