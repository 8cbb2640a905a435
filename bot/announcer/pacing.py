"""When an announcer request may leave: paced below Discord's per-bot limit, and never while
Discord is blocking us.

discord.py waits on each route's bucket but only reacts to the global limit after a 429; a
fan-out to thousands of channels would collect them. Every announcer request (posts, edits,
publishes, DMs, scheduled events) takes a turn here first, so requests leave evenly spaced at
``rate`` per second.

A block (Cloudflare's 429 without ``Via`` after too many invalid requests, or a global 429
discord.py gave up on) is IP-wide: every request sent into it is one more invalid request and
makes it last longer. So the ``Gate`` stops every turn at once, then lets one probe through
after ``Retry-After`` when Discord sent one, else after growing waits (1 min, 2, 4... up to an
hour, about how long Discord's ban lasts). The first answer that is not a block opens the gate
for everyone again.

    closed? ── no ──▶ pace ──▶ request ──▶ not a block: open (INFO once if it was closed)
       │                                └─▶ a block: close (WARNING once), probe later
       └── yes: wait for the gate to open, or to be the probe
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections import deque
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp

log = logging.getLogger(__name__)

FIRST_PROBE = 60.0
LONGEST_WAIT = 3600.0  # Discord's IP ban lasts about an hour


@dataclass(frozen=True)
class Block:
    """Discord refuses every request for a while. ``retry_after`` when it said how long."""

    reason: str
    retry_after: float | None = None


class Closed(Exception):
    """The announcer is stopping: the request did not leave."""


class Shut(Exception):
    """The gate is shut and the caller chose not to wait: the request did not leave."""


class Gate:
    """Shut while Discord blocks this bot; one probe at a time finds out when it is over."""

    def __init__(
        self,
        *,
        first_probe: float = FIRST_PROBE,
        longest: float = LONGEST_WAIT,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._first = first_probe
        self._longest = longest
        self._clock = clock
        self._changed = asyncio.Condition()
        self._wait = 0.0  # the wait before the next probe; 0 while open
        self._since: datetime | None = None  # when the block began
        self._until: datetime | None = None  # when the next probe leaves
        self._probe_ready = False
        self._probing = False
        self._timer: asyncio.TimerHandle | None = None
        self._closed = False
        self.blocks = 0  # blocks seen since start, for tests and logs
        self.reopened = 0  # how many times a block ended: requests note it when they leave

    @property
    def blocked_until(self) -> datetime | None:
        """When the next probe leaves (the block's expected end), or None when open."""
        return self._until

    @property
    def blocked(self) -> bool:
        return self._since is not None

    async def enter(self) -> bool:
        """Return when a request may leave: the gate is open (False), or this caller is the
        probe (True), which must report its outcome with ``probe=True``."""
        async with self._changed:
            while True:
                if self._closed:
                    raise Closed
                if self._since is None:
                    return False
                if self._probe_ready and not self._probing:
                    self._probing = True
                    return True
                await self._changed.wait()

    def answered(
        self, block: Block | None, *, probe: bool = False, left: int | None = None
    ) -> None:
        """A request came back: ``block`` when Discord refused it as a block, else None.

        While blocked, only the probe's answer counts: a request that left before the gate
        shut may come back later, with a 429 (known already) or even a 200 (sent before the
        block began), and neither says whether the block is over. ``left`` is ``reopened``
        when the request left: a block answered to a request that left before the last block
        ended is that old block (Discord's answers take a while), not a new one.
        """
        if self._since is not None and not (probe and self._probing):
            return
        if block is not None and left is not None and left < self.reopened:
            return
        if block is None:
            if self._since is not None:
                took = self._clock() - self._since
                log.info("Discord's block is over after %s; resuming every post", _minutes(took))
                self._reset()
            return
        first = self._since is None
        if first:
            self._since = self._clock()
            self.blocks += 1
            self._wait = self._first
        else:
            self._wait = min(self._wait * 2, self._longest)
        # Retry-After is Discord's own word: honoured as sent (up to a day, against nonsense);
        # without one, the growing probes stop growing at ``longest``.
        wait = self._wait if block.retry_after is None else min(block.retry_after, 86400.0)
        self._until = self._clock() + timedelta(seconds=wait)
        self._probing = self._probe_ready = False
        if first:
            local = self._until.astimezone().strftime("%H:%M %Z")
            log.warning(
                "Discord is blocking this bot's requests (%s); every post, edit and event waits"
                " until about %s, then one request probes whether the block is over",
                block.reason,
                local,
            )
        self._arm(wait)

    def unanswered(self, *, probe: bool = False) -> None:
        """The probe got no answer (timeout, connection reset): probe again after the same wait."""
        if self._since is not None and probe and self._probing:
            self._probing = self._probe_ready = False
            self._until = self._clock() + timedelta(seconds=self._wait)
            self._arm(self._wait)

    def close(self) -> None:
        """The announcer stops: waiting requests give up (their rows stay pending)."""
        self._closed = True
        if self._timer:
            self._timer.cancel()
        self._notify()

    def _reset(self) -> None:
        self.reopened += 1
        self._since = self._until = None
        self._wait = 0.0
        self._probing = self._probe_ready = False
        if self._timer:
            self._timer.cancel()
            self._timer = None
        self._notify()

    def _arm(self, wait: float) -> None:
        if self._timer:
            self._timer.cancel()
        self._timer = asyncio.get_running_loop().call_later(wait, self._open_probe)

    def _open_probe(self) -> None:
        self._timer = None
        self._probe_ready = True
        self._notify()

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:
                self._changed.notify_all()

        task = asyncio.get_running_loop().create_task(notify())
        _PENDING.add(task)
        task.add_done_callback(_PENDING.discard)


_PENDING: set[asyncio.Task[None]] = set()  # keeps notifier tasks alive until they ran


def _minutes(took: timedelta) -> str:
    seconds = int(took.total_seconds())
    return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"


class Pacer:
    def __init__(self, rate: float, gate: Gate | None = None) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self.gate = gate or Gate()
        # Discord counts its global limit over any rolling second: never more turns than this
        # in one, even when turns fall behind their schedule and catch up.
        self._per_second = max(1, math.floor(rate))
        self._recent: deque[float] = deque()
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def slot(self) -> None:
        """Wait for this caller's turn: ``1 / rate`` seconds apart, at most ``rate`` in any
        rolling second.

        Turns are handed out one at a time and checked when they are taken: a stalled event
        loop (a loaded machine, a long write) wakes one waiter, not every turn that fell due
        meanwhile, so requests never bunch past Discord's limit after a stall.
        """
        async with self._lock:
            loop = asyncio.get_running_loop()
            while True:
                now = loop.time()
                while self._recent and self._recent[0] <= now - 1.0:
                    self._recent.popleft()
                wait = self._next - now
                if len(self._recent) >= self._per_second:
                    wait = max(wait, self._recent[0] + 1.0 - now)
                if wait <= 0:
                    break
                await asyncio.sleep(wait)
            self._recent.append(now)
            # On schedule, not from now, so a timer's small lateness does not slow the pace;
            # but a turn far behind (idle, or a stall) is not owed a burst to catch up.
            self._next = max(self._next + self.interval, now - self.interval)

    @asynccontextmanager
    async def turn(
        self, classify: Callable[[BaseException], Block | None], *, wait: bool = True
    ) -> AsyncIterator[None]:
        """One request: wait for the gate and the pace, then tell the gate how it went.

        ``classify`` says whether an exception from the request is a block; a connection error
        or timeout is no answer at all (the probe is repeated); anything else is an answer.
        ``wait=False`` raises ``Shut`` at once while blocked: for callers that must not hold
        up others (edits from a command, the event sync on the tick); they retry later.
        """
        if not wait and self.gate.blocked:
            raise Shut
        probe = await self.gate.enter()
        left = self.gate.reopened
        try:
            await self.slot()
            yield
        except (TimeoutError, OSError):
            self.gate.unanswered(probe=probe)
            raise
        except Exception as error:
            block = classify(error)
            if block is None and _no_answer(error):
                self.gate.unanswered(probe=probe)
            else:
                self.gate.answered(block, probe=probe, left=left)
            raise
        except BaseException:
            self.gate.unanswered(probe=probe)  # cancelled mid-request: nothing learned
            raise
        else:
            self.gate.answered(None, probe=probe, left=left)


def _no_answer(error: BaseException) -> bool:
    return isinstance(error, aiohttp.ClientError) and not isinstance(
        error, aiohttp.ClientResponseError
    )
