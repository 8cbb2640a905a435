"""The store as the rest of ostbot sees it: one ``Store`` object and its typed repositories.

Both engines (SQLite in ``bot.store.sqlite``, PostgreSQL in ``bot.store.postgres``) serve these
protocols through the shared repositories of ``bot.store.sql``; callers import them from
``bot.store`` and never see a connection, a row or a dialect. Times go
in and come out timezone-aware; "not found" is ``NotFound`` and a refused write
``PermissionDenied`` or ``OstbotError``, with a message fit for the user.

Visibility, everywhere a ``guild_id`` is taken: curated releases (from schedule files) are seen
by everyone, a server's own releases by that server only. ``guild_id=None`` is the curators'
view (curated only); ``every_server=True`` is the announcer's (everything).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol, Self

from bot.domain import Drama, Follow, GuildSettings, Release, Schedule, Status
from bot.store.types import (
    CatalogRow,
    Delivery,
    DeliveryState,
    EventMirror,
    ImportReport,
    ListingPosition,
    NewDelivery,
    ReleaseChange,
    ReleaseDetails,
    ReminderKey,
    SavedRelease,
    SearchResults,
    StoreVersion,
)


class Releases(Protocol):
    """Dramas and releases: imports from schedule files, listings, lookups and the change log."""

    async def import_schedules(
        self, schedules: Sequence[Schedule], *, now: datetime
    ) -> ImportReport:
        """Store schedules in one transaction: all of them, or nothing if anything is wrong.

        Unchanged dramas and releases are not written at all. A changed release is updated by
        its id and the change recorded (see ``changes_since``); a stored release missing from
        its drama's schedule is reported as disappeared and kept. Raises ``ScheduleError`` for
        input that breaks the store's keys (a drama twice, a release id or part twice, a part
        still held by a disappeared release, an id a server's own drama or release has).
        """
        ...

    async def imported_digests(self) -> dict[str, str]:
        """Digests of the schedule files last imported, each mapped to its drama id."""
        ...

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
        status: Status | None = None,
        followed: bool = False,
        after: ListingPosition | None = None,
    ) -> list[Release]:
        """Releases at or after ``now`` (all timed ones if ``include_past``) in time order, then
        the TBA ones (by drama, part, id) unless a window end ``until`` (exclusive) is given.

        ``drama`` is an exact drama id; ``artist`` matches any credited artist, ignoring case.
        Cancelled and postponed releases are listed too: their status says so, and ``status``
        keeps one of them. ``followed`` keeps what server ``guild_id`` follows and its own
        releases. ``after`` starts the listing after that position (the previous page's end).
        """
        ...

    async def upcoming_documents(
        self,
        *,
        now: datetime,
        drama: str | None = None,
        artist: str | None = None,
        include_past: bool = False,
    ) -> list[str]:
        """``upcoming`` (curated) as JSON texts of ``Release.as_dict()``, read as stored.

        Building 100,000 Release objects only to serialise them again would cost most of a
        listing's time budget.
        """
        ...

    async def upcoming_json(
        self,
        *,
        now: datetime,
        drama: str | None = None,
        artist: str | None = None,
        include_past: bool = False,
    ) -> bytes:
        """``upcoming_documents`` as one JSON list (``[doc,doc,...]``), in UTF-8 as stored.

        What ``ostbot upcoming --json`` prints: the database joins the documents, so a listing
        of 100,000 crosses into Python as one value, with no text decoded or encoded again.
        """
        ...

    async def followed_upcoming(
        self, guild_id: int, *, now: datetime, limit: int = 5
    ) -> list[Release]:
        """The next timed, not cancelled releases this server follows."""
        ...

    async def details(
        self,
        drama_id: str,
        release_id: str,
        *,
        guild_id: int | None = None,
        every_server: bool = False,
    ) -> ReleaseDetails:
        """The release, its drama and its change history; ``NotFound`` (also when the release
        belongs to another server than ``guild_id``)."""
        ...

    async def drama(self, drama_id: str) -> Drama:
        """Any drama by its id, whoever it belongs to; ``NotFound``."""
        ...

    async def visible_drama(self, drama_id: str, *, guild_id: int | None) -> Drama:
        """A curated drama or this server's own (``guild_id=None``: curated only); ``NotFound``
        for any other."""
        ...

    async def visible_dramas(self, text: str, *, guild_id: int, limit: int = 25) -> list[Drama]:
        """Dramas the server can see whose id or titles contain ``text`` (any case): its own
        first, then the curated ones, each by title."""
        ...

    async def search(
        self, text: str, *, limit: int = 25, guild_id: int | None = None
    ) -> SearchResults:
        """Case-insensitive substring search; each of the three lists holds at most ``limit``.

        Dramas match on id, title or native title; releases on id, title or an artist's name;
        artists (distinct names) on their name.
        """
        ...

    async def curated_dramas(self, ids: Sequence[str]) -> dict[str, Drama]:
        """The curated dramas among ``ids``, by id: a server's own drama is absent, as is an
        unknown id (the public web pages show curated dramas only)."""
        ...

    async def catalog_rows(
        self, *, guild_id: int | None = None, own_only: bool = False
    ) -> list[CatalogRow]:
        """Every release visible to ``guild_id`` (only its own with ``own_only``), soonest
        first, TBA last: what ``/ost`` autocomplete indexes."""
        ...

    async def changes_since(
        self, seq: int = 0, *, limit: int | None = None, kind: str | None = None
    ) -> list[ReleaseChange]:
        """Recorded release changes with ``seq`` greater than the given one, oldest first;
        only those of ``kind`` (``"added"`` or ``"changed"``) when given."""
        ...

    async def latest_change(self) -> int:
        """The seq of the newest recorded change (0 when there is none)."""
        ...

    async def scheduled_counts(self, *, now: datetime) -> tuple[int, int]:
        """How many releases of every server are not cancelled, and how many of those are
        upcoming (from ``now`` on, or TBA): counted by the database, no release read."""
        ...

    async def version(self) -> StoreVersion:
        """The newest change and drama update, read in a few index steps whatever the size."""
        ...


class FeedTokens(Protocol):
    """Servers' private calendar feeds (``/s/<token>/calendar.ics``), known by the sha256 of
    their token: the store never holds a token itself. One per server."""

    async def replace(self, guild_id: int, token_sha256: str, *, now: datetime) -> None:
        """The server's feed is now this token's; its previous token stops opening it."""
        ...

    async def made_at(self, guild_id: int) -> datetime | None:
        """When the server's current token was made; None if it has none."""
        ...

    async def guild_of(self, token_sha256: str) -> int | None:
        """The server whose feed this token opens; None if none does."""
        ...


class OwnReleases(Protocol):
    """A server's own releases (``/ost-admin add``), written with the same change log as
    imports. A curated release is never edited here (``PermissionDenied``), and another
    server's is treated as absent (``NotFound``: saying "it exists" would already leak it)."""

    async def save(
        self, guild_id: int, release: Release, *, now: datetime, new_drama: Drama | None = None
    ) -> SavedRelease:
        """Insert or update the server's release (and ``new_drama`` first, if given) in one
        transaction; nothing written when unchanged. ``OstbotError`` for a part already taken
        in the drama or a new drama's id in use."""
        ...

    async def get(self, guild_id: int, drama_id: str, release_id: str) -> Release:
        """The server's own release, for editing."""
        ...

    async def all(self, guild_id: int) -> list[Release]:
        """The server's own releases, soonest first, TBA last."""
        ...

    async def taken_drama_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` name a drama already, curated or any server's (ids are global)."""
        ...

    async def taken_release_ids(self, drama_id: str, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` name a release of ``drama_id`` already, whoever it belongs to."""
        ...


class Servers(Protocol):
    """Servers' settings and follows, and the question fan-out asks: who wants this release?"""

    async def get(self, guild_id: int) -> GuildSettings | None:
        """The server's settings; None if it was never configured."""
        ...

    async def get_many(self, guild_ids: Sequence[int]) -> dict[int, GuildSettings]:
        """Settings of several servers in one query; servers never configured are absent."""
        ...

    async def set_channel(
        self,
        guild_id: int,
        channel_id: int,
        *,
        ping_role_id: int | None,
        now: datetime,
        news: bool | None = None,
    ) -> None:
        """Where this server's announcements go, and whether it is an announcement channel
        (``news``; None: not known); clears a broken mark (it is a new start)."""
        ...

    async def set_reminders(
        self, guild_id: int, offsets: Sequence[timedelta], *, now: datetime
    ) -> None: ...

    async def set_catchup(self, guild_id: int, window: timedelta, *, now: datetime) -> None: ...

    async def set_publish(self, guild_id: int, publish: bool, *, now: datetime) -> None: ...

    async def set_event_mirroring(self, guild_id: int, enabled: bool, *, now: datetime) -> None:
        """Turn mirroring releases as scheduled events on or off; either clears a broken mark
        (the admin has just looked at it)."""
        ...

    async def set_language(self, guild_id: int, language: str | None, *, now: datetime) -> None:
        """The language of the server's posts (a supported Discord locale), or None for the
        server's own preferred locale."""
        ...

    async def note_channel_kind(
        self, guild_id: int, channel_id: int, news: bool, *, now: datetime
    ) -> None:
        """Remember whether the server's announcement channel, if it is still ``channel_id``,
        is an announcement channel (the gateway said it changed)."""
        ...

    async def note_discord_locale(self, guild_id: int, locale: str, *, now: datetime) -> None:
        """Remember the server's preferred locale as Discord reports it (a server with no
        settings yet is left alone: a locale alone does not make a server configured)."""
        ...

    async def mark_events_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        """Stop mirroring in this server until an admin turns it on again."""
        ...

    async def mark_broken(self, guild_id: int, reason: str, *, now: datetime) -> None:
        """Stop posting to this server's channel (it answered 403/404) and fail its pending
        ledger rows, in one transaction."""
        ...

    async def follow(self, guild_id: int, target: Follow, *, now: datetime) -> bool:
        """Returns False when the server already followed it."""
        ...

    async def unfollow(self, guild_id: int, target: Follow) -> bool:
        """Returns False when the server did not follow it."""
        ...

    async def follows(self, guild_id: int) -> list[Follow]: ...

    async def audience(self, drama_id: str, release_id: str) -> list[GuildSettings]:
        """Servers with a working channel that follow this release (all, its drama or one of
        its artists), by guild id (so a fan-out, and its message keys, is the same after a
        restart); a server's own release goes to that server only."""
        ...

    async def reminder_offsets(self) -> set[timedelta]:
        """Every reminder offset some server with a working channel has asked for."""
        ...


class Ledger(Protocol):
    """Every announcement, reminder and DM, written before it is sent.

    A row moves pending → sent (with the message id), or pending → failed; rows past a
    server's catch-up window are written straight as missed. Rows sharing a ``message_key``
    are one message and move together. One row per (release, channel, kind), and per
    (release, member) for DMs: that unique key is what makes a second send impossible.

    Several processes share the rows out by claiming them (``claim``) with a lease they renew
    while they work; a process that dies leaves its claims to end, and another takes them
    over. A claim never makes a send safe by itself (a process may die between its POST and
    ``mark_sent``): the message's nonce, which Discord dedupes, and the unique key are the
    last guard.
    """

    async def add(self, rows: Sequence[NewDelivery], *, now: datetime) -> int:
        """Write the rows not written before (one transaction); returns how many were new."""
        ...

    async def pending(self, *, now: datetime, limit: int | None = None) -> list[Delivery]:
        """Pending rows ready to send (due, not waiting for a retry): oldest due first, by
        message; claimed or not (the sender claims, ``claim``). Rows written ahead of their
        instant wait for it, so the first message leaves the moment it comes, not after the
        fan-out's rows are written."""
        ...

    async def next_retry(self) -> tuple[datetime | None, int]:
        """When the first deferred message may be retried, and how many are deferred."""
        ...

    async def claim(
        self, owner: str, *, now: datetime, lease: timedelta, limit: int
    ) -> list[Delivery]:
        """Claim up to ``limit`` messages ready to send for ``owner`` until ``now + lease``, and
        return their rows (oldest due first, by message, in embed order).

        A message is claimable when unclaimed, when its lease has ended, or when it is
        ``owner``'s already (returned again, lease extended, so a message the sender read but
        kept for later, for a busy channel, is read again; the sender passes over those it
        holds). Two processes claiming at once never get the same message (PostgreSQL:
        ``FOR UPDATE SKIP LOCKED``); a message's rows are claimed together.
        """
        ...

    async def renew(self, owner: str, *, until: datetime) -> int:
        """Extend every claim ``owner`` holds to ``until``; returns how many rows it holds."""
        ...

    async def release(self, owner: str | None) -> int:
        """End ``owner``'s claims (everyone's with None: only where one process uses the store,
        at its start); the rows are anyone's at once."""
        ...

    async def next_lease_end(self, owner: str, *, now: datetime) -> datetime | None:
        """When the first live claim of another process on unfinished work ends (then, should
        that process have died, its rows are claimable)."""
        ...

    async def mark_sent(
        self,
        sent: Sequence[tuple[str, int]],
        *,
        now: datetime,
        publish: Sequence[str] = (),
        owner: str | None = None,
    ) -> int:
        """Record sent messages, (message_key, message_id) pairs, in one transaction; the keys
        in ``publish`` are owed a publish (an announcement channel's post). With ``owner``,
        only rows ``owner`` still claims are recorded (another process took over the rest and
        records them itself), as in ``mark_failed``, ``defer``, ``postpone`` and
        ``mark_published``; None is a caller outside the sender (a test, a tool). Each of these
        ends the claim: a row sent, failed or waiting for a retry is no one's. Returns how many
        rows were recorded."""
        ...

    async def mark_failed(self, message_key: str, error: str, *, owner: str | None = None) -> None:
        """Give the message up (only while ``owner`` claims it, when given)."""
        ...

    async def defer(
        self, message_key: str, error: str, *, retry_at: datetime, owner: str | None = None
    ) -> None:
        """Retry at ``retry_at``, counting an attempt; the claim ends (anyone may retry)."""
        ...

    async def postpone(
        self, message_key: str, error: str, *, retry_at: datetime, owner: str | None = None
    ) -> None:
        """Retry at ``retry_at`` without counting an attempt (Discord asked us to wait)."""
        ...

    async def to_publish(self, *, limit: int = 100) -> list[Delivery]:
        """The first row of each sent message still waiting to be published."""
        ...

    async def claim_publishing(
        self, owner: str, *, now: datetime, lease: timedelta, limit: int = 100
    ) -> list[Delivery]:
        """``to_publish``, claimed for ``owner`` as ``claim`` claims sends (a crosspost made
        twice is refused by Discord and would be recorded as failed), in the order sent."""
        ...

    async def mark_published(
        self, message_key: str, *, error: str | None = None, owner: str | None = None
    ) -> None:
        """Publishing is done, or (with ``error``) given up; the claim ends."""
        ...

    async def for_message(self, message_key: str) -> list[Delivery]:
        """A message's rows, in embed order."""
        ...

    async def for_release(
        self, drama_id: str, release_id: str, *, state: DeliveryState | None = None
    ) -> list[Delivery]: ...

    async def drop_pending(
        self,
        drama_id: str,
        release_id: str,
        *,
        owner: str | None = None,
        now: datetime | None = None,
    ) -> int:
        """Forget the unsent rows of a release whose instant moved or that was cancelled; with
        ``owner`` (and ``now``), except those another process claims: they may be on their way,
        and that process settles them and drops the rest when it applies the change."""
        ...

    async def for_guild(
        self, guild_id: int, *, states: Sequence[DeliveryState], limit: int | None = None
    ) -> list[Delivery]:
        """A server's deliveries in ``states``, newest first (at most ``limit``)."""
        ...

    async def count_for_guild(self, guild_id: int, *, states: Sequence[DeliveryState]) -> int: ...

    async def pending_messages(self, guild_id: int) -> int:
        """How many of this server's messages wait to be sent."""
        ...


class Reminders(Protocol):
    """Members' personal reminders (``/ost remind``): a DM when a release comes out."""

    async def add(
        self,
        user_id: int,
        drama_id: str,
        release_id: str,
        *,
        now: datetime,
        locale: str | None = None,
    ) -> bool:
        """False if the member had already asked. ``locale``: the member's Discord locale, the
        language of their DM (None: English)."""
        ...

    async def locales(self, keys: Sequence[ReminderKey]) -> dict[ReminderKey, str | None]:
        """The locale each of these reminders (member, drama, release) was set in, in one
        query: None if none was stored, missing if the reminder is gone (either way its DM
        is in English)."""
        ...

    async def remove(self, user_id: int, drama_id: str, release_id: str) -> bool:
        """False if the member had not asked."""
        ...

    async def of_member(self, user_id: int) -> list[Release]:
        """A member's reminders, soonest first, TBA last."""
        ...

    async def members(self, drama_id: str, release_id: str) -> list[int]:
        """Who asked to be reminded of this release, by user id."""
        ...


class Events(Protocol):
    """The Discord scheduled events the bot created for servers' followed releases."""

    async def mirrors(self, guild_id: int) -> list[EventMirror]: ...

    async def save(self, mirror: EventMirror) -> None: ...

    async def forget(self, guild_id: int, drama_id: str, release_id: str) -> None: ...

    async def syncing_guilds(self) -> list[int]:
        """Servers mirroring events (and not broken), or with mirrored events left to delete."""
        ...


class State(Protocol):
    """A little process state that must survive restarts, by key."""

    async def get(self, key: str) -> str | None: ...

    async def set(self, key: str, value: str) -> None: ...

    async def update(self, key: str, change: Callable[[str | None], str]) -> str:
        """Set ``key`` to ``change(its value now)`` in one transaction, the key locked
        meanwhile: processes updating one key at once apply one after the other, neither
        losing the other's change. Returns the new value."""
        ...


class Leases(Protocol):
    """Work that one process at a time does for all that share the store (a server's scheduled
    events, editing the posts of a release change, uploading the slash commands), held by name
    until its lease ends; an owner's are renewed with the ledger's claims
    (``bot.announcer.claims``)."""

    async def take(self, name: str, owner: str, *, now: datetime, until: datetime) -> bool:
        """Hold ``name`` for ``owner`` until ``until``: True if free, ended or ``owner``'s."""
        ...

    async def give_up(self, name: str, owner: str) -> None:
        """Let ``name`` go at once, if ``owner`` holds it."""
        ...

    async def renew(self, owner: str, *, until: datetime) -> int:
        """Extend every lease ``owner`` holds to ``until``; returns how many it holds."""
        ...

    async def drop_ended(self, prefix: str, *, before: datetime) -> int:
        """Delete the leases whose name starts with ``prefix`` that ended before ``before``;
        returns how many. A lease renewed or taken again meanwhile is kept."""
        ...


class Store(Protocol):
    """The one door to the store: its repositories, and closing it.

    Use it as ``async with await open_store(path) as store``.
    """

    @property
    def releases(self) -> Releases: ...

    @property
    def own_releases(self) -> OwnReleases: ...

    @property
    def servers(self) -> Servers: ...

    @property
    def ledger(self) -> Ledger: ...

    @property
    def reminders(self) -> Reminders: ...

    @property
    def events(self) -> Events: ...

    @property
    def state(self) -> State: ...

    @property
    def feed_tokens(self) -> FeedTokens: ...

    @property
    def leases(self) -> Leases: ...

    def check_identity(self) -> None:
        """``StoreGone`` if the store went away under the running process."""
        ...

    @property
    def single_process(self) -> bool:
        """True where one ``ostbot run`` at most uses the store (SQLite: the command line holds
        the file's lock, ``bot.commandline.store_lock``); False for PostgreSQL, where several
        share it and the ledger's claims (``Ledger.claim``) share the work out."""
        ...

    async def close(self) -> None: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc_info: object) -> None: ...
