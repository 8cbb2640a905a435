"""Edits of posted messages: when a release's facts change, every message that shows it.

An edit that cannot be made now (Discord blocks the bot, a 429, 5xx, a timeout) is not lost:
the release is recorded as owed an edit (in the store's state, so a restart keeps it) and
``retry_edits``, on the tick, makes it once Discord answers again. Edits never wait out a
block: they run inside commands and the tick, which must go on.

Several processes sharing the store each apply every change (``Announcer.apply_changes``), but
one of them makes its edits: the first to take the change's work lease (``claim_change``). The
others would only edit the same posts to the same facts (N processes, N edits of each post). The
holder marks the release owed before it starts and clears the mark once done, so the edits of a
holder that dies midway are made by another process's ``retry_edits``. The list of owed edits is
one key they all write, each change to it made under the key's lock (``State.update``). The
holder renews the lease while it edits; once ended, the lease's row is deleted on a later tick
(``prune_leases``), since an ended lease and no lease decide the same.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.announcer.composer import Composer
from bot.announcer.dispatcher import Poster
from bot.announcer.pacing import Gate
from bot.announcer.poster import Blocked, ChannelUnavailable, Rejected, TemporaryFailure
from bot.domain import DM
from bot.store import Store

log = logging.getLogger(__name__)

EDITS_OWED = "announcer.edits_owed"  # JSON list of "drama/release" whose posts need an edit
EDIT_RETRY = 60.0  # seconds between tries of owed edits
# How long a change's edit lease is kept after it is taken, and after each renewal while its
# holder edits (never given up: every process sharing the store applies the change within a
# tick or two, and each must find it held). Once it ends, a process applying that change only
# now, far behind the others, edits again, which shows the same facts.
EDITS_HELD = timedelta(minutes=10)
# A holder still editing renews its lease this often (a fan-out of 30,000 posts takes longer
# than EDITS_HELD to edit at Discord's pace).
EDITS_RENEWED = EDITS_HELD / 4
EDITS_LEASE = "edits:"  # + the change's seq: one lease per change, one row in work_leases each
# Ended edit leases are deleted (else one row per change stays for ever) once they have been
# over for this long too. Deleting an ended lease changes nothing ``take`` decides (an ended
# lease is anyone's to take, a missing one too), so no edit is made twice or lost by it; the
# wait only keeps a machine whose clock runs ahead from deleting a lease another still reads
# as held. A holder still editing renews its lease, so it is never deleted under it.
EDITS_KEPT = EDITS_HELD
PRUNE_EVERY = EDITS_KEPT.total_seconds()  # seconds between deletes of ended edit leases


@dataclass(frozen=True, slots=True)
class EditLease:
    """The lease that makes this process the one editing a release change's posts."""

    name: str
    owner: str


