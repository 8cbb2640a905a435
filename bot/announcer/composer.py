"""What a ledger message says: its releases' parts, rendered once, as a post for its channel.

The sweep hands the composer the releases it loaded: each is rendered once (``render_part``),
its size measured on that rendering for packing, and the part kept for the sender, which
assembles a message's post from the parts (the same ``Post`` object for every channel of a
fan-out with the same role, which also lets the poster reuse its Discord form). Nothing is
read or rendered again on the way out, except:

- a row the composer has no part for (resumed after a restart, or waiting for a retry past a
  drain's end) is rendered from the store's facts when it is sent;
- a change to a release (``forget``) drops its part and the posts showing it, so posts not yet
  sent show the new facts (what was read before a change was forgotten is used, never kept);
- an edit renders from the store's facts (the Editor uses a composer of its own per refresh).

Posts are in each server's language (``GuildSettings.post_locale``; a DM in the language its
member set the reminder in, English if unknown): the sweep's
parts are English, packed by their size; a server in another language gets the same releases
in the same messages, each part rendered once more per language (and kept like the English
one). ``assemble`` fits a message's embeds again if a language makes them longer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from bot.announcer.packing import Due
from bot.domain import ANNOUNCE, DM, DeliveryKind, Drama, GuildSettings, Release, Status
from bot.i18n import ENGLISH, SOURCE, Language, language
from bot.render import (
    OUT_NOW,
    PERSONAL_OUT_NOW,
    ActionButton,
    Part,
    Post,
    assemble,
    reminder_headline,
    render_part,
)
from bot.render.actions import remind_actions
from bot.store import Delivery, ReminderKey, Store

_PostKey = tuple[object, ...]  # (kind, ping role, language, release keys...)
# Posts kept for reuse: a fan-out's channels share a few (one per kind and role); a bound keeps
# 100,000 servers with roles of their own from holding a post each until the drain ends.
POSTS_KEPT = 1024


class Composer:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._parts: dict[str, Part] = {}
        self._translated: dict[tuple[str, str], Part] = {}  # (release key, locale) -> part
        self._last_due: dict[str, datetime] = {}  # release key -> its latest due instant kept
        self._guilds: dict[int, GuildSettings | None] = {}
        self._locales: dict[ReminderKey, str | None] = {}  # a DM's language, by its reminder
        self._posts: dict[_PostKey, Post | None] = {}
        # How many changes were forgotten: what was read from the store before the latest one
        # may hold old facts, and is used once but not kept.
        self.version = 0

    def render(
        self, dramas: Mapping[str, Drama], dues: Sequence[Due], *, read_at: int
    ) -> dict[str, Part]:
        """The part of each due release (keyed by release key), kept for its posts unless a
        change was forgotten since the releases were read (at ``version`` ``read_at``).

        A release rendered by an earlier sweep with the same facts keeps its part (and the
        posts made of it).
        """
        parts: dict[str, Part] = {}
        for due in dues:
            release, drama = due.release, dramas[due.release.drama_id]
            key = release.key
            kept = self._parts.get(key)
            if kept is None or kept.release != release or kept.drama != drama:
                kept = render_part(drama, release)
                if read_at == self.version:
                    self._drop(key)
                    self._parts[key] = kept
            parts[key] = kept
            if key in self._parts:
                self._last_due[key] = max(due.due_at, self._last_due.get(key, due.due_at))
        return parts

    def forget(self, release_key: str) -> None:
        """The release changed: its next post is rendered from the store's facts."""
        self.version += 1
        self._drop(release_key)

    def _drop(self, release_key: str) -> None:
        self._parts.pop(release_key, None)
        self._last_due.pop(release_key, None)
        for translated in [k for k in self._translated if k[0] == release_key]:
            del self._translated[translated]
        for key in [k for k in self._posts if release_key in k[3:]]:
            del self._posts[key]

    def forget_passed(self, now: datetime) -> None:
        """A drain ended: what it held for instants already passed is sent (or waits for a
        retry, and is rendered again then); servers' settings are read again next batch."""
        for key in [k for k, due in self._last_due.items() if due <= now]:
            self._drop(key)
        self._guilds.clear()
        self._locales.clear()

    async def load(self, rows: Sequence[Delivery]) -> None:
        """Read what the posts of a batch of rows depend on, one query each: their servers'
        settings (a role or publishing may have changed since the last batch), and the
        language of their DMs (each member's, stored with the reminder)."""
        guilds = list({row.guild_id for row in rows if row.kind != DM})
        if guilds:
            found = await self._store.servers.get_many(guilds)
            self._guilds.update({g: found.get(g) for g in guilds})
        dms = list({_reminder(row) for row in rows if row.kind == DM and row.user_id is not None})
        if dms:
            locales = await self._store.reminders.locales(dms)
            self._locales.update({key: locales.get(key) for key in dms})

    def channel_news(self, row: Delivery) -> bool | None:
        """Whether the row's channel is an announcement channel, as the store knows it (None:
        not known, or not the server's announcement channel any more)."""
        guild = self._guilds.get(row.guild_id)
        if guild is None or guild.channel_id != row.destination:
            return None
        return guild.channel_news

    def publishes(self, row: Delivery) -> bool:
        """Whether the row's server wants posts in announcement channels published."""
        guild = self._guilds.get(row.guild_id)
        return guild.publish if guild else True

    async def first_post(self, rows: list[Delivery]) -> Post | None:
        """The post for a message's first send; None when all its releases were cancelled."""
        first = rows[0]
        role = await self._ping_role(first)
        tr = await self._language(first)
        key = (first.kind, role, tr.code, *(row.release_key for row in rows))
        if key in self._posts:
            return self._posts[key]
        read_at = self.version
        parts = [await self._part(row, tr) for row in rows]
        live = [part for part in parts if part.release.status is not Status.CANCELLED]
        post = compose_post(live, first.kind, role, tr) if live else None
        if read_at == self.version:
            self._posts[key] = post
            if len(self._posts) > POSTS_KEPT:
                del self._posts[next(iter(self._posts))]  # the oldest
        return post

    async def edited_post(self, rows: list[Delivery]) -> Post:
        """The post as it should read now; unlike a first post, cancelled releases stay in it
        (that is the news)."""
        role = await self._ping_role(rows[0])
        tr = await self._language(rows[0])
        parts = [await self._part(row, tr) for row in rows]
        return compose_post(parts, rows[0].kind, role, tr)

    async def _ping_role(self, row: Delivery) -> int | None:
        if row.kind == DM:
            return None
        if row.guild_id not in self._guilds:
            await self.load([row])
        guild = self._guilds[row.guild_id]
        return guild.ping_role_id if guild else None

    async def _language(self, row: Delivery) -> Language:
        """The language of the row's post: its server's (read by ``_ping_role``); for a DM,
        the member's when they set the reminder (English if not stored, or since removed)."""
        if row.kind == DM:
            if row.user_id is None:
                return SOURCE
            key = _reminder(row)
            if key not in self._locales:  # a row outside the batch ``load`` read
                await self.load([row])
            return language(self._locales[key])
        guild = self._guilds.get(row.guild_id)
        return language(guild.post_locale) if guild else SOURCE

    async def _part(self, row: Delivery, tr: Language = SOURCE) -> Part:
        english = await self._english_part(row)
        if tr.code == ENGLISH:
            return english
        key = (row.release_key, tr.code)
        part = self._translated.get(key)
        if part is None or part.release != english.release or part.drama != english.drama:
            part = render_part(english.drama, english.release, tr)
            if row.release_key in self._parts:  # kept only while the English part is
                self._translated[key] = part
        return part

    async def _english_part(self, row: Delivery) -> Part:
        key = row.release_key
        if key in self._parts:
            return self._parts[key]
        read_at = self.version
        details = await self._store.releases.details(
            row.drama_id, row.release_id, every_server=True
        )
        part = render_part(details.drama, details.release)
        if read_at == self.version:
            self._parts[key] = part
            self._last_due[key] = max(row.due_at, self._last_due.get(key, row.due_at))
        return part


def _reminder(row: Delivery) -> ReminderKey:
    """The personal reminder a DM row delivers (its member, drama and release)."""
    return (row.user_id or 0, row.drama_id, row.release_id)


def compose_post(
    parts: Sequence[Part], kind: DeliveryKind, role: int | None, tr: Language = SOURCE
) -> Post:
    """The post of ``parts`` in a ledger message of ``kind``, as sent or edited: always within
    Discord's limits (``assemble`` fits the embeds, ``Post.rows`` the buttons)."""
    releases = [part.release for part in parts]
    actions: tuple[ActionButton, ...] = ()
    if kind.before is not None:  # an announcement is "out now": nothing to remind of
        actions = remind_actions([r for r in releases if r.status is not Status.CANCELLED], tr)
    headline = _headline(kind, releases, tr)
    return assemble(parts, ping_role=role, headline=headline, actions=actions)


def _headline(kind: DeliveryKind, releases: list[Release], tr: Language) -> str | None:
    if kind == ANNOUNCE:
        return tr.gettext(OUT_NOW)
    if kind == DM:
        return tr.gettext(PERSONAL_OUT_NOW)
    instant = releases[0].at if releases else None
    return reminder_headline(instant, tr) if instant else None
