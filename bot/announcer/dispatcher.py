"""From ledger rows to messages in Discord: the sender.

The sweep (``sweep``) wrote the rows and woke the sender; its task drains pending rows, one
message per ``message_key``, several channels at once, each request paced by the poster. The
``Composer`` hands out each message's post, assembled from the parts the sweep rendered. A row
is marked sent with the message id after the send; sent posts in announcement channels are then
published (``publisher``).

Nothing a fault does loses or repeats a post: a block (see ``pacing``) holds every row where
it is, untouched; a 429 postpones a row without counting an attempt; 5xx, timeouts and other
passing trouble retry with backoff; only Discord refusing the message or the channel fails a
row, with the reason shown in ``/ost-admin status``. A message sent but not yet recorded (the
disk is full) is kept in memory, never sent again, and recorded when writes work again.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.announcer.claims import Claims
from bot.announcer.composer import Composer
from bot.announcer.pacing import Closed, Gate
from bot.announcer.packing import nonce_for
from bot.announcer.poster import (
    Blocked,
    ChannelUnavailable,
    RateLimited,
    Rejected,
    TemporaryFailure,
)
from bot.announcer.publisher import Publisher
from bot.announcer.recording import SentPosts
from bot.announcer.storefaults import StoreTrouble, unwritable
from bot.domain import DM
from bot.render import Post
from bot.store import Delivery, Store

log = logging.getLogger(__name__)

# The most rows one claim takes. Below that, a claim takes about a second of the process's
# pace (twice its workers, ``rate x 0.5 s``). Rows a process holds when the pending ones run
# out are sent at its own share of the pace while other processes idle: 500 rows at 112.5/s
# (4 processes sharing 450/s) held up to 4.4 s of the fan-out's end, twice that with the next
# batch read ahead. Not less than a second: a batch must outlast the slowest answers of the
# one before it (the next claim waits for them), else the pace stops at every batch; claims of
# half a second left gaps of 0.2-0.5 s at each (one process on PostgreSQL, 10,000 channels).
BATCH = 500
# Requests in flight needed to keep a pace: rate x how long an answer takes. Discord answers in
# ~80 ms (median) with a tail to ~0.5 s; workers sized for the tail never starve the pacer.
SLOW_ANSWER = 0.5
MIN_WORKERS = 32
# Backoff doubles from retry_base up to 10 minutes: 16 attempts wait out about an hour of 5xx
# or timeouts (Discord's longer incidents) before a row is given up.
MAX_ATTEMPTS = 16
# How long the sweep at an instant waits for the prepared rows' first answer (``send_first``).
FIRST_ANSWER = 2.0


class Poster(Protocol):
    async def send(self, channel_id: int, post: Post, *, nonce: str) -> int: ...

    async def edit(self, channel_id: int, message_id: int, post: Post) -> None: ...

    async def send_dm(self, user_id: int, post: Post, *, nonce: str) -> int: ...

    async def in_announcement_channel(
        self, guild_id: int, channel_id: int, *, stored: bool | None = None
    ) -> bool: ...

    async def publish(self, channel_id: int, message_id: int) -> None: ...

    async def edit_dm(self, user_id: int, message_id: int, post: Post) -> None: ...


def workers_for(rate: float) -> int:
    """How many channels to post to at once at ``rate`` requests/s (at least ``MIN_WORKERS``):
    at 45/s, 32; at 450/s, 225. Idle workers cost nothing; the pacer sets the pace."""
    return max(MIN_WORKERS, math.ceil(rate * SLOW_ANSWER))


def backoff(attempt: int, base: timedelta) -> timedelta:
    """base, then twice that, then four times... up to 10 minutes, jittered against stampedes."""
    ceiling = min(base.total_seconds() * 2 ** (attempt - 1), 600.0)
    return timedelta(seconds=random.uniform(ceiling / 2, ceiling))  # noqa: S311 - not security


class Dispatcher:
    def __init__(
        self,
        store: Store,
        poster: Poster,
        composer: Composer,
        publisher: Publisher,
        clock: Callable[[], datetime],
        store_trouble: StoreTrouble,
        claims: Claims,
        *,
        concurrency: int = 32,
        retry_base: timedelta = timedelta(seconds=5),
        gate: Gate | None = None,
        store_retry: timedelta = timedelta(seconds=10),
    ) -> None:
        self._retry_base = retry_base
        self.gate = gate
        self._store_retry = store_retry
        self._store_trouble = store_trouble
        self._store = store
        self._poster = poster
        self._composer = composer
        self._publisher = publisher
        self._clock = clock
        self._concurrency = concurrency
        self._wake = asyncio.Event()
        self._stopping = False
        self._retry_timer: asyncio.TimerHandle | None = None
        self._claims = claims
        self._sent = SentPosts(store, clock, store_trouble, claims.owner)  # not yet recorded
        # Messages composed and not yet answered -> the releases they show (``settle``).
        self._in_flight: dict[str, set[str]] = {}
        self._landed = asyncio.Event()  # set whenever a message leaves ``_in_flight``
        self.idle = asyncio.Event()  # set whenever the sender has nothing left to send now

    @property
    def unrecorded(self) -> bool:
        """Whether posts were sent whose record the store has not taken yet."""
        return bool(self._sent)

    def wake(self) -> None:
        self.idle.clear()
        self._wake.set()

    async def send_first(self) -> None:
        """Wake the sender; return once a message has been answered, the sender found nothing
        to send, or ``FIRST_ANSWER`` seconds have passed, whichever comes first."""
        self._landed.clear()
        self.wake()
        waits = {asyncio.ensure_future(event.wait()) for event in (self._landed, self.idle)}
        try:
            await asyncio.wait(waits, timeout=FIRST_ANSWER, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()

    async def run(self) -> None:
        """The sender task: drain pending rows whenever woken, until ``stop``."""
        while not self._stopping:
            await self._wake.wait()
            self._wake.clear()
            try:
                waiting = await self.drain()
            except Closed:
                return
            except Exception as error:
                if unwritable(error):
                    # Keep running rather than stop with exit 1: the ids of posts sent but not
                    # recorded live only in this process; a restart would resend them, and
                    # once Discord's nonce window (minutes) has passed, post them twice. No
                    # new post leaves until they are recorded, so nothing is lost either.
                    self._store_trouble.failed(error, "recording sent posts")
                    log.debug(
                        "the store is still not writable (%d sent posts unrecorded)",
                        len(self._sent),
                    )
                else:
                    log.exception("sending announcements failed; retrying")
                self._arm_timer(self._store_retry.total_seconds())
                continue
            self._publisher.wake()
            if not self._wake.is_set():
                log.info("nothing left to send now (%d waiting for a retry)", waiting)
                self.idle.set()

    async def stop(self) -> None:
        """Finish the messages in flight and stop taking new ones."""
        self._stopping = True
        self._wake.set()
        self._publisher.stop()
        if self._retry_timer:
            self._retry_timer.cancel()
        if self.gate is not None:
            self.gate.close()  # requests waiting out a block give up; their rows stay pending

    async def drain(self) -> int:
        """Send every pending row that is ready; returns how many messages wait for a retry.

        Batches overlap: the next one is read while the last requests of the one before are
        still in flight (once all its channels have a worker), so Discord's latency is not
        paid once more at every batch boundary. A batch never takes a message or a channel
        that an unfinished batch holds (see ``_fresh``).
        """
        # Sent but unrecorded from last time (the store could not be written): record them
        # first, and send nothing new while that fails (it raises).
        await self._sent.flush()
        gate = asyncio.Semaphore(self._concurrency)
        running: list[_Batch] = []
        try:
            while not self._stopping:
                held = self._held(running)
                # Held rows are still pending in the store, and claimed by this process (a
                # claim returns its own too): read past them.
                rows = await self._store.ledger.claim(
                    self._claims.owner,
                    now=self._clock(),
                    lease=self._claims.lease,
                    limit=min(BATCH, 2 * self._concurrency) + len(held),
                )
                fresh = self._fresh(rows, held, running)
                if fresh:
                    batch = _Batch(fresh)
                    batch.task = asyncio.create_task(self._send_batch(batch, gate))
                    running.append(batch)
                elif not running:
                    break
                for batch in await _next_turn(running, read_ahead=bool(fresh)):
                    running.remove(batch)
                    batch.task.result()  # raises what the batch raised
        finally:
            # Every worker runs to its end before the drain does: one failing must not leave
            # the others sending while the next drain picks up the same rows.
            outcomes = await asyncio.gather(*(b.task for b in running), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        # Everything due by now was sent or waits for a retry (rendered again then, with the
        # facts of then): the posts held for it go.
        self._composer.forget_passed(self._clock())
        return await self._arm_retry()

    def _held(self, running: list[_Batch]) -> set[str]:
        """Messages still pending in the store that this drain must not take again: those of
        unfinished batches, and those sent whose record is not written yet."""
        held = {key for batch in running for key in batch.keys}
        return held | self._sent.held()

    def _fresh(self, rows: list[Delivery], held: set[str], running: list[_Batch]) -> list[Delivery]:
        """The rows no unfinished batch holds, in channels no unfinished batch posts to.

        ``held`` was taken before the rows were read (a message recorded since may still look
        pending in them); a busy channel keeps its posts for later, in order.
        """
        taken = held | self._held(running)
        busy = {channel for b in running for channel in b.channels}
        return [r for r in rows if r.message_key not in taken and r.destination not in busy]

    async def _send_batch(self, batch: _Batch, gate: asyncio.Semaphore) -> None:
        by_channel: dict[int, dict[str, list[Delivery]]] = defaultdict(dict)
        for row in batch.rows:
            by_channel[row.destination].setdefault(row.message_key, []).append(row)
        await self._composer.load(batch.rows)  # one query per kind of fact, not per post
        waiting = len(by_channel)

        async def channel_worker(messages: dict[str, list[Delivery]]) -> None:
            nonlocal waiting
            async with gate:
                waiting -= 1
                if not waiting:
                    batch.entered.set()
                for message in messages.values():  # in order: one channel's posts stay ordered
                    if self._stopping:
                        return
                    await self._in_flight_while(message)

        # Every worker runs to its end before the batch does: one failing must not leave the
        # others sending while the next batch picks up the same rows.
        try:
            outcomes = await asyncio.gather(
                *(channel_worker(m) for m in by_channel.values()), return_exceptions=True
            )
        finally:
            batch.entered.set()
            await self._sent.flush()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

    def showing(self, release_key: str) -> bool:
        """Whether a message of this process showing the release (``drama/release``) is on its
        way now, or any sent post of this process is not recorded yet (which releases it shows
        is not kept with it)."""
        return len(self._sent) > 0 or any(
            release_key in shown for shown in self._in_flight.values()
        )

    async def settle(self, release_key: str, *, within: float = 10.0) -> bool:
        """Wait until no message showing this release (``drama/release``) is between being
        composed and its answer, and record those sent; False if some still are after
        ``within`` seconds (queued behind a long fan-out, or held while Discord blocks us).

        A change to the release (an edit, a cancel, a move) then finds them sent, with their
        ids, and edits them; without this, a post composed from the old facts and answered
        after the change (Discord takes ~80 ms, sometimes 0.5 s) would keep the old facts, or
        lose its record to the drop of a cancel."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        while any(release_key in shown for shown in self._in_flight.values()):
            self._landed.clear()
            try:
                await asyncio.wait_for(self._landed.wait(), deadline - loop.time())
            except TimeoutError:
                return False
        await self._sent.flush()
        return True

    async def _in_flight_while(self, rows: list[Delivery]) -> None:
        key = rows[0].message_key
        self._in_flight[key] = {row.release_key for row in rows}
        try:
            await self._deliver(rows)
        finally:
            del self._in_flight[key]
            self._landed.set()

    async def _deliver(self, rows: list[Delivery]) -> None:
        first = rows[0]
        if self._sent.unrecordable:
            return  # sent posts await their record: nothing new leaves (the row waits)
        try:
            post = await self._composer.first_post(rows)
            if post is None:
                await self._store.ledger.mark_failed(
                    first.message_key, "cancelled before it was posted", owner=self._owner
                )
                return
            # Asked before sending: once sent, nothing may come between the send and keeping
            # its message id.
            publish = await self._publishable(first)
            message_id = await self._send(first, post)
        except (Blocked, Closed):
            # Discord blocks every request (the gate is shut) or we are stopping: the row
            # waits untouched; no attempt is counted, the gate holds the next try.
            return
        except RateLimited as error:
            retry_at = self._clock() + timedelta(seconds=error.retry_after)
            await self._store.ledger.postpone(
                first.message_key, str(error), retry_at=retry_at, owner=self._owner
            )
        except ChannelUnavailable as error:
            if first.kind == DM:  # the member closed their DMs: nothing to mark broken
                await self._store.ledger.mark_failed(
                    first.message_key, str(error), owner=self._owner
                )
                return
            log.warning(
                "guild %s channel %s refused us (%s)", first.guild_id, first.destination, error
            )
            await self._store.servers.mark_broken(first.guild_id, str(error), now=self._clock())
        except TemporaryFailure as error:
            await self._retry_later(first, str(error))
        except Rejected as error:
            log.error("Discord rejected message %s: %s", first.message_key, error)
            await self._store.ledger.mark_failed(first.message_key, str(error), owner=self._owner)
        except Exception as error:
            if unwritable(error):
                raise  # the store's trouble, not this post's: said once by the sender loop
            # Nothing we know (a bug, a malformed answer): retried with backoff, within the
            # attempt budget, rather than failing the row or stopping the batch.
            log.exception("sending %s failed unexpectedly", first.message_key)
            await self._retry_later(first, f"{type(error).__name__}: {error}")
        else:
            # Kept before any write, so a failing write cannot lose the message id (``recording``).
            await self._sent.add(first.message_key, message_id, publish=publish)

    async def _publishable(self, first: Delivery) -> bool:
        return (
            first.kind != DM
            and self._composer.publishes(first)
            and await self._poster.in_announcement_channel(
                first.guild_id, first.destination, stored=self._composer.channel_news(first)
            )
        )

    async def _send(self, first: Delivery, post: Post) -> int:
        nonce = nonce_for(first.message_key)
        if first.kind == DM:
            return await self._poster.send_dm(first.destination, post, nonce=nonce)
        return await self._poster.send(first.destination, post, nonce=nonce)

    async def _retry_later(self, first: Delivery, error: str) -> None:
        attempt = first.attempts + 1
        if attempt >= MAX_ATTEMPTS:
            log.error("giving up on %s after %d attempts: %s", first.message_key, attempt, error)
            await self._store.ledger.mark_failed(
                first.message_key, f"gave up: {error}", owner=self._owner
            )
            return
        retry_at = self._clock() + backoff(attempt, self._retry_base)
        await self._store.ledger.defer(
            first.message_key, error, retry_at=retry_at, owner=self._owner
        )

    @property
    def _owner(self) -> str:
        return self._claims.owner

    async def _arm_retry(self) -> int:
        """Wake at the first retry due, or when another process's first claim ends (had it
        died, its rows are then this process's to send); returns how many wait for a retry."""
        when, waiting = await self._store.ledger.next_retry()
        lease_end = await self._store.ledger.next_lease_end(self._owner, now=self._clock())
        if lease_end is not None and (when is None or lease_end < when):
            when = lease_end
        if self._retry_timer:
            self._retry_timer.cancel()
            self._retry_timer = None
        if when is not None:
            self._arm_timer(max((when - self._clock()).total_seconds(), 0.0))
        return waiting

    def _arm_timer(self, delay: float) -> None:
        if self._retry_timer:
            self._retry_timer.cancel()
            self._retry_timer = None
        if not self._stopping:
            self._retry_timer = asyncio.get_running_loop().call_later(delay, self.wake)


async def _next_turn(running: list[_Batch], *, read_ahead: bool) -> list[_Batch]:
    """Wait until a batch is done (returned) or, with ``read_ahead`` and one batch running,
    until each of its channels has a worker: then the next batch can be read."""
    waits: set[asyncio.Future[Any]] = {b.task for b in running}
    entered = None
    if read_ahead and len(running) < 2:
        entered = asyncio.ensure_future(running[-1].entered.wait())
        waits.add(entered)
    try:
        done, _ = await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if entered is not None:
            entered.cancel()
    return [b for b in running if b.task in done]


class _Batch:
    """Rows one ``_send_batch`` sends; ``entered`` is set once each of its channels has a
    worker (what is left of it is in flight)."""

    def __init__(self, rows: list[Delivery]) -> None:
        self.rows = rows
        self.keys = {row.message_key for row in rows}
        self.channels = {row.destination for row in rows}
        self.entered = asyncio.Event()
        self.task: asyncio.Task[None]  # set by the drain as soon as it is made
