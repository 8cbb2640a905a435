"""``State`` in SQL: a small key/value table for process state that must survive restarts."""

from __future__ import annotations

from bot.store.sql.engine import Database


class SqlState:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, key: str) -> str | None:
        rows = await self._db.fetchall("SELECT value FROM bot_state WHERE key = :key", {"key": key})
        return rows[0][0] if rows else None

    async def set(self, key: str, value: str) -> None:
        await self._db.execute(
            "INSERT INTO bot_state (key, value) VALUES (:key, :value)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            {"key": key, "value": value},
        )
