"""The announcer as the bot sees it: start, stop, and "releases changed".

start ── apply changes made while down ── catch-up sweep ── sender task ── plan + tick
tick (every 10 s) ── apply changes (e.g. a CLI import) ── sweep ── re-plan the horizon
job at a due instant ── sweep (rows for what is due) ── wake the sender
after changes (and at most once a minute on the tick) ── sync scheduled events, if given
tick ── edits owed since Discord could not be reached (at most once a minute)
tick ── ended edit leases deleted (at most once every ten minutes)

Next on a release's way out: ``planner`` (the package docstring lists the whole way).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.announcer.claims import DEFAULT_LEASE, Claims, LeaseKeeper
from bot.announcer.composer import Composer
from bot.announcer.dispatcher import Dispatcher, Poster
from bot.announcer.edits import Editor
from bot.announcer.events import EventSyncer
from bot.announcer.pacing import Closed, Gate
from bot.announcer.planner import DEFAULT_HORIZON, Planner
from bot.announcer.publisher import Publisher
from bot.announcer.storefaults import StoreTrouble, unwritable
from bot.announcer.sweep import Sweeper
from bot.domain import NotFound, Status
from bot.store import ReleaseChange, Store

log = logging.getLogger(__name__)

CHANGES_SEEN = "announcer.changes_seen"
TICK_JOB = "ostbot.tick"
# The fields whose change moves or stops a release (a change to any field alters its posts).
TIMING = {"at", "status"}


class Announcer:
    def __init__(
        self,
        store: Store,
        scheduler: AsyncIOScheduler,
        poster: Poster,
        clock: Callable[[], datetime],
        *,
        horizon: timedelta = DEFAULT_HORIZON,
        tick: timedelta = timedelta(seconds=10),
        concurrency: int = 32,
        retry_base: timedelta = timedelta(seconds=5),
        events: EventSyncer | None = None,
        gate: Gate | None = None,
        store_retry: timedelta = timedelta(seconds=10),
        settle_wait: float = 10.0,
        lease: timedelta = DEFAULT_LEASE,
    ) -> None:
        self._store = store
        # This process's claims on ledger rows, shared with any other process on the store.
        self.claims = Claims(clock, lease=lease)
        self._lease_keeper = LeaseKeeper(store, self.claims)
        if events is not None:
            events.claims = self.claims  # one name per process, its leases renewed as one
        self._settle_wait = settle_wait
        self.events = events
        self._scheduler = scheduler
        self._clock = clock
        self._tick = tick
        self.store_trouble = StoreTrouble()
        self.composer = Composer(store)
        self.publisher = Publisher(store, poster, self.store_trouble, self.claims)
        self.dispatcher = Dispatcher(
            store,
            poster,
            self.composer,
            self.publisher,
            clock,
            self.store_trouble,
            self.claims,
            concurrency=concurrency,
            retry_base=retry_base,
            gate=gate,
            store_retry=store_retry,
        )
        self.sweeper = Sweeper(store, self.composer, self.dispatcher, clock, self.store_trouble)
        self.editor = Editor(store, poster, clock, gate)
        self.gate = gate  # shut while Discord blocks the bot (``/ost-admin status`` says so)
        self.planner = Planner(
            scheduler, store, self.sweeper.due, self.sweeper.prepare, clock, horizon=horizon
        )
        self._sender: asyncio.Task[None] | None = None
        self._publisher: asyncio.Task[None] | None = None
        self._changes_lock = asyncio.Lock()
        self._seen: int | None = None  # the last release change this process applied
        # Between start() and stop(): only then do commands' "something changed" calls plan
        # jobs. A bot built without the announcer extension (tests of one extension) never
        # starts it, and a stopped one must not put jobs back into the scheduler.
        self._running = False

    async def start(self) -> None:
        began = time.perf_counter()
        if self._store.single_process:
            # No other process can be alive on this store: the claims of one that died are
            # taken back now rather than when their lease ends, so a restart resumes at once.
            await self._store.ledger.release(None)
        self._lease_keeper.start()
        await self.apply_changes()
        await self.sweeper.sweep()
        self._sender = asyncio.create_task(self.dispatcher.run(), name="ostbot-sender")
        self._publisher = asyncio.create_task(self.publisher.run(), name="ostbot-publisher")
        self.dispatcher.wake()  # rows left pending by a crash are resumed at once
        jobs = await self.planner.plan()
        self._scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=self._tick.total_seconds()),
            id=TICK_JOB,
            misfire_grace_time=None,
            coalesce=True,
            max_instances=1,
            replace_existing=True,
        )
        self._running = True
        took = (time.perf_counter() - began) * 1000
        log.info("announcer started: %d due instants planned in %.0f ms", jobs, took)

    async def stop(self, grace: float = 10.0) -> None:
        """Let messages in flight finish (their rows stay pending otherwise, resumed next start)."""
        self._running = False
        for job in self._scheduler.get_jobs():
            if job.id == TICK_JOB or job.id.startswith(("ostbot.due:", "ostbot.prepare:")):
                job.remove()
        await self.dispatcher.stop()
        for task in (self._sender, self._publisher):
            if task is None:
                continue
            try:
                await asyncio.wait_for(task, grace)
            except TimeoutError:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self._lease_keeper.stop()
        try:
            # What this process claimed and did not finish is anyone's at once, not after the
            # lease (its rows stay pending, and the next start, or another process, sends them).
            await self._store.ledger.release(self.claims.owner)
        except Exception as error:  # the claims end with their lease anyway
            log.warning("could not release this process's claims: %s", error)

    async def settings_changed(self) -> None:
        """A server changed its channel, follows or reminder offsets: re-plan the horizon."""
        if not self._running:
            return  # the next start plans from the store
        await self.planner.plan()
        await self._sync_events()

    async def releases_changed(self) -> None:
        """Releases were added or edited from inside the bot (e.g. /ost-admin add): act at once
        rather than at the next tick."""
        if not self._running:
            return  # the next start applies the change, as it does one made while down
        await self.apply_changes()  # syncs scheduled events when anything changed
        await self.sweeper.sweep()
        await self.planner.plan()

    async def tick(self) -> None:
        try:
            await self.apply_changes()
            await self.sweeper.sweep()
            await self.planner.plan()
            await self._sync_events(force=False)
            await self.editor.retry_edits()
            await self.editor.prune_leases()
        except Closed:
            return
        except Exception as error:
            if not unwritable(error):
                raise
            # One line per spell, not a traceback every tick; the next tick tries again.
            self.store_trouble.failed(error, "applying changes")

    async def _sync_events(self, *, force: bool = True) -> None:
        """Scheduled events follow the releases; their failure must not stop announcements."""
        if self.events is None:
            return
        try:
            await self.events.sync_all(force=force)
        except Closed:
            return
        except Exception:
            log.exception("syncing scheduled events failed; the next sync retries")

    async def apply_changes(self) -> int:
        """Act on release changes recorded since last time: re-plan, catch up, edit posts.

        Every process sharing the store applies every change itself (``_seen`` is this
        process's, in memory): its composer holds the old facts, and only it can let its own
        posts on their way land first (``Dispatcher.settle``). What it does to the store is
        idempotent when done twice: dropping the unsent rows (another process's claimed rows
        are left to it) and writing the rows now owed (the ledger's unique keys). The sent
        posts are edited once, by the process that takes the change's edit lease
        (``Editor.claim_change``); another that had a post of the release on its way, or finds
        one recorded since the change, which the holder may have missed, leaves the release
        owed an edit. The stored mark
        (``CHANGES_SEEN``) is where a process starting afresh begins; its caches are empty,
        so earlier changes need nothing from it.
        """
        async with self._changes_lock:
            latest = await self._store.releases.latest_change()
            if self._seen is None:
                stored = await self._store.state.get(CHANGES_SEEN)
                if stored is None:
                    # First start: nothing was posted yet, so past changes need no edits.
                    await self._store.state.set(CHANGES_SEEN, str(latest))
                    self._seen = latest
                    return 0
                self._seen = int(stored)
            if self._seen >= latest:
                if self._seen > latest:  # the change log was reset: start again from it
                    self._seen = latest
                    await self._store.state.set(CHANGES_SEEN, str(latest))
                return 0
            # Added releases need nothing here (the sweep and the plan find them); only changed
            # ones may have posts to edit or rows to drop. An import of 100,000 new releases
            # must not become 100,000 lookups at the next start.
            changes = await self._store.releases.changes_since(self._seen, kind="changed")
            for change in changes:
                await self._apply(change)
            self._seen = latest
            await self._store.state.set(CHANGES_SEEN, str(latest))
            await self.planner.plan()
        await self._sync_events()
        return len(changes)

    async def _apply(self, change: ReleaseChange) -> None:
        fields = set(change.fields)
        key = f"{change.drama_id}/{change.release_id}"
        # Posts not sent yet are made from the new facts (or not at all, if it is gone).
        self.composer.forget(key)
        try:
            details = await self._store.releases.details(
                change.drama_id, change.release_id, every_server=True
            )
            release = details.release
        except NotFound:
            return
        # A post of the old facts may be on its way: let it land and be recorded first, so the
        # drop below keeps it and the refresh edits it. One still held (a long queue, a block)
        # leaves the release owed an edit, made on a later tick once it is recorded.
        posting = self.dispatcher.showing(key)
        settled = await self.dispatcher.settle(key, within=self._settle_wait)
        if fields & TIMING or release.status is Status.CANCELLED:
            # Unsent rows were planned for the old instant: forget them; the new one re-plans.
            await self._store.ledger.drop_pending(
                change.drama_id, change.release_id, owner=self.claims.owner, now=self._clock()
            )
            if "at" in fields:
                await self.sweeper.sweep_release(release)
        if fields:  # every field but the ids, which never change, shows in a post
            lease = await self.editor.claim_change(change.seq, self.claims.owner)
            if lease is not None:
                await self.editor.refresh(change.drama_id, change.release_id, lease)
            elif posting or await self.editor.sent_since(
                change.drama_id, change.release_id, change.recorded_at
            ):
                # A post recorded since the change (this process's, just settled, or one
                # composed by a process that had not applied it yet) may have been recorded
                # after the holder's edits: edit again later rather than leave old facts.
                await self.editor.owe(key)
        if not settled:
            await self.editor.owe(key)
