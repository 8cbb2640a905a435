"""``Ledger`` in SQL: every announcement, reminder and DM, written before it is sent."""

# S608: the only text spliced into SQL here is this module's own column list; every value
# travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.domain import DeliveryKind
from bot.store.sql.engine import Database, Dialect
from bot.store.sql.rows import from_unix, to_unix
from bot.store.types import Delivery, DeliveryState, NewDelivery

_COLUMNS = (
    "id, drama_id, release_id, guild_id, channel_id, user_id, kind, due_at, message_key,"
    " position, state, message_id, attempts, next_attempt_at, last_error, sent_at"
)
# What ``add`` writes, and each column's type as PostgreSQL reads it from the JSON rows. Named
# one by one so the columns left out take their defaults.
_NEW_COLUMNS = (
    ("drama_id", "text"),
    ("release_id", "text"),
    ("guild_id", "bigint"),
    ("channel_id", "bigint"),
    ("user_id", "bigint"),
    ("kind", "text"),
    ("due_at", "bigint"),
    ("message_key", "text"),
    ("position", "integer"),
    ("state", "text"),
    ("last_error", "text"),
    ("created_at", "bigint"),
)
_NAMES = ", ".join(name for name, _ in _NEW_COLUMNS)
# No conflict target: a row already written for the same (release, channel, kind), or for a DM
# the same (release, member), is skipped whichever of the two unique keys it meets, and so is
# the second of two such rows in one batch.
_INSERT_ONE = (
    f"INSERT INTO deliveries ({_NAMES})"
    f" VALUES ({', '.join(f':{name}' for name, _ in _NEW_COLUMNS)}) ON CONFLICT DO NOTHING"
)


def _insert_all(dialect: Dialect) -> str | None:
    """The batch in one statement where the engine gains by it: one statement per row costs
    a round trip each on PostgreSQL (about 1 s for 10,000 rows)."""
    rows = dialect.json_rows("rows", _NEW_COLUMNS)
    if rows is None:
        return None
    return f"INSERT INTO deliveries ({_NAMES}) SELECT {_NAMES} FROM {rows} ON CONFLICT DO NOTHING"


_SENT = (
    "UPDATE deliveries SET state = 'sent', message_id = :message_id, sent_at = :now,"
    " last_error = NULL, next_attempt_at = NULL WHERE message_key = :key AND state = 'pending'"
)
_OWE_PUBLISH = (
    "UPDATE deliveries SET publish = 'pending' WHERE message_key = :key AND publish IS NULL"
)


def _delivery(row: Sequence[Any]) -> Delivery:
    (id_, drama, release, guild, channel, user, kind, due, key, position, state) = row[:11]
    message_id, attempts, next_at, error, sent = row[11:]
    return Delivery(
        id=id_,
        drama_id=drama,
        release_id=release,
        guild_id=guild,
        channel_id=channel,
        user_id=user,
        kind=DeliveryKind.named(kind),
        due_at=from_unix(due),
        message_key=key,
        position=position,
        state=state,
        message_id=message_id,
        attempts=attempts,
        next_attempt_at=None if next_at is None else from_unix(next_at),
        last_error=error,
        sent_at=None if sent is None else from_unix(sent),
    )


def _new_row(row: NewDelivery, created_at: int | None) -> dict[str, Any]:
    return {
        "drama_id": row.drama_id,
        "release_id": row.release_id,
        "guild_id": row.guild_id,
        "channel_id": row.channel_id,
        "user_id": row.user_id,
        "kind": str(row.kind),
        "due_at": to_unix(row.due_at),
        "message_key": row.message_key,
        "position": row.position,
        "state": row.state,
        "last_error": row.last_error,
        "created_at": created_at,
    }


async def fail_guild(db: Database, guild_id: int, error: str) -> None:
    """Give up the pending rows of a server whose channel refused us (``mark_broken``)."""
    await db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = :error, next_attempt_at = NULL"
        " WHERE guild_id = :guild AND state = 'pending'",
        {"error": error, "guild": guild_id},
    )


