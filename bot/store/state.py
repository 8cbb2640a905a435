"""A small key/value table for process state that must survive restarts."""

from __future__ import annotations

from bot.store.database import Database


async def get_state(db: Database, key: str) -> str | None:
    rows = await db.fetchall("SELECT value FROM bot_state WHERE key = ?", (key,))
    return rows[0][0] if rows else None


async def set_state(db: Database, key: str, value: str) -> None:
    await db.execute(
        "INSERT INTO bot_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
