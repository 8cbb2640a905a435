"""Uploading the slash commands to Discord: only when they changed, and by one process.

Discord rate-limits the bulk overwrite (``PUT /applications/{id}/commands``) hard, and each
upload replaces every command, so an unchanged tree is not sent again: the digest of the last
upload is kept in the store per application and scope (global, or the development guild).

Several ``ostbot run`` sharing a PostgreSQL store start together (a deploy restarts them all),
and each would find the digest missing or old before any of them had stored the new one: 4
processes, 4 uploads, the third drawing a 429. So the upload is done under a work lease
(``Store.leases``, ``commands:<scope>``): the process that takes it reads the digest again,
uploads if it still differs and stores the new one before letting the lease go; a process that
finds the lease held goes on starting and, in the background, waits for it to end and then does
the same, finding the digest stored (nothing sent) or, from a process with another tree (a
rolling upgrade), uploading its own.

Why a lease rather than a rule such as "the process of shard 0 uploads": with the rule, a new
tree would wait while that one process is down or not upgraded yet, and a bot without shards
would need a rule of its own; with the lease, whichever process first starts with a changed
tree uploads it, once, whichever processes are alive. During a rolling upgrade Discord shows
the tree of the last process started with a different one; once every process runs the same
version, that version's. A single process (SQLite, or no other process alive) always finds the
lease free: it uploads exactly when it did before.

Why not ask Discord what it has (``GET .../commands``) before uploading: the stored digest
already spares every unchanged start any request; a GET would help only a store that has no
digest yet (a first start, or a new database), and would cost a request at every such start,
and comparing Discord's normalised answer (ids, versions, defaults it fills in) with ours is
easy to get wrong in the unsafe direction: a false "equal" leaves the commands stale.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import discord
from discord import app_commands

from bot.store import Store

log = logging.getLogger(__name__)

# How long the lease is held while uploading: far longer than one PUT (about 100 ms), and than
# discord.py waiting out a 429 on the route (a second or two). Never renewed: a process that
# dies uploading frees it by this; one slower than this lets a second process upload the same
# tree, which changes nothing.
SYNC_HELD = timedelta(minutes=1)
# How often a process that found the lease held looks again (in the background).
SYNC_RETRY = 1.0


class CommandSync:
    """Uploads ``tree`` when it differs from the last upload, one process at a time."""

    def __init__(
        self,
        tree: app_commands.CommandTree[Any],
        store: Store,
        clock: Callable[[], datetime],
        owner: str,
    ) -> None:
        self._tree = tree
        self._store = store
        self._clock = clock
        self._owner = f"{owner}/commands"  # a name of its own: no lease keeper renews it
        self.retry = SYNC_RETRY
        self._waiting: asyncio.Task[None] | None = None
        # Set once this process's tree is known to be Discord's (uploaded by it or by another).
        self.done = asyncio.Event()

    async def sync(
        self, application_id: int | None, guild: discord.Object | None, *, force: bool = False
    ) -> bool:
        """Upload the tree if it differs from the last upload; True if this call did.

        When another process holds the lease, returns False at once and uploads later, in the
        background, if it then still needs to (``done`` is set either way once it is known).
        """
        outcome = await self._sync_once(application_id, guild, force=force)
        if outcome is not None:
            return outcome
        log.info("another process is syncing the slash commands; checking again once it is done")
        self._waiting = asyncio.create_task(
            self._sync_when_free(application_id, guild, force=force), name="ostbot-command-sync"
        )
        return False

    async def stop(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()
            await asyncio.gather(self._waiting, return_exceptions=True)
            self._waiting = None

    async def _sync_when_free(
        self, application_id: int | None, guild: discord.Object | None, *, force: bool
    ) -> None:
        try:
            # Polled: the holder's end is a row in the store, which no event announces.
            while True:
                await asyncio.sleep(self.retry)
                if await self._sync_once(application_id, guild, force=force) is not None:
                    return
        except Exception:
            # The commands Discord has stay as they are; the next start tries again.
            log.exception("syncing the slash commands failed")

    async def _sync_once(
        self, application_id: int | None, guild: discord.Object | None, *, force: bool
    ) -> bool | None:
        """True if uploaded, False if unchanged, None if another process holds the lease."""
        digest = await self._digest(guild)
        scope = str(guild.id) if guild else "global"
        key = f"commands.{application_id}.{scope}"
        if not force and await self._store.state.get(key) == digest:
            log.info("slash commands unchanged since the last sync; not uploading them")
            self.done.set()
            return False
        lease = f"commands:{application_id}:{scope}"
        now = self._clock()
        if not await self._store.leases.take(lease, self._owner, now=now, until=now + SYNC_HELD):
            return None
        try:
            # Read again under the lease: the process that held it may have just uploaded it.
            if not force and await self._store.state.get(key) == digest:
                log.info("slash commands synced by another process; not uploading them")
                self.done.set()
                return False
            synced = await self._tree.sync(guild=guild)
            await self._store.state.set(key, digest)
        finally:
            await self._store.leases.give_up(lease, self._owner)
        where = f"guild {guild.id}" if guild else "all servers"
        log.info("synced %d slash command(s) for %s", len(synced), where)
        self.done.set()
        return True

    async def _digest(self, guild: discord.Object | None) -> str:
        """The digest of what ``tree.sync`` uploads, translations included: a changed
        catalogue is a changed tree."""
        translator = self._tree.translator
        commands_ = self._tree.get_commands(guild=guild)
        payload = (
            [await command.get_translated_payload(self._tree, translator) for command in commands_]
            if translator is not None
            else [command.to_dict(self._tree) for command in commands_]
        )
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
