"""``Ledger`` in SQL: every announcement, reminder and DM, written before it is sent."""

# S608: the only text spliced into SQL here is this module's own column list; every value
# travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
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


# The rows an ``owner`` argument allows a write to touch (``Ledger.mark_sent``): those it still
# claims, or any when it is None.
def _mine(claimed_by: str) -> str:
    return f"({claimed_by} = :owner OR CAST(:owner AS TEXT) IS NULL)"


_MINE = _mine("claimed_by")
_UNCLAIM = "claimed_by = NULL, lease_until = NULL"
# One message's pending rows that are still this process's, found through
# ``deliveries_by_message`` only. ``state || ''`` is ``state`` and ``coalesce(claimed_by, '')``
# matches an owner as ``claimed_by`` does (owners are never empty), written so that no plan can
# serve the state or the claim from their partial indexes (an operator that is strict, as
# ``||``, would still prove ``claimed_by IS NOT NULL``): with statistics taken while
# every row was sent and unclaimed (autovacuum re-analyzes only after 10 % of the table
# changed), PostgreSQL estimated no pending and no claimed rows, and read every pending row (or
# every row this process claimed) through those indexes for each message: ~5 ms per statement
# with 10,000 pending (README, Store engines).
_PENDING_OF_MESSAGE = "message_key = :key AND state || '' = 'pending' AND " + _mine(
    "coalesce(claimed_by, '')"
)
_SENT = (
    "UPDATE deliveries SET state = 'sent', message_id = :message_id, sent_at = :now,"
    f" last_error = NULL, next_attempt_at = NULL, {_UNCLAIM} WHERE {_PENDING_OF_MESSAGE}"
)
_FAILED = (
    "UPDATE deliveries SET state = 'failed', last_error = :error, next_attempt_at = NULL,"
    f" {_UNCLAIM} WHERE {_PENDING_OF_MESSAGE}"
)
_DEFER = (
    "UPDATE deliveries SET attempts = attempts + 1, last_error = :error,"
    f" next_attempt_at = :retry_at, {_UNCLAIM} WHERE {_PENDING_OF_MESSAGE}"
)
_POSTPONE = (
    "UPDATE deliveries SET last_error = :error, next_attempt_at = :retry_at,"
    f" {_UNCLAIM} WHERE {_PENDING_OF_MESSAGE}"
)
_OWE_PUBLISH = (
    "UPDATE deliveries SET publish = 'pending' WHERE message_key = :key AND publish IS NULL"
)


# What ``Ledger.claim`` and ``claim_publishing`` may take.
_CLAIMABLE = "(claimed_by IS NULL OR lease_until <= :now OR claimed_by = :owner)"


def _claim(dialect: Dialect) -> str:
    """``Ledger.claim``'s statement.

    The lock is taken on a message's head (the pending row with the lowest position), so two
    claimers never split one message: the inner SELECT skips a head another transaction has
    locked, and the outer UPDATE re-checks each row's claim once it has it (READ COMMITTED
    re-reads a row it waited for), leaving rows just claimed by another process alone.
    """
    return f"""
WITH heads AS MATERIALIZED (
    SELECT message_key FROM deliveries AS head
    WHERE state = 'pending' AND due_at <= :now
      AND (next_attempt_at IS NULL OR next_attempt_at <= :now) AND {_CLAIMABLE}
      AND NOT EXISTS (SELECT 1 FROM deliveries AS ahead WHERE ahead.state = 'pending'
                      AND ahead.message_key = head.message_key AND ahead.position < head.position)
    ORDER BY due_at, message_key LIMIT :limit{dialect.skip_locked}
)
UPDATE deliveries SET claimed_by = :owner, lease_until = :until
WHERE message_key IN (SELECT message_key FROM heads) AND state = 'pending' AND {_CLAIMABLE}
RETURNING {_COLUMNS}
"""


def _claim_publishing(dialect: Dialect) -> str:
    """``Ledger.claim_publishing``'s statement, locking as ``_claim`` does (on each message's
    first row, the one that owes the publish)."""
    return f"""
WITH owed AS MATERIALIZED (
    SELECT id FROM deliveries
    WHERE publish = 'pending' AND state = 'sent' AND position = 0 AND {_CLAIMABLE}
    ORDER BY sent_at, message_key LIMIT :limit{dialect.skip_locked}
)
UPDATE deliveries SET claimed_by = :owner, lease_until = :until
WHERE id IN (SELECT id FROM owed) AND publish = 'pending' AND {_CLAIMABLE}
RETURNING {_COLUMNS}
"""


