"""``Store``: the façade the rest of ostbot uses; the only door to the SQLite file."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from types import TracebackType
from typing import Self

from bot.domain import Drama, Release, Schedule
from bot.store import imports, queries
from bot.store.database import Database
from bot.store.schema import migrate
from bot.store.types import ImportReport, ReleaseChange, ReleaseDetails, SearchResults


class Store:
    """Dramas, releases and their change log in one SQLite file (WAL, foreign keys on).

    Open with ``await Store.open(path)`` (or ``async with await Store.open(path) as store``); the
    file is created and migrated as needed.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    async def open(cls, path: str | os.PathLike[str]) -> Self:
        db = await Database.open(path)
        try:
            await migrate(db)
        except BaseException:
            await db.close()
            raise
        return cls(db)

    async def close(self) -> None:
        await self._db.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def total_changes(self) -> int:
        """Rows inserted, updated or deleted through this store since it opened."""
        return self._db.total_changes

    def atomic(self) -> AbstractAsyncContextManager[None]:
        """A transaction (a savepoint when nested): all the store calls inside commit together."""
        return self._db.atomic()

    async def import_schedules(
        self, schedules: Sequence[Schedule], *, now: datetime
    ) -> ImportReport:
        """Store schedules in one transaction: all of them, or nothing if anything is wrong.

        Unchanged dramas and releases are not written at all. A changed release is updated by
        its id and the change recorded (see ``changes_since``); a stored release missing from
        its drama's schedule is reported as disappeared and kept. Raises ``ScheduleError`` for
        input that breaks the store's keys (a drama twice, a release id or part twice, a part
        still held by a disappeared release).
        """
        return await imports.import_schedules(self._db, schedules, now=now)

    async def upcoming(
        self,
        *,
        now: datetime,
        drama: str | None = None,
        artist: str | None = None,
        until: datetime | None = None,
        include_past: bool = False,
        limit: int | None = None,
    ) -> list[Release]:
        """Releases at or after ``now`` (all timed ones if ``include_past``) in time order, then
        the TBA ones (by drama, part, id) unless a window end ``until`` (exclusive) is given.

        ``drama`` is an exact drama id; ``artist`` matches any credited artist, ignoring case.
        Cancelled and postponed releases are listed too: their status says so.
        """
        return await queries.upcoming(
            self._db,
            now=now,
            drama=drama,
            artist=artist,
            until=until,
            include_past=include_past,
            limit=limit,
        )

    async def upcoming_documents(
        self,
        *,
        now: datetime,
        drama: str | None = None,
        artist: str | None = None,
        include_past: bool = False,
    ) -> list[str]:
        """``upcoming`` as JSON texts of ``Release.as_dict()``, read as stored, not rebuilt.

        ``ostbot upcoming --json`` prints these joined: building 100,000 Release objects only
        to serialise them again would cost most of its time budget.
        """
        return await queries.upcoming_documents(
            self._db, now=now, drama=drama, artist=artist, include_past=include_past
        )

    async def imported_digests(self) -> dict[str, str]:
        """Digests of the schedule files last imported, each mapped to its drama id."""
        return await queries.imported_digests(self._db)

    async def get_release(self, drama_id: str, release_id: str) -> ReleaseDetails:
        """The release, its drama and its change history; raises ``NotFound``."""
        return await queries.get_release(self._db, drama_id, release_id)

    async def get_drama(self, drama_id: str) -> Drama:
        """Raises ``NotFound``."""
        return await queries.get_drama(self._db, drama_id)

    async def search(self, text: str, *, limit: int = 25) -> SearchResults:
        """Case-insensitive substring search; each of the three lists holds at most ``limit``.

        Dramas match on id, title or native title; releases on id, title or an artist's name;
        artists (distinct names) on their name.
        """
        return await queries.search(self._db, text, limit=limit)

    async def changes_since(self, seq: int = 0, *, limit: int | None = None) -> list[ReleaseChange]:
        """Recorded release changes with ``seq`` greater than the given one, oldest first."""
        return await queries.changes_since(self._db, seq, limit=limit)
