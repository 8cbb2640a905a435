"""From due instants to ledger rows: what came due is loaded once, rendered once, packed, written.

``sweep`` writes the rows owed for everything that came due since the last sweep (the
watermark is kept in the store, so a restart catches up); ``prepare`` writes an instant's rows
ahead of it, so sending starts on the instant. Each sweep:

1. loads the due releases (``dues``) and, for them, their dramas, audiences and the members
   who asked for a DM: once, and nothing is read again on the way out;
2. renders each release once (the ``Composer`` keeps the parts for the sender);
3. plans the rows (``packing``), releases packed into messages by measuring those parts;
4. writes the rows (``add_deliveries``), then wakes the sender (``dispatcher``).

A row is never sent before it is written. A store that cannot be written leaves the watermark
where it was: the next sweep writes the rows, and nothing unwritten is ever sent.

Several processes on one store each sweep at each instant (each plans its own jobs): safe,
because a sweep only adds rows and the ledger skips a row already written (its unique keys,
``ON CONFLICT DO NOTHING``), whichever process wrote it first. The watermark is shared: one
process may set it back a little behind another's; the next sweep then goes over those
seconds again and writes nothing new. Sending is shared out by claims (``claims``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta

from bot.announcer.composer import Composer
from bot.announcer.dispatcher import Dispatcher
from bot.announcer.dues import due_between
from bot.announcer.packing import Due, dm_rows, plan_rows
from bot.announcer.storefaults import StoreTrouble, unwritable
from bot.domain import ANNOUNCE, Release, Status
from bot.store import Store

log = logging.getLogger(__name__)

WATERMARK = "announcer.swept_until"


class Sweeper:
    def __init__(
        self,
        store: Store,
        composer: Composer,
        dispatcher: Dispatcher,
        clock: Callable[[], datetime],
        store_trouble: StoreTrouble,
    ) -> None:
        self._store = store
        self._composer = composer
        self._dispatcher = dispatcher
        self._clock = clock
        self._store_trouble = store_trouble
        self._lock = asyncio.Lock()

    async def sweep(self) -> None:
        """Write the rows owed for releases and reminders due since the last sweep; wake sending."""
        async with self._lock:
            now = self._clock()
            read_at = self._composer.version
            since = await self._watermark(now)
            dues = await due_between(self._store, *_after(since, now))
            try:
                await self._write(dues, now, read_at)
                await self._store.state.set(WATERMARK, now.isoformat())
            except Exception as error:
                if not unwritable(error):
                    raise
                # The watermark did not move: the next sweep (the tick) writes these rows.
                # Nothing unwritten is ever sent, so nothing is lost meanwhile.
                self._store_trouble.failed(error, "writing the rows of due posts")
                return
            # Sent posts still unrecorded: a small write can succeed while a larger one fails.
            if not self._dispatcher.unrecorded:
                self._store_trouble.worked()
        self._dispatcher.wake()

    async def prepare(self, instant: datetime) -> None:
        """Write the rows due at ``instant`` ahead of it; they stay unsent until it comes.

        A fan-out's rows take a moment to plan and write; done ahead, the first message leaves
        as soon as the instant comes. Anything that changes in between is caught by ``due``
        (and a changed release's posts by ``Composer.forget``).
        """
        async with self._lock:
            now = self._clock()
            if instant > now:
                read_at = self._composer.version
                dues = await due_between(
                    self._store, *_after(instant - timedelta(seconds=1), instant)
                )
                try:
                    await self._write(dues, now, read_at)
                except Exception as error:
                    if not unwritable(error):
                        raise
                    # The sweep at the instant writes them (or says why it cannot).
                    self._store_trouble.failed(error, "preparing the rows of coming posts")

    async def due(self) -> None:
        """An instant has come: send what was prepared at once, then sweep for the rest.

        The sweep re-derives every row of the instant (what changed since ``prepare``): O(n)
        work on the event loop that, run at once, held up the first messages of a 20,000-channel
        fan-out by ~0.4 s. So it starts once the first prepared message has been answered (or
        the sender had nothing, or ``FIRST_ANSWER`` passed; the tick sweeps too).
        """
        await self._dispatcher.send_first()
        await self.sweep()

    async def sweep_release(self, release: Release) -> None:
        """A changed release whose new instant has already come is owed now (catch-up rules)."""
        if release.at is None or release.status is Status.CANCELLED:
            return
        async with self._lock:
            now = self._clock()
            if release.at <= now:  # read by the caller after its change was forgotten
                due = Due(release, ANNOUNCE, release.at)
                await self._write([due], now, self._composer.version)
        self._dispatcher.wake()

    async def _watermark(self, now: datetime) -> datetime:
        stored = await self._store.state.get(WATERMARK)
        # First start ever: nothing was announced before, so nothing is owed from the past.
        return datetime.fromisoformat(stored) if stored else now

    async def _write(self, dues: Sequence[Due], now: datetime, read_at: int) -> None:
        if not dues:
            return
        releases = {due.release.key: due.release for due in dues}
        audiences = {
            key: await self._store.servers.audience(r.drama_id, r.id) for key, r in releases.items()
        }
        dramas = {
            d: await self._store.releases.drama(d) for d in {r.drama_id for r in releases.values()}
        }
        parts = self._composer.render(dramas, dues, read_at=read_at)
        rows = plan_rows(dues, audiences, parts, now=now)
        for due in dues:
            if due.kind == ANNOUNCE:
                users = await self._store.reminders.members(due.release.drama_id, due.release.id)
                rows.extend(dm_rows(due, users, now=now))
        added = await self._store.ledger.add(rows, now=now)
        missed = sum(1 for row in rows if row.state == "missed")
        log.info("%d due: %d ledger rows written (%d missed)", len(dues), added, missed)


def _after(since: datetime, now: datetime) -> tuple[datetime, datetime]:
    """After ``since``, up to ``now``: instants are whole seconds, so [⌊since⌋+1, ⌊now⌋+1)."""
    return _whole(since) + timedelta(seconds=1), _whole(now) + timedelta(seconds=1)


def _whole(instant: datetime) -> datetime:
    return datetime.fromtimestamp(int(instant.timestamp()), UTC)
