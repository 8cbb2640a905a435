"""``Store``: the façade the rest of ostbot uses; the only door to the SQLite file."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self

from bot.domain import Drama, Follow, GuildSettings, Release, Schedule
from bot.store import events, guilds, imports, ledger, people, queries, server_releases, state
from bot.store.database import Database
from bot.store.schema import check_current, check_file, migrate
from bot.store.types import (
    Delivery,
    ImportReport,
    NewDelivery,
    ReleaseChange,
    ReleaseDetails,
    SearchResults,
)


class Store:
    """Dramas, releases and their change log in one SQLite file (WAL, foreign keys on).

    Open with ``await Store.open(path)`` (or ``async with await Store.open(path) as store``); the
    file is created and migrated as needed.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    @classmethod
    async def open(
        cls, path: str | os.PathLike[str], *, lean: bool = False, readonly: bool = False
    ) -> Self:
        """``lean``: for the long-running bot, a small page cache and no memory map (the CLI's
        one-shot listings read faster with both). ``readonly``: never write (no migration; the
        schema must be current). Errors a user can cause are ``StoreError`` (one line)."""
        if not readonly:
            await check_file(path)  # before the read-write open switches the file to WAL
        db = await Database.open(path, lean=lean, readonly=readonly)
        try:
            await (check_current(db) if readonly else migrate(db))
        except BaseException:
            await db.close()
            raise
        return cls(db)

    def check_identity(self) -> None:
        """``StoreGone`` if the file was deleted or replaced since it was opened."""
        self._db.check_identity()

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
        guild_id: int | None = None,
        every_server: bool = False,
    ) -> list[Release]:
        """Releases at or after ``now`` (all timed ones if ``include_past``) in time order, then
        the TBA ones (by drama, part, id) unless a window end ``until`` (exclusive) is given.

        ``drama`` is an exact drama id; ``artist`` matches any credited artist, ignoring case.
        Cancelled and postponed releases are listed too: their status says so. Visibility:
        ``guild_id=None`` lists curated releases only; a server id adds that server's own;
        ``every_server`` lists all (the announcer).
        """
        return await queries.upcoming(
            self._db,
            now=now,
            drama=drama,
            artist=artist,
            until=until,
            include_past=include_past,
            limit=limit,
            guild_id=guild_id,
            every_server=every_server,
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

    async def get_release(
        self,
        drama_id: str,
        release_id: str,
        *,
        guild_id: int | None = None,
        every_server: bool = False,
    ) -> ReleaseDetails:
        """The release, its drama and its change history; raises ``NotFound`` (also when the
        release belongs to another server than ``guild_id``)."""
        return await queries.get_release(self._db, drama_id, release_id, guild_id, every_server)

    async def get_drama(self, drama_id: str) -> Drama:
        """Raises ``NotFound``."""
        return await queries.get_drama(self._db, drama_id)

    async def search(
        self, text: str, *, limit: int = 25, guild_id: int | None = None
    ) -> SearchResults:
        """Case-insensitive substring search; each of the three lists holds at most ``limit``.

        Dramas match on id, title or native title; releases on id, title or an artist's name;
        artists (distinct names) on their name.
        """
        return await queries.search(self._db, text, limit=limit, guild_id=guild_id)

    async def changes_since(
        self, seq: int = 0, *, limit: int | None = None, kind: str | None = None
    ) -> list[ReleaseChange]:
        """Recorded release changes with ``seq`` greater than the given one, oldest first;
        only those of ``kind`` (``"added"`` or ``"changed"``) when given."""
        return await queries.changes_since(self._db, seq, limit=limit, kind=kind)

    async def latest_change(self) -> int:
        """The seq of the newest recorded change (0 when there is none)."""
        return await queries.latest_change(self._db)

    # --- process state ---------------------------------------------------------------------

    async def get_state(self, key: str) -> str | None:
        return await state.get_state(self._db, key)

    async def set_state(self, key: str, value: str) -> None:
        await state.set_state(self._db, key, value)

    # --- servers ---------------------------------------------------------------------------

    async def get_guild(self, guild_id: int) -> GuildSettings | None:
        return await guilds.get_guild(self._db, guild_id)

    async def get_guilds(self, guild_ids: Sequence[int]) -> dict[int, GuildSettings]:
        """Settings of several servers in one query; servers never configured are absent."""
        return await guilds.get_guilds(self._db, guild_ids)

    async def set_channel(
        self, guild_id: int, channel_id: int, *, ping_role_id: int | None, now: datetime
    ) -> None:
        """Where this server's announcements go; clears a broken mark (it is a new start)."""
        await guilds.update_guild(
            self._db,
            guild_id,
            now,
            channel_id=channel_id,
            ping_role_id=ping_role_id,
            broken_reason=None,
            broken_at=None,
        )

    async def set_reminders(
        self, guild_id: int, offsets: Sequence[timedelta], *, now: datetime
    ) -> None:
        seconds = sorted({int(offset.total_seconds()) for offset in offsets}, reverse=True)
        await guilds.update_guild(self._db, guild_id, now, reminder_offsets=json.dumps(seconds))

    async def set_catchup(self, guild_id: int, window: timedelta, *, now: datetime) -> None:
        seconds = int(window.total_seconds())
        await guilds.update_guild(self._db, guild_id, now, catchup_seconds=seconds)

    async def mark_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        """Stop posting to this server's channel (it answered 403/404) and fail its pending rows."""
        async with self._db.atomic():
            stamp = int(now.timestamp())
            await guilds.update_guild(
                self._db, guild_id, now, broken_reason=reason, broken_at=stamp
            )
            await ledger.fail_guild(self._db, guild_id, reason)

    async def follow(self, guild_id: int, target: Follow, *, now: datetime) -> bool:
        """Returns False when the server already followed it."""
        return await guilds.follow(self._db, guild_id, target, now)

    async def unfollow(self, guild_id: int, target: Follow) -> bool:
        """Returns False when the server did not follow it."""
        return await guilds.unfollow(self._db, guild_id, target)

    async def follows(self, guild_id: int) -> list[Follow]:
        return await guilds.follows(self._db, guild_id)

    async def audience(self, drama_id: str, release_id: str) -> list[GuildSettings]:
        """Servers with a working channel that follow this release, by guild id."""
        return await guilds.audience(self._db, drama_id, release_id)

    async def reminder_offsets(self) -> set[timedelta]:
        return await guilds.reminder_offsets(self._db)

    # --- the delivery ledger -----------------------------------------------------------------

    async def add_deliveries(self, rows: Sequence[NewDelivery], *, now: datetime) -> int:
        """Write the rows not written before (one transaction); returns how many were new."""
        return await ledger.add(self._db, rows, now)

    async def pending_deliveries(
        self, *, now: datetime, limit: int | None = None
    ) -> list[Delivery]:
        return await ledger.pending(self._db, now, limit)

    async def next_retry(self) -> tuple[datetime | None, int]:
        """When the first deferred message may be retried, and how many are deferred."""
        return await ledger.next_retry(self._db)

    async def mark_sent(self, message_key: str, message_id: int, *, now: datetime) -> None:
        await ledger.mark_sent(self._db, message_key, message_id, now)

    async def mark_sent_many(
        self, sent: Sequence[tuple[str, int]], *, now: datetime, publish: Sequence[str] = ()
    ) -> None:
        """Record several sent messages at once: (message_key, message_id) pairs; the keys in
        ``publish`` are owed a publish (recorded in the same transaction)."""
        await ledger.mark_sent_many(self._db, sent, now, publish)

    async def mark_to_publish(self, message_key: str) -> None:
        """This sent message is in an announcement channel: publishing it is owed."""
        await ledger.mark_to_publish(self._db, message_key)

    async def to_publish(self, *, limit: int = 100) -> list[Delivery]:
        return await ledger.to_publish(self._db, limit)

    async def mark_published(self, message_key: str, *, error: str | None = None) -> None:
        """Publishing is done, or (with ``error``) given up."""
        await ledger.mark_published(self._db, message_key, "failed" if error else "done", error)

    async def set_publish(self, guild_id: int, publish: bool, *, now: datetime) -> None:
        await guilds.update_guild(self._db, guild_id, now, publish=int(publish))

    async def mark_failed(self, message_key: str, error: str) -> None:
        await ledger.mark_failed(self._db, message_key, error)

    async def defer_delivery(self, message_key: str, error: str, *, retry_at: datetime) -> None:
        await ledger.defer(self._db, message_key, error, retry_at)

    async def postpone_delivery(self, message_key: str, error: str, *, retry_at: datetime) -> None:
        """Retry at ``retry_at`` without counting an attempt (Discord asked us to wait)."""
        await ledger.postpone(self._db, message_key, error, retry_at)

    async def pending_messages(self, guild_id: int) -> int:
        return await ledger.pending_messages(self._db, guild_id)

    async def deliveries_for_message(self, message_key: str) -> list[Delivery]:
        return await ledger.by_message(self._db, message_key)

    async def deliveries_for_release(
        self, drama_id: str, release_id: str, *, state: str | None = None
    ) -> list[Delivery]:
        return await ledger.for_release(self._db, drama_id, release_id, state)

    async def drop_pending(self, drama_id: str, release_id: str) -> int:
        return await ledger.drop_pending(self._db, drama_id, release_id)

    async def guild_deliveries(
        self, guild_id: int, *, states: Sequence[str], limit: int | None = None
    ) -> list[Delivery]:
        """A server's deliveries in ``states``, newest first (at most ``limit``)."""
        return await ledger.for_guild(self._db, guild_id, states, limit)

    async def count_guild_deliveries(self, guild_id: int, *, states: Sequence[str]) -> int:
        return await ledger.count_for_guild(self._db, guild_id, states)

    # --- members and listings for commands ---------------------------------------------------

    async def add_personal_reminder(
        self, user_id: int, drama_id: str, release_id: str, *, now: datetime
    ) -> bool:
        """A DM for this member when the release comes out; False if already asked."""
        return await people.add_reminder(self._db, user_id, drama_id, release_id, now)

    async def remove_personal_reminder(self, user_id: int, drama_id: str, release_id: str) -> bool:
        return await people.remove_reminder(self._db, user_id, drama_id, release_id)

    async def personal_reminders(self, user_id: int) -> list[Release]:
        return await people.reminders_of(self._db, user_id)

    async def reminded_users(self, drama_id: str, release_id: str) -> list[int]:
        return await people.reminded_users(self._db, drama_id, release_id)

    async def followed_upcoming(
        self, guild_id: int, *, now: datetime, limit: int = 5
    ) -> list[Release]:
        """The next timed, not cancelled releases this server follows."""
        return await people.followed_upcoming(self._db, guild_id, now, limit)

    async def release_index(
        self, *, guild_id: int | None = None
    ) -> list[tuple[str, str, str | None, str, str, str | None]]:
        """(drama_id, release_id, title, artists JSON, drama title, native title) of every
        release visible to ``guild_id``, soonest first: the raw material of autocomplete."""
        return await people.release_index(self._db, guild_id)

    # --- a server's own releases ---------------------------------------------------------------

    async def save_server_release(
        self, guild_id: int, release: Release, *, now: datetime, new_drama: Drama | None = None
    ) -> server_releases.SavedRelease:
        """Insert or update a server's own release (and ``new_drama`` first, if given), with
        the change recorded as imports record it; one transaction, nothing written when
        unchanged. A curated release → ``PermissionDenied``; another server's → ``NotFound``."""
        return await server_releases.save_release(
            self._db, guild_id, release, now=now, new_drama=new_drama
        )

    async def server_release(self, guild_id: int, drama_id: str, release_id: str) -> Release:
        """The server's own release, for editing (``PermissionDenied``/``NotFound`` otherwise)."""
        return await server_releases.own_release(self._db, guild_id, drama_id, release_id)

    async def server_releases(self, guild_id: int) -> list[Release]:
        """A server's own releases, soonest first, TBA last."""
        return await server_releases.own_releases(self._db, guild_id)

    async def visible_drama(self, drama_id: str, *, guild_id: int) -> Drama:
        """A curated drama or this server's own; ``NotFound`` for any other."""
        return await server_releases.visible_drama(self._db, drama_id, guild_id)

    async def visible_dramas(self, text: str, *, guild_id: int, limit: int = 25) -> list[Drama]:
        """Dramas the server can see matching ``text`` (id or titles): its own first."""
        return await server_releases.visible_dramas(self._db, text, guild_id, limit)

    async def taken_drama_ids(self, ids: Sequence[str]) -> set[str]:
        return await server_releases.taken_drama_ids(self._db, list(ids))

    async def taken_release_ids(self, drama_id: str, ids: Sequence[str]) -> set[str]:
        return await server_releases.taken_release_ids(self._db, drama_id, list(ids))

    async def catalog_rows(
        self, *, guild_id: int | None = None, own_only: bool = False
    ) -> list[tuple[str, str, int | None, str | None, str, str, str | None, int | None]]:
        """(drama_id, release_id, part, title, artists JSON, drama title, native title, at unix)
        of every release visible to ``guild_id`` (only its own with ``own_only``), soonest
        first, TBA last: what ``/ost`` autocomplete indexes."""
        return await people.catalog_rows(self._db, guild_id, own_only)

    # --- scheduled events ----------------------------------------------------------------------

    async def set_event_mirroring(self, guild_id: int, enabled: bool, *, now: datetime) -> None:
        """Turn mirroring releases as scheduled events on or off; either clears a broken mark
        (the admin has just looked at it)."""
        await guilds.update_guild(
            self._db, guild_id, now, mirror_events=int(enabled), events_broken=None
        )

    async def mark_events_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        """Stop mirroring in this server until an admin turns it on again."""
        await guilds.update_guild(self._db, guild_id, now, events_broken=reason)

    async def event_mirrors(self, guild_id: int) -> list[events.EventMirror]:
        return await events.mirrors(self._db, guild_id)

    async def save_event_mirror(self, mirror: events.EventMirror) -> None:
        await events.save_mirror(self._db, mirror)

    async def forget_event_mirror(self, guild_id: int, drama_id: str, release_id: str) -> None:
        await events.forget_mirror(self._db, guild_id, drama_id, release_id)

    async def event_syncing_guilds(self) -> list[int]:
        """Servers mirroring events (and not broken), or with mirrored events left to delete."""
        return await events.syncing_guilds(self._db)
