"""Mirrors each server's followed releases as Discord scheduled events (``/ost-admin setup
events``), so Discord's own notifications reach the members marked interested.

sync_all ── each server mirroring (or with events left after turning it off)
    _sync_guild ── plan_events (pure) ── create / edit / cancel or delete / forget ── store

A cancelled release cancels its event (status 4: Discord shows it as cancelled to anyone holding
its link, and hides it from the list); an event no longer wanted for any other reason
(unfollowed, moved beyond the window, mirroring off) is deleted. A 403 marks the server
``events_broken`` and stops mirroring there until an admin turns it on again; any other error
ends this server's sync, which the next sync retries. While Discord blocks the bot (see
``pacing``), no sync starts and a sync under way stops: the first sync after the block
catches up.

Several processes on one store sync one server one at a time: a server's sync runs under a
work lease (``Store.leases``, ``events:<guild id>``), and a process finding it held passes the
server over (the holder is syncing it now). Two syncing it at once would each create its
events, and the mirror would remember only one of each pair.

Calls go through discord.py's HTTP layer: the bot has no scheduled-events intent, so its cache
holds no events, and an edit by id needs no fetch first.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.announcer.claims import Claims
from bot.announcer.events_plan import DesiredEvent, plan_events
from bot.announcer.pacing import Pacer, Shut
from bot.announcer.poster import block_of
from bot.domain import Drama, NotFound, Status
from bot.i18n import language
from bot.store import EventMirror, Store

log = logging.getLogger(__name__)

UPCOMING_LIMIT = 50  # Discord allows 100 scheduled events per server
EXTERNAL, GUILD_ONLY, CANCELED = 3, 2, 4
# Discord's "Maximum number of uncompleted guild scheduled events reached (100)": the server's
# own events fill it. Not broken: the next sync after some end or are cancelled goes on.
MAX_EVENTS_REACHED = 30038


class EventSyncer:
    def __init__(
        self,
        client: discord.Client,
        store: Store,
        clock: Callable[[], datetime],
        pacer: Pacer | None = None,
        *,
        every: timedelta = timedelta(minutes=1),
        claims: Claims | None = None,
    ) -> None:
        self.claims = claims if claims is not None else Claims(clock)
        self._client = client
        self._store = store
        self._clock = clock
        self._pacer = pacer
        self._every = every.total_seconds()
        self._last: float | None = None
        self._lock = asyncio.Lock()  # a tick and a command must not both create one event

    async def sync_all(self, *, force: bool = True) -> None:
        """Sync every server concerned; ``force=False`` (the tick) at most once per ``every``,
        which is enough to pick up releases entering the window."""
        if not force and self._last is not None and time.monotonic() - self._last < self._every:
            return
        if self._pacer is not None and self._pacer.gate.blocked:
            return  # nothing can be sent; the first tick after the block syncs
        async with self._lock:
            self._last = time.monotonic()
            try:
                for guild_id in await self._store.events.syncing_guilds():
                    await self._sync_held(guild_id)
            except Shut:
                self._last = None  # a block began mid-sync: the next tick after it syncs

    async def _sync_held(self, guild_id: int) -> None:
        """Sync the server unless another process is syncing it (its work lease)."""
        name = f"events:{guild_id}"
        owner = self.claims.owner
        if not await self._store.leases.take(
            name, owner, now=self.claims.now(), until=self.claims.until()
        ):
            return
        try:
            await self._sync_guild(guild_id)
        finally:
            await self._store.leases.give_up(name, owner)

    async def _sync_guild(self, guild_id: int) -> None:
        settings = await self._store.servers.get(guild_id)
        if settings is None or settings.events_broken is not None:
            return
        now = self._clock()
        releases = []
        if settings.mirror_events:
            releases = await self._store.releases.followed_upcoming(
                guild_id, now=now, limit=UPCOMING_LIMIT
            )
        dramas: dict[str, Drama] = {}
        for drama_id in {r.drama_id for r in releases}:
            dramas[drama_id] = await self._store.releases.drama(drama_id)
        mirrors = await self._store.events.mirrors(guild_id)
        plan = plan_events(
            releases,
            dramas,
            mirrors,
            now=now,
            enabled=settings.mirror_events,
            tr=language(settings.post_locale),
        )
        for mirror in plan.past:
            await self._store.events.forget(guild_id, mirror.drama_id, mirror.release_id)
        try:
            for mirror in plan.drop:
                await self._drop(mirror)
            for mirror, event in plan.edit:
                await self._edit(mirror, event)
            for event in plan.create:
                await self._create(guild_id, event)
        except (discord.Forbidden, discord.NotFound) as exc:
            # 403: the permission is gone; 404 here: the server is (the bot was removed). Either
            # way, retrying every minute would only add to Discord's invalid-request count.
            what = "Manage Events" if isinstance(exc, discord.Forbidden) else "server not found"
            reason = f"{exc.status} {exc.text or 'refused'}: {what}"
            log.warning("scheduled events stopped in server %d: %s", guild_id, reason)
            await self._store.servers.mark_events_broken(guild_id, reason, now=self._clock())
        except discord.HTTPException as exc:
            if exc.code == MAX_EVENTS_REACHED:
                log.warning(
                    "scheduled events: server %d already has Discord's maximum of 100 scheduled "
                    "or active events; releases not mirrored yet are created once some end",
                    guild_id,
                )
                return
            if block_of(exc) is None:  # a block is said once, by the gate
                log.warning("scheduled events sync failed in server %d: %s", guild_id, exc)

    async def _create(self, guild_id: int, event: DesiredEvent) -> None:
        async with self._turn():
            created = await self._client.http.create_guild_scheduled_event(
                guild_id, **_payload(event)
            )
        await self._remember(guild_id, int(created["id"]), event)

    async def _edit(self, mirror: EventMirror, event: DesiredEvent) -> None:
        try:
            async with self._turn():
                await self._client.http.edit_scheduled_event(
                    mirror.guild_id, mirror.event_id, **_payload(event)
                )
        except discord.NotFound:
            # Someone deleted the event in Discord: the release still wants one.
            await self._create(mirror.guild_id, event)
            return
        await self._remember(mirror.guild_id, mirror.event_id, event)

    async def _drop(self, mirror: EventMirror) -> None:
        http = self._client.http
        try:
            if await self._cancelled(mirror):
                async with self._turn():
                    await http.edit_scheduled_event(
                        mirror.guild_id, mirror.event_id, status=CANCELED
                    )
            else:
                async with self._turn():
                    await http.delete_scheduled_event(mirror.guild_id, mirror.event_id)
        except discord.NotFound:
            pass  # already gone
        await self._store.events.forget(mirror.guild_id, mirror.drama_id, mirror.release_id)

    async def _cancelled(self, mirror: EventMirror) -> bool:
        try:
            details = await self._store.releases.details(
                mirror.drama_id, mirror.release_id, every_server=True
            )
        except NotFound:
            return False
        return details.release.status is Status.CANCELLED

    async def _remember(self, guild_id: int, event_id: int, event: DesiredEvent) -> None:
        await self._store.events.save(
            EventMirror(
                guild_id,
                event.drama_id,
                event.release_id,
                event_id,
                event.fingerprint,
                event.start,
            )
        )

    @asynccontextmanager
    async def _turn(self) -> AsyncIterator[None]:
        """A paced request that tells the gate how it went; never waits out a block (the
        sync runs on the tick, which must go on), ``Shut`` instead."""
        if self._pacer is None:
            yield
            return
        async with self._pacer.turn(block_of, wait=False):
            yield


def _payload(event: DesiredEvent) -> dict[str, Any]:
    return {
        "name": event.name,
        "description": event.description,
        "privacy_level": GUILD_ONLY,
        "entity_type": EXTERNAL,
        "entity_metadata": {"location": event.location},
        "scheduled_start_time": event.start.isoformat(),
        "scheduled_end_time": event.end.isoformat(),
    }
