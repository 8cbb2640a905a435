"""What a ledger message says: its releases, rendered for its channel (or member), cached.

One ``Composer`` lives for one batch of sends. A fan-out posts the same releases to thousands
of channels, so releases, servers' settings and finished posts are looked up and rendered once
per batch, not once per channel: the same ``Post`` object is handed out again, which also lets
the poster reuse its Discord form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.domain import ANNOUNCE, DM, DeliveryKind, Drama, GuildSettings, Release, Status
from bot.render import OUT_NOW, PERSONAL_OUT_NOW, Post, reminder_headline, render_post
from bot.render.actions import remind_actions
from bot.store import Delivery, Store


class Composer:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._releases: dict[str, tuple[Drama, Release]] = {}
        self._guilds: dict[int, GuildSettings | None] = {}
        self._posts: dict[tuple[object, ...], Post | None] = {}

    async def load_guilds(self, guild_ids: Sequence[int]) -> None:
        """Fetch the settings of every server in a batch in one query."""
        wanted = [g for g in set(guild_ids) if g not in self._guilds]
        found = await self._store.servers.get_many(wanted)
        self._guilds.update({g: found.get(g) for g in wanted})

    async def first_post(self, rows: list[Delivery]) -> Post | None:
        """The post for a message's first send; None when all its releases were cancelled."""
        first = rows[0]
        role = await self._ping_role(first)
        key = (first.kind, role, *(f"{r.drama_id}/{r.release_id}" for r in rows))
        if key not in self._posts:
            pairs = [await self._release(row) for row in rows]
            live = [release for _, release in pairs if release.status is not Status.CANCELLED]
            self._posts[key] = compose_post(pairs, live, first.kind, role) if live else None
        return self._posts[key]

    async def edited_post(self, rows: list[Delivery]) -> Post:
        """The post as it should read now; unlike a first post, cancelled releases stay in it
        (that is the news)."""
        pairs = [await self._release(row) for row in rows]
        role = await self._ping_role(rows[0])
        return compose_post(pairs, [r for _, r in pairs], rows[0].kind, role)

    def publishes(self, row: Delivery) -> bool:
        """Whether the row's server wants posts in announcement channels published."""
        guild = self._guilds.get(row.guild_id)
        return guild.publish if guild else True

    async def _ping_role(self, row: Delivery) -> int | None:
        if row.kind == DM:
            return None
        if row.guild_id not in self._guilds:
            await self.load_guilds([row.guild_id])
        guild = self._guilds[row.guild_id]
        return guild.ping_role_id if guild else None

    async def _release(self, row: Delivery) -> tuple[Drama, Release]:
        key = f"{row.drama_id}/{row.release_id}"
        if key not in self._releases:
            details = await self._store.releases.details(
                row.drama_id, row.release_id, every_server=True
            )
            self._releases[key] = (details.drama, details.release)
        return self._releases[key]


def compose_post(
    pairs: list[tuple[Drama, Release]],
    releases: list[Release],
    kind: DeliveryKind,
    role: int | None,
) -> Post:
    """The post of ``releases`` (of a ledger message of ``kind``), as sent or edited: always
    within Discord's limits (``render_post`` fits the embeds, ``Post.rows`` the buttons)."""
    post = render_post(
        {drama.id: drama for drama, _ in pairs},
        releases,
        ping_role=role,
        headline=_headline(kind, releases),
    )
    if kind.before is None:
        return post  # an announcement is "out now": nothing left to be reminded of
    live = [r for r in releases if r.status is not Status.CANCELLED]
    return replace(post, actions=remind_actions(live))


def _headline(kind: DeliveryKind, releases: list[Release]) -> str | None:
    if kind == ANNOUNCE:
        return OUT_NOW
    if kind == DM:
        return PERSONAL_OUT_NOW
    instant = releases[0].at if releases else None
    return reminder_headline(instant) if instant else None
