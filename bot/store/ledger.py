"""The delivery ledger: every announcement and reminder, written before it is sent.

A row moves pending → sent (with the message id), or pending → failed; rows for servers whose
catch-up window had passed are written straight as missed. Rows sharing a ``message_key`` are
one message, and move together.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.store.database import Database
from bot.store.rows import from_unix, to_unix
from bot.store.types import Delivery, NewDelivery

_COLUMNS = (
    "id, drama_id, release_id, guild_id, channel_id, kind, due_at, message_key, position, state,"
    " message_id, attempts, next_attempt_at, last_error, sent_at"
)
_INSERT = """
INSERT INTO deliveries (drama_id, release_id, guild_id, channel_id, kind, due_at, message_key,
                        position, state, last_error, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (drama_id, release_id, channel_id, kind) DO NOTHING
"""


def _delivery(row: Sequence[Any]) -> Delivery:
    (id_, drama, release, guild, channel, kind, due, key, position, state) = row[:10]
    message_id, attempts, next_at, error, sent = row[10:]
    return Delivery(
        id=id_,
        drama_id=drama,
        release_id=release,
        guild_id=guild,
        channel_id=channel,
        kind=kind,
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


async def add(db: Database, rows: Sequence[NewDelivery], now: datetime) -> int:
    """Write rows that do not exist yet (by release, channel, kind); returns how many were new."""
    stamp = to_unix(now)
    values = [
        (
            *(r.drama_id, r.release_id, r.guild_id, r.channel_id, r.kind, to_unix(r.due_at)),
            *(r.message_key, r.position, r.state, r.last_error, stamp),
        )
        for r in rows
    ]
    async with db.atomic():
        before = db.total_changes
        await db.executemany(_INSERT, values)
        return db.total_changes - before


async def pending(db: Database, now: datetime, limit: int | None = None) -> list[Delivery]:
    """Pending rows ready to send (not waiting for a retry), oldest due first, by message."""
    # Rows prepared ahead of their instant wait for it (due_at): the first message then leaves
    # the moment the instant comes, not after the fan-out's rows are written.
    stamp = to_unix(now)
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE state = 'pending' AND due_at <= ?"  # noqa: S608
        " AND (next_attempt_at IS NULL OR next_attempt_at <= ?)"
        " ORDER BY due_at, message_key, position LIMIT ?",
        (stamp, stamp, -1 if limit is None else limit),
    )
    return [_delivery(row) for row in rows]


async def next_retry(db: Database) -> tuple[datetime | None, int]:
    """The earliest retry time of deferred rows, and how many messages are deferred."""
    rows = await db.fetchall(
        "SELECT min(next_attempt_at), count(DISTINCT message_key) FROM deliveries"
        " WHERE state = 'pending' AND next_attempt_at IS NOT NULL"
    )
    first, count = rows[0]
    return (None if first is None else from_unix(first)), count


async def mark_sent(db: Database, message_key: str, message_id: int, now: datetime) -> None:
    await db.execute(
        "UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ?, last_error = NULL,"
        " next_attempt_at = NULL WHERE message_key = ? AND state = 'pending'",
        (message_id, to_unix(now), message_key),
    )


async def mark_sent_many(
    db: Database,
    sent: Sequence[tuple[str, int]],
    now: datetime,
    publish: Sequence[str] = (),
) -> None:
    """``mark_sent`` for many messages in one transaction: (message_key, message_id) pairs;
    the keys in ``publish`` are also queued for publishing (all or nothing with the rest)."""
    stamp = to_unix(now)
    async with db.atomic():
        await db.executemany(
            "UPDATE deliveries SET state = 'sent', message_id = ?, sent_at = ?, last_error = NULL,"
            " next_attempt_at = NULL WHERE message_key = ? AND state = 'pending'",
            [(message_id, stamp, key) for key, message_id in sent],
        )
        await db.executemany(
            "UPDATE deliveries SET publish = 'pending' WHERE message_key = ? AND publish IS NULL",
            [(key,) for key in publish],
        )


async def mark_to_publish(db: Database, message_key: str) -> None:
    await db.execute(
        "UPDATE deliveries SET publish = 'pending' WHERE message_key = ? AND publish IS NULL",
        (message_key,),
    )


async def to_publish(db: Database, limit: int) -> list[Delivery]:
    """The first row of each sent message still waiting to be published."""
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE publish = 'pending' AND state = 'sent'"  # noqa: S608
        " AND position = 0 ORDER BY sent_at, message_key LIMIT ?",
        (limit,),
    )
    return [_delivery(row) for row in rows]


async def mark_published(db: Database, message_key: str, outcome: str, error: str | None) -> None:
    await db.execute(
        "UPDATE deliveries SET publish = ?, last_error = coalesce(?, last_error)"
        " WHERE message_key = ?",
        (outcome, error, message_key),
    )


async def mark_failed(db: Database, message_key: str, error: str) -> None:
    await db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = ?, next_attempt_at = NULL"
        " WHERE message_key = ? AND state = 'pending'",
        (error, message_key),
    )


async def defer(db: Database, message_key: str, error: str, retry_at: datetime) -> None:
    await db.execute(
        "UPDATE deliveries SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?"
        " WHERE message_key = ? AND state = 'pending'",
        (error, to_unix(retry_at), message_key),
    )


async def postpone(db: Database, message_key: str, error: str, retry_at: datetime) -> None:
    """Like ``defer``, but not the message's fault (Discord asked us to wait): no attempt."""
    await db.execute(
        "UPDATE deliveries SET last_error = ?, next_attempt_at = ?"
        " WHERE message_key = ? AND state = 'pending'",
        (error, to_unix(retry_at), message_key),
    )


async def fail_guild(db: Database, guild_id: int, error: str) -> int:
    """Give up the pending rows of a server whose channel refused us."""
    before = db.total_changes
    await db.execute(
        "UPDATE deliveries SET state = 'failed', last_error = ?, next_attempt_at = NULL"
        " WHERE guild_id = ? AND state = 'pending'",
        (error, guild_id),
    )
    return db.total_changes - before


async def by_message(db: Database, message_key: str) -> list[Delivery]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE message_key = ? ORDER BY position",  # noqa: S608
        (message_key,),
    )
    return [_delivery(row) for row in rows]


