"""``Reminders`` in SQL: members' personal reminders (a DM when a release comes out)."""

# S608: the only text spliced into SQL here is this package's own column list; every value
# travels as a named parameter.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain import Release
from bot.store.sql.engine import Database
from bot.store.sql.releases import BY_TIME
from bot.store.sql.rows import RELEASE_COLUMNS_R, decode_releases, to_json, to_unix
from bot.store.types import ReminderKey


class SqlReminders:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def add(
        self,
        user_id: int,
        drama_id: str,
        release_id: str,
        *,
        now: datetime,
        locale: str | None = None,
    ) -> bool:
        added = await self._db.changed(
            "INSERT INTO personal_reminders (user_id, drama_id, release_id, created_at, locale)"
            " VALUES (:user, :drama, :release, :now, :locale) ON CONFLICT DO NOTHING",
            {
                "user": user_id,
                "drama": drama_id,
                "release": release_id,
                "now": to_unix(now),
                "locale": locale,
            },
        )
        return bool(added)

    async def locales(self, keys: Sequence[ReminderKey]) -> dict[ReminderKey, str | None]:
        if not keys:
            return {}
        wanted = set(keys)
        dialect = self._db.dialect
        # By the primary key's (drama, release) and the members: the product of the two may
        # name reminders not asked for, which are left out below.
        rows = await self._db.fetchall(
            "SELECT user_id, drama_id, release_id, locale FROM personal_reminders"
            f" WHERE {dialect.pair_in('drama_id', 'release_id', 'releases')}"
            f" AND {dialect.any_of('user_id', 'users')}",
            {
                "releases": to_json(sorted({(drama, release) for _, drama, release in wanted})),
                "users": dialect.list_value(sorted({user for user, _, _ in wanted})),
            },
        )
        found = {(user, drama, release): locale for user, drama, release, locale in rows}
        return {key: locale for key, locale in found.items() if key in wanted}

    async def remove(self, user_id: int, drama_id: str, release_id: str) -> bool:
        removed = await self._db.changed(
            "DELETE FROM personal_reminders WHERE user_id = :user AND drama_id = :drama"
            " AND release_id = :release",
            {"user": user_id, "drama": drama_id, "release": release_id},
        )
        return bool(removed)

    async def of_member(self, user_id: int) -> list[Release]:
        rows = await self._db.fetchall(
            f"SELECT {RELEASE_COLUMNS_R} FROM personal_reminders AS p"
            " JOIN releases AS r ON r.drama_id = p.drama_id AND r.id = p.release_id"
            f" WHERE p.user_id = :user ORDER BY {BY_TIME}",
            {"user": user_id},
        )
        return decode_releases(rows)

    async def members(self, drama_id: str, release_id: str) -> list[int]:
        rows = await self._db.fetchall(
            "SELECT user_id FROM personal_reminders WHERE drama_id = :drama"
            " AND release_id = :release ORDER BY user_id",
            {"drama": drama_id, "release": release_id},
        )
        return [user_id for (user_id,) in rows]