class Editor:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        clock: Callable[[], datetime],
        gate: Gate | None = None,
    ) -> None:
        self._store = store
        self._poster = poster
        self._clock = clock
        self.gate = gate
        self._edits_tried = -EDIT_RETRY
        self._pruned: float | None = None

    async def refresh(self, drama_id: str, release_id: str, lease: EditLease | None = None) -> int:
        """Edit every message already posted with this release to show its current facts.

        An edit that fails for now (a block, a 429, 5xx) leaves the release owed an edit, kept
        in the store, which ``retry_edits`` (on the tick) makes once Discord answers again.
        ``lease``: the change's edit lease this process took (``claim_change``), renewed while
        it edits.
        """
        # Owed until done: if this process dies midway, another one's retry makes the edits.
        await self._owe_edit(f"{drama_id}/{release_id}", owed=True)
        try:
            edited, owed = await self._refresh(drama_id, release_id, lease)
        except Exception:
            await self._owe_edit(f"{drama_id}/{release_id}", owed=True)
            raise
        await self._owe_edit(f"{drama_id}/{release_id}", owed=owed)
        return edited

    async def claim_change(self, seq: int, owner: str) -> EditLease | None:
        """The lease that makes this process (``owner``, its claims' name) the one editing the
        posts of release change ``seq``: for the first process sharing the store to ask; None
        for the others."""
        # A name of its own: the lease keeper renews the owner's leases, and this one must end.
        lease = EditLease(f"{EDITS_LEASE}{seq}", f"{owner}/edits")
        return lease if await self._hold(lease) else None

    async def _hold(self, lease: EditLease) -> bool:
        now = self._clock()
        return await self._store.leases.take(
            lease.name, lease.owner, now=now, until=now + EDITS_HELD
        )

    async def prune_leases(self) -> int:
        """Delete the edit leases over for ``EDITS_KEPT`` (at most once per ``PRUNE_EVERY``:
        the tick calls this every few seconds); returns how many."""
        now = time.monotonic()
        if self._pruned is not None and now - self._pruned < PRUNE_EVERY:
            return 0
        self._pruned = now
        return await self._store.leases.drop_ended(EDITS_LEASE, before=self._clock() - EDITS_KEPT)

    async def sent_since(self, drama_id: str, release_id: str, since: datetime) -> bool:
        """Whether a post of this release was recorded sent at or after ``since``."""
        sent = await self._store.ledger.for_release(drama_id, release_id, state="sent")
        return any(row.sent_at is not None and row.sent_at >= since for row in sent)

    async def retry_edits(self) -> None:
        """Make the edits owed since an earlier refresh could not reach Discord (at most once
        per ``EDIT_RETRY``: the tick calls this every few seconds)."""
        if self.gate is not None and self.gate.blocked:
            return
        owed = await self._edits_owed()
        now = time.monotonic()
        if not owed or now - self._edits_tried < EDIT_RETRY:
            return
        self._edits_tried = now
        for key in owed:
            drama_id, _, release_id = key.partition("/")
            await self.refresh(drama_id, release_id)

    async def owe(self, release_key: str) -> None:
        """Make ``drama/release``'s edits later (``retry_edits``): a post of it was still on
        its way when its facts changed."""
        await self._owe_edit(release_key, owed=True)

    async def _edits_owed(self) -> list[str]:
        stored = await self._store.state.get(EDITS_OWED)
        return list(json.loads(stored)) if stored else []

    async def _owe_edit(self, key: str, *, owed: bool) -> None:
        if owed == (key in await self._edits_owed()):
            return  # the usual case, a read only

        def change(stored: str | None) -> str:
            # Re-read under the key's lock: another process sharing the store may have added
            # or cleared another release meanwhile, and must not lose it.
            keys = [k for k in (json.loads(stored) if stored else []) if k != key]
            return json.dumps([*keys, key] if owed else keys)

        await self._store.state.update(EDITS_OWED, change)

    async def _refresh(
        self, drama_id: str, release_id: str, lease: EditLease | None
    ) -> tuple[int, bool]:
        sent = await self._store.ledger.for_release(drama_id, release_id, state="sent")
        composer = Composer(self._store)
        await composer.load(sent)  # the servers' settings and the DMs' languages, at once
        edited = 0
        owed = False
        renew_at = self._clock() + EDITS_RENEWED
        for key in dict.fromkeys(row.message_key for row in sent):
            if lease is not None and self._clock() >= renew_at:
                # Still editing: keep the change to this process. Lost (this process stalled
                # past the lease and another took it), the edits go on: they show the same facts.
                if not await self._hold(lease):
                    log.info("the edit lease %s passed to another process", lease.name)
                    lease = None
                renew_at = self._clock() + EDITS_RENEWED
            rows = await self._store.ledger.for_message(key)
            post = await composer.edited_post(rows)
            first = rows[0]
            if first.message_id is None:
                continue
            try:
                if first.kind == DM:
                    await self._poster.edit_dm(first.destination, first.message_id, post)
                else:
                    await self._poster.edit(first.destination, first.message_id, post)
                edited += 1
            except ChannelUnavailable as error:
                if first.kind != DM:
                    await self._store.servers.mark_broken(
                        first.guild_id, str(error), now=self._clock()
                    )
            except Rejected as error:
                log.warning("could not edit message %s: %s", first.message_id, error)
            except Blocked:
                owed = True  # the gate said so once; the edit is made after the block
            except TemporaryFailure as error:
                log.warning(
                    "editing message %s failed for now (retried): %s", first.message_id, error
                )
                owed = True
        return edited, owed