async def for_release(
    db: Database, drama_id: str, release_id: str, state: str | None = None
) -> list[Delivery]:
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE drama_id = ? AND release_id = ?"  # noqa: S608
        " AND (? IS NULL OR state = ?) ORDER BY channel_id, kind",
        (drama_id, release_id, state, state),
    )
    return [_delivery(row) for row in rows]


async def drop_pending(db: Database, drama_id: str, release_id: str) -> int:
    """Forget unsent rows of a release whose instant moved or that was cancelled."""
    before = db.total_changes
    await db.execute(
        "DELETE FROM deliveries WHERE drama_id = ? AND release_id = ? AND state = 'pending'",
        (drama_id, release_id),
    )
    return db.total_changes - before


async def for_guild(
    db: Database, guild_id: int, states: Sequence[str], limit: int | None = None
) -> list[Delivery]:
    marks = ", ".join("?" for _ in states)
    rows = await db.fetchall(
        f"SELECT {_COLUMNS} FROM deliveries WHERE guild_id = ? AND state IN ({marks})"  # noqa: S608
        " ORDER BY due_at DESC, drama_id, release_id LIMIT ?",
        (guild_id, *states, -1 if limit is None else limit),
    )
    return [_delivery(row) for row in rows]


async def pending_messages(db: Database, guild_id: int) -> int:
    """How many of this server's messages wait to be sent (rows of one message count once)."""
    rows = await db.fetchall(
        "SELECT count(DISTINCT message_key) FROM deliveries WHERE guild_id = ?"
        " AND state = 'pending'",
        (guild_id,),
    )
    return int(rows[0][0])


async def count_for_guild(db: Database, guild_id: int, states: Sequence[str]) -> int:
    marks = ", ".join("?" for _ in states)
    rows = await db.fetchall(
        f"SELECT count(*) FROM deliveries WHERE guild_id = ? AND state IN ({marks})",  # noqa: S608
        (guild_id, *states),
    )
    return int(rows[0][0])