class SqlLedger:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def _select(self, where: str, parameters: dict[str, Any]) -> list[Delivery]:
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM deliveries WHERE {where}", parameters
        )
        return [_delivery(row) for row in rows]

    async def add(self, rows: Sequence[NewDelivery], *, now: datetime) -> int:
        if not rows:
            return 0
        stamp = to_unix(now)
        batch = [_new_row(row, stamp) for row in rows]
        insert_all = _insert_all(self._db.dialect)
        if insert_all is not None:
            return await self._db.changed(insert_all, {"rows": json.dumps(batch)})
        async with self._db.atomic():
            return await self._db.changed_many(_INSERT_ONE, batch)

    async def pending(self, *, now: datetime, limit: int | None = None) -> list[Delivery]:
        # Rows prepared ahead of their instant wait for it (due_at): the first message then
        # leaves the moment the instant comes, not after the fan-out's rows are written.
        return await self._select(
            "state = 'pending' AND due_at <= :now"
            " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
            " ORDER BY due_at, message_key, position LIMIT :limit",
            {"now": to_unix(now), "limit": self._db.dialect.no_limit if limit is None else limit},
        )

    async def next_retry(self) -> tuple[datetime | None, int]:
        rows = await self._db.fetchall(
            "SELECT min(next_attempt_at), count(DISTINCT message_key) FROM deliveries"
            " WHERE state = 'pending' AND next_attempt_at IS NOT NULL"
        )
        first, count = rows[0]
        return (None if first is None else from_unix(first)), count

    async def mark_sent(
        self, sent: Sequence[tuple[str, int]], *, now: datetime, publish: Sequence[str] = ()
    ) -> None:
        stamp = to_unix(now)
        async with self._db.atomic():
            await self._db.executemany(
                _SENT, [{"message_id": m, "now": stamp, "key": key} for key, m in sent]
            )
            await self._db.executemany(_OWE_PUBLISH, [{"key": key} for key in publish])

    async def mark_failed(self, message_key: str, error: str) -> None:
        await self._db.execute(
            "UPDATE deliveries SET state = 'failed', last_error = :error, next_attempt_at = NULL"
            " WHERE message_key = :key AND state = 'pending'",
            {"error": error, "key": message_key},
        )

    async def defer(self, message_key: str, error: str, *, retry_at: datetime) -> None:
        await self._db.execute(
            "UPDATE deliveries SET attempts = attempts + 1, last_error = :error,"
            " next_attempt_at = :retry_at WHERE message_key = :key AND state = 'pending'",
            {"error": error, "retry_at": to_unix(retry_at), "key": message_key},
        )

    async def postpone(self, message_key: str, error: str, *, retry_at: datetime) -> None:
        await self._db.execute(
            "UPDATE deliveries SET last_error = :error, next_attempt_at = :retry_at"
            " WHERE message_key = :key AND state = 'pending'",
            {"error": error, "retry_at": to_unix(retry_at), "key": message_key},
        )

    async def to_publish(self, *, limit: int = 100) -> list[Delivery]:
        return await self._select(
            "publish = 'pending' AND state = 'sent' AND position = 0"
            " ORDER BY sent_at, message_key LIMIT :limit",
            {"limit": limit},
        )

    async def mark_published(self, message_key: str, *, error: str | None = None) -> None:
        await self._db.execute(
            "UPDATE deliveries SET publish = :outcome, last_error = coalesce(:error, last_error)"
            " WHERE message_key = :key",
            {"outcome": "failed" if error else "done", "error": error, "key": message_key},
        )

    async def for_message(self, message_key: str) -> list[Delivery]:
        return await self._select("message_key = :key ORDER BY position", {"key": message_key})

    async def for_release(
        self, drama_id: str, release_id: str, *, state: DeliveryState | None = None
    ) -> list[Delivery]:
        return await self._select(
            "drama_id = :drama AND release_id = :release AND state = coalesce(:state, state)"
            " ORDER BY channel_id, user_id, kind",
            {"drama": drama_id, "release": release_id, "state": state},
        )

    async def drop_pending(self, drama_id: str, release_id: str) -> int:
        return await self._db.changed(
            "DELETE FROM deliveries WHERE drama_id = :drama AND release_id = :release"
            " AND state = 'pending'",
            {"drama": drama_id, "release": release_id},
        )

    async def for_guild(
        self, guild_id: int, *, states: Sequence[DeliveryState], limit: int | None = None
    ) -> list[Delivery]:
        return await self._select(
            f"guild_id = :guild AND {self._db.dialect.any_of('state', 'states')}"
            " ORDER BY due_at DESC, drama_id, release_id LIMIT :limit",
            {
                "guild": guild_id,
                "states": self._db.dialect.list_value(states),
                "limit": self._db.dialect.no_limit if limit is None else limit,
            },
        )

    async def count_for_guild(self, guild_id: int, *, states: Sequence[DeliveryState]) -> int:
        rows = await self._db.fetchall(
            "SELECT count(*) FROM deliveries WHERE guild_id = :guild"
            f" AND {self._db.dialect.any_of('state', 'states')}",
            {"guild": guild_id, "states": self._db.dialect.list_value(states)},
        )
        return int(rows[0][0])

    async def pending_messages(self, guild_id: int) -> int:
        # Rows of one message count once.
        rows = await self._db.fetchall(
            "SELECT count(DISTINCT message_key) FROM deliveries WHERE guild_id = :guild"
            " AND state = 'pending'",
            {"guild": guild_id},
        )
        return int(rows[0][0])
