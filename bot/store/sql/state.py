"""``State`` in SQL: a small key/value table for process state that must survive restarts."""

# S608: the only text spliced into SQL here is the dialect's locking clause.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Callable

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

    async def update(self, key: str, change: Callable[[str | None], str]) -> str:
        # The row must exist to be locked: a placeholder inserted first (two processes doing so
        # at once: one skips), overwritten before the transaction ends, so never seen.
        async with self._db.atomic():
            created = await self._db.changed(
                "INSERT INTO bot_state (key, value) VALUES (:key, '') ON CONFLICT (key) DO NOTHING",
                {"key": key},
            )
            rows = await self._db.fetchall(
                f"SELECT value FROM bot_state WHERE key = :key{self._db.dialect.for_update}",
                {"key": key},
            )
            value = change(None if created else rows[0][0])
            await self.set(key, value)
        return value
