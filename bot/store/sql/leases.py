"""``Leases`` in SQL: work one process at a time does for all, held by name until a lease ends."""

from __future__ import annotations

from datetime import datetime

from bot.store.sql.engine import Database
from bot.store.sql.rows import to_unix

# One statement, so two processes taking one name at once cannot both succeed: the row's
# unique name serialises them, and the second's update applies only if the lease it finds
# (the first's, once committed) has ended or is its own.
_TAKE = """
INSERT INTO work_leases (name, owner, lease_until) VALUES (:name, :owner, :until)
ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
WHERE work_leases.lease_until <= :now OR work_leases.owner = excluded.owner
RETURNING owner
"""


class SqlLeases:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def take(self, name: str, owner: str, *, now: datetime, until: datetime) -> bool:
        rows = await self._db.fetchall(
            _TAKE, {"name": name, "owner": owner, "now": to_unix(now), "until": to_unix(until)}
        )
        return bool(rows)

    async def give_up(self, name: str, owner: str) -> None:
        await self._db.execute(
            "DELETE FROM work_leases WHERE name = :name AND owner = :owner",
            {"name": name, "owner": owner},
        )

    async def renew(self, owner: str, *, until: datetime) -> int:
        return await self._db.changed(
            "UPDATE work_leases SET lease_until = :until WHERE owner = :owner",
            {"owner": owner, "until": to_unix(until)},
        )

    async def drop_ended(self, prefix: str, *, before: datetime) -> int:
        if "%" in prefix or "_" in prefix or "\\" in prefix:
            raise ValueError(f"a lease prefix is plain text, not a LIKE pattern: {prefix!r}")
        # The condition is checked on each row as the delete reaches it (PostgreSQL re-reads a
        # row another transaction changed meanwhile): a lease taken again or renewed after
        # ``before`` was computed is not deleted, however slow this statement.
        return await self._db.changed(
            "DELETE FROM work_leases WHERE name LIKE :pattern AND lease_until < :before",
            {"pattern": f"{prefix}%", "before": to_unix(before)},
        )