def _in_order(rows: list[Delivery]) -> list[Delivery]:
    # RETURNING comes in no particular order.
    return sorted(rows, key=lambda row: (row.due_at, row.message_key, row.position))


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

    async def claim(
        self, owner: str, *, now: datetime, lease: timedelta, limit: int
    ) -> list[Delivery]:
        stamp = to_unix(now)
        rows = await self._db.fetchall(
            _claim(self._db.dialect),
            {"owner": owner, "now": stamp, "until": to_unix(now + lease), "limit": limit},
        )
        return _in_order([_delivery(row) for row in rows])

    async def renew(self, owner: str, *, until: datetime) -> int:
        return await self._db.changed(
            "UPDATE deliveries SET lease_until = :until WHERE claimed_by = :owner",
            {"owner": owner, "until": to_unix(until)},
        )

    async def release(self, owner: str | None) -> int:
        return await self._db.changed(
            f"UPDATE deliveries SET {_UNCLAIM} WHERE claimed_by IS NOT NULL"
            " AND (claimed_by = :owner OR CAST(:owner AS TEXT) IS NULL)",
            {"owner": owner},
        )

    async def next_lease_end(self, owner: str, *, now: datetime) -> datetime | None:
        rows = await self._db.fetchall(
            "SELECT min(lease_until) FROM deliveries WHERE claimed_by IS NOT NULL"
            " AND claimed_by <> :owner AND lease_until > :now"
            " AND (state = 'pending' OR publish = 'pending')",
            {"owner": owner, "now": to_unix(now)},
        )
        first = rows[0][0]
        return None if first is None else from_unix(first)

    async def mark_sent(
        self,
        sent: Sequence[tuple[str, int]],
        *,
        now: datetime,
        publish: Sequence[str] = (),
        owner: str | None = None,
    ) -> int:
        stamp = to_unix(now)
        async with self._db.atomic():
            marked = await self._db.changed_many(
                _SENT,
                [{"message_id": m, "now": stamp, "key": key, "owner": owner} for key, m in sent],
            )
            await self._db.executemany(_OWE_PUBLISH, [{"key": key} for key in publish])
        return marked

    async def mark_failed(self, message_key: str, error: str, *, owner: str | None = None) -> None:
        await self._db.execute(
            _FAILED,
            {"error": error, "key": message_key, "owner": owner},
        )

    async def defer(
        self, message_key: str, error: str, *, retry_at: datetime, owner: str | None = None
    ) -> None:
        await self._db.execute(
            _DEFER,
            {"error": error, "retry_at": to_unix(retry_at), "key": message_key, "owner": owner},
        )

    async def postpone(
        self, message_key: str, error: str, *, retry_at: datetime, owner: str | None = None
    ) -> None:
        await self._db.execute(
            _POSTPONE,
            {"error": error, "retry_at": to_unix(retry_at), "key": message_key, "owner": owner},
        )

    async def to_publish(self, *, limit: int = 100) -> list[Delivery]:
        return await self._select(
            "publish = 'pending' AND state = 'sent' AND position = 0"
            " ORDER BY sent_at, message_key LIMIT :limit",
            {"limit": limit},
        )

    async def claim_publishing(
        self, owner: str, *, now: datetime, lease: timedelta, limit: int = 100
    ) -> list[Delivery]:
        rows = await self._db.fetchall(
            _claim_publishing(self._db.dialect),
            {"owner": owner, "now": to_unix(now), "until": to_unix(now + lease), "limit": limit},
        )
        return sorted(
            (_delivery(row) for row in rows), key=lambda r: (r.sent_at or r.due_at, r.message_key)
        )

    async def mark_published(
        self, message_key: str, *, error: str | None = None, owner: str | None = None
    ) -> None:
        await self._db.execute(
            "UPDATE deliveries SET publish = :outcome, last_error = coalesce(:error, last_error),"
            f" {_UNCLAIM} WHERE message_key = :key AND {_MINE}",
            {
                "outcome": "failed" if error else "done",
                "error": error,
                "key": message_key,
                "owner": owner,
            },
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

    async def drop_pending(
        self,
        drama_id: str,
        release_id: str,
        *,
        owner: str | None = None,
        now: datetime | None = None,
    ) -> int:
        return await self._db.changed(
            "DELETE FROM deliveries WHERE drama_id = :drama AND release_id = :release"
            " AND state = 'pending' AND (CAST(:owner AS TEXT) IS NULL OR claimed_by IS NULL"
            " OR claimed_by = :owner OR lease_until <= :now)",
            {
                "drama": drama_id,
                "release": release_id,
                "owner": owner,
                "now": None if now is None else to_unix(now),
            },
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
        rows = await self._db.fetchall(
            "SELECT count(DISTINCT message_key) FROM deliveries WHERE guild_id = :guild"
            " AND state = 'pending'",
            {"guild": guild_id},
        )
        return int(rows[0][0])
