"""Wake-ups in APScheduler, derived from the store: one job per distinct due instant.

``dues`` says which instants come in the hours ahead; at each, the job runs the sweep
(``sweep.Sweeper.due``), and a prepare job shortly before writes that instant's rows ahead.

Jobs cover a rolling horizon (6 h by default) rather than every future release: the store is the
plan, and the periodic tick extends the horizon. Memory and start-up then stay flat whatever the
size of the schedule, and a restart loses nothing (the jobs are rebuilt from the store).

APScheduler settings, on purpose: ``misfire_grace_time=None`` (run however late: whether a late
release is still announced or recorded as missed is our catch-up rule, decided in the sweep; the
default of 1 s silently skipped jobs in a burst), ``coalesce=True`` (several missed runs of a job
are one sweep anyway), and ``replace_existing=True`` (planning is idempotent).

Every process sharing a store plans the same jobs from it and sweeps at the same instants; the
sweep is what makes that safe (see ``sweep``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.announcer.dues import due_between
from bot.store import Store

log = logging.getLogger(__name__)

PREFIX = "ostbot.due:"
PREPARE = "ostbot.prepare:"
DEFAULT_HORIZON = timedelta(hours=6)
# Rows for an instant are written this long before it, so sending starts on the instant.
DEFAULT_LEAD = timedelta(seconds=30)


class Planner:
    def __init__(
        self,
        scheduler: AsyncIOScheduler,
        store: Store,
        on_due: Callable[[], Awaitable[None]],
        on_prepare: Callable[[datetime], Awaitable[None]],
        clock: Callable[[], datetime],
        *,
        horizon: timedelta = DEFAULT_HORIZON,
        lead: timedelta | None = DEFAULT_LEAD,
    ) -> None:
        self._scheduler = scheduler
        self._store = store
        self._on_due = on_due
        self._on_prepare = on_prepare
        self._clock = clock
        self.horizon = horizon
        self.lead = lead

    async def plan(self) -> int:
        """Make the jobs match the due instants within the horizon; returns how many there are."""
        instants = await self.instants()
        now = self._clock()
        wanted: dict[str, tuple[datetime, Callable[..., Awaitable[None]], tuple[datetime, ...]]]
        wanted = {f"{PREFIX}{int(t.timestamp())}": (t, self._on_due, ()) for t in instants}
        lead = self.lead
        for instant in instants:
            if lead is not None and instant - lead > now:
                job_id = f"{PREPARE}{int(instant.timestamp())}"
                wanted[job_id] = (instant - lead, self._on_prepare, (instant,))
        for job in self._scheduler.get_jobs():
            if job.id.startswith((PREFIX, PREPARE)) and job.id not in wanted:
                job.remove()
        for job_id, (run_at, function, args) in wanted.items():
            if self._scheduler.get_job(job_id) is None:
                self._scheduler.add_job(
                    function,
                    DateTrigger(run_date=run_at),
                    args=args,
                    id=job_id,
                    misfire_grace_time=None,
                    coalesce=True,
                    replace_existing=True,
                )
        return len(instants)

    async def instants(self) -> set[datetime]:
        """Announcement and reminder instants from now to the horizon."""
        now = self._clock()
        return {due.due_at for due in await due_between(self._store, now, now + self.horizon)}
