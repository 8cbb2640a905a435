"""From due instants to ledger rows, and from ledger rows to messages in Discord.

``sweep`` writes the rows owed for everything that came due since the last sweep (the
watermark is kept in the store, so a restart catches up); the sender task drains pending rows,
one message per ``message_key``, several channels at once, each request paced by the poster.
A row is never sent before it is written, and it is marked sent with the message id after.

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
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from bot.announcer.composer import Composer
from bot.announcer.pacing import Closed, Gate
from bot.announcer.packing import (
    ANNOUNCE,
    DM,
    Due,
    dm_rows,
    nonce_for,
    plan_rows,
    reminder_kind,
)
from bot.announcer.poster import (
    Blocked,
    ChannelUnavailable,
    RateLimited,
    Rejected,
    TemporaryFailure,
)
from bot.announcer.storefaults import StoreTrouble, unwritable
from bot.domain import Release, Status
from bot.render import (
    Post,
    announcement_embed,
)
from bot.render.post import embed_length
from bot.store import Delivery, Store

log = logging.getLogger(__name__)

WATERMARK = "announcer.swept_until"
BATCH = 500
SENT_FLUSH = 50
# Requests in flight needed to keep a pace: rate x how long an answer takes. Discord answers in
# ~80 ms (median) with a tail to ~0.5 s; workers sized for the tail never starve the pacer.
SLOW_ANSWER = 0.5
MIN_WORKERS = 32
# Backoff doubles from retry_base up to 10 minutes: 16 attempts wait out about an hour of 5xx
# or timeouts (Discord's longer incidents) before a row is given up.
MAX_ATTEMPTS = 16
# How long the sweep at an instant waits for the prepared rows' first answer (see ``due``).
FIRST_ANSWER = 2.0


class Poster(Protocol):
    async def send(self, channel_id: int, post: Post, *, nonce: str) -> int: ...

    async def edit(self, channel_id: int, message_id: int, post: Post) -> None: ...

    async def send_dm(self, user_id: int, post: Post, *, nonce: str) -> int: ...

    async def in_announcement_channel(self, guild_id: int, channel_id: int) -> bool: ...

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
        clock: Callable[[], datetime],
        *,
        concurrency: int = 32,
        retry_base: timedelta = timedelta(seconds=5),
        gate: Gate | None = None,
        store_retry: timedelta = timedelta(seconds=10),
    ) -> None:
        self._retry_base = retry_base
        self.gate = gate
        self._store_retry = store_retry
        self.store_trouble = StoreTrouble()
        self._store = store
        self._poster = poster
        self._clock = clock
        self._concurrency = concurrency
        self._sweep_lock = asyncio.Lock()
        self._wake = asyncio.Event()
        self._publish_wake = asyncio.Event()
        self._stopping = False
        self._retry_timer: asyncio.TimerHandle | None = None
        # Sent, not yet recorded: (message_key, message_id, owed a publish). Kept until the
        # store takes them; while here, their rows are never sent again.
        self._sent: list[tuple[str, int, bool]] = []
        self._unrecordable = False  # the last try to record sent posts failed: send nothing
        self._recording: set[str] = set()  # sent, their record being written right now
        # Messages composed and not yet answered -> the releases they show (``settle``).
        self._in_flight: dict[str, set[str]] = {}
        self._landed = asyncio.Event()  # set whenever a message leaves ``_in_flight``
        self._flush_lock = asyncio.Lock()
        self.idle = asyncio.Event()  # set whenever the sender has nothing left to send now

    # --- rows ------------------------------------------------------------------------------

    async def sweep(self) -> None:
        """Write the rows owed for releases and reminders due since the last sweep; wake sending."""
        async with self._sweep_lock:
            now = self._clock()
            since = await self._watermark(now)
            dues = await self._dues(since, now)
            try:
                await self._write(dues, now)
                await self._store.set_state(WATERMARK, now.isoformat())
            except Exception as error:
                if not unwritable(error):
                    raise
                # The watermark did not move: the next sweep (the tick) writes these rows.
                # Nothing unwritten is ever sent, so nothing is lost meanwhile.
                self.store_trouble.failed(error, "writing the rows of due posts")
                return
            if not self._sent:  # a small write can succeed while a larger one still fails
                self.store_trouble.worked()
        self.wake()

    async def prepare(self, instant: datetime) -> None:
        """Write the rows due at ``instant`` ahead of it; they stay unsent until it comes.

        A fan-out's rows take a moment to plan and write; done ahead, the first message leaves
        as soon as the instant comes. Anything that changes in between is caught by ``due``.
        """
        async with self._sweep_lock:
            now = self._clock()
            if instant > now:
                dues = await self._dues(instant - timedelta(seconds=1), instant)
                try:
                    await self._write(dues, now)
                except Exception as error:
                    if not unwritable(error):
                        raise
                    # The sweep at the instant writes them (or says why it cannot).
                    self.store_trouble.failed(error, "preparing the rows of coming posts")

    async def due(self) -> None:
        """An instant has come: send what was prepared at once, then sweep for the rest.

        The sweep re-derives every row of the instant (what changed since ``prepare``): O(n)
        work on the event loop that, run at once, held up the first messages of a 20,000-channel
        fan-out by ~0.4 s. It starts once a first message has been answered, the sender found
        nothing to send, or ``FIRST_ANSWER`` has passed (the tick sweeps too, so nothing waits
        on the sender for good).
        """
        self._landed.clear()
        self.wake()
        waits = {asyncio.ensure_future(e.wait()) for e in (self._landed, self.idle)}
        try:
            await asyncio.wait(waits, timeout=FIRST_ANSWER, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiting in waits:
                waiting.cancel()
        await self.sweep()

    async def sweep_release(self, release: Release) -> None:
        """A changed release whose new instant has already come is owed now (catch-up rules)."""
        if release.at is None or release.status is Status.CANCELLED:
            return
        async with self._sweep_lock:
            now = self._clock()
            if release.at <= now:
                await self._write([Due(release, ANNOUNCE, release.at)], now)
        self.wake()

    async def _watermark(self, now: datetime) -> datetime:
        stored = await self._store.get_state(WATERMARK)
        # First start ever: nothing was announced before, so nothing is owed from the past.
        return datetime.fromisoformat(stored) if stored else now

    async def _dues(self, since: datetime, now: datetime) -> list[Due]:
        # Instants are whole seconds: "after since, up to now" is [floor(since)+1, floor(now)+1).
        start = _whole(since) + timedelta(seconds=1)
        end = _whole(now) + timedelta(seconds=1)
        dues = [Due(r, ANNOUNCE, r.at) for r in await self._releases(start, end) if r.at]
        for offset in await self._store.reminder_offsets():
            kind = reminder_kind(offset)
            for release in await self._releases(start + offset, end + offset):
                if release.at is not None:
                    dues.append(Due(release, kind, release.at - offset))
        return dues

    async def _releases(self, start: datetime, end: datetime) -> list[Release]:
        found = await self._store.upcoming(now=start, until=end, every_server=True)
        return [r for r in found if r.status is not Status.CANCELLED]

    async def _write(self, dues: Sequence[Due], now: datetime) -> None:
        if not dues:
            return
        releases = {due.release.key: due.release for due in dues}
        audiences = {
            key: await self._store.audience(r.drama_id, r.id) for key, r in releases.items()
        }
        dramas = {
            d: await self._store.get_drama(d) for d in {r.drama_id for r in releases.values()}
        }
        sizes = {
            key: embed_length(announcement_embed(dramas[r.drama_id], r))
            for key, r in releases.items()
        }
        rows = plan_rows(dues, audiences, sizes, now=now)
        for due in dues:
            if due.kind == ANNOUNCE:
                users = await self._store.reminded_users(due.release.drama_id, due.release.id)
                rows.extend(dm_rows(due, users, now=now))
        added = await self._store.add_deliveries(rows, now=now)
        missed = sum(1 for row in rows if row.state == "missed")
        log.info("%d due: %d ledger rows written (%d missed)", len(dues), added, missed)

    # --- sending ---------------------------------------------------------------------------

    def wake(self) -> None:
        self.idle.clear()
        self._wake.set()

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
                    self.store_trouble.failed(error, "recording sent posts")
                    log.debug(
                        "the store is still not writable (%d sent posts unrecorded)",
                        len(self._sent),
                    )
                else:
                    log.exception("sending announcements failed; retrying")
                self._arm_timer(self._store_retry.total_seconds())
                continue
            self._publish_wake.set()
            if not self._wake.is_set():
                log.info("nothing left to send now (%d waiting for a retry)", waiting)
                self.idle.set()

    async def run_publisher(self) -> None:
        """Publish sent posts in announcement channels, one at a time, in the order sent.

        Its own task: Discord allows about 10 crossposts an hour per channel, and discord.py
        waits out that bucket, which must not hold up first posts elsewhere.
        """
        while not self._stopping:
            await self._publish_wake.wait()
            self._publish_wake.clear()
            try:
                await self._publish_pending()
            except Closed:
                return
            except Exception as error:
                if unwritable(error):  # left pending; the next drain wakes publishing again
                    self.store_trouble.failed(error, "recording published posts")
                else:
                    log.exception("publishing failed; will retry when woken")

    async def _publish_pending(self) -> None:
        while not self._stopping:
            rows = await self._store.to_publish(limit=100)
            if not rows:
                return
            for row in rows:
                if self._stopping or row.message_id is None:
                    return
                try:
                    await self._poster.publish(row.channel_id, row.message_id)
                except (ChannelUnavailable, Rejected) as error:
                    await self._store.mark_published(row.message_key, error=f"publish: {error}")
                except Blocked:
                    return  # the gate said so once; publishing resumes after the block
                except TemporaryFailure as error:
                    log.warning("publishing %s failed for now: %s", row.message_key, error)
                    return  # left pending: the next drain wakes publishing again
                except Closed:
                    return
                else:
                    await self._store.mark_published(row.message_key)

    async def stop(self) -> None:
        """Finish the messages in flight and stop taking new ones."""
        self._stopping = True
        self._wake.set()
        self._publish_wake.set()
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
        await self._flush_sent()
        gate = asyncio.Semaphore(self._concurrency)
        running: list[_Batch] = []
        try:
            while not self._stopping:
                held = self._held(running)
                # Held rows are still pending in the store: read past them.
                rows = await self._store.pending_deliveries(
                    now=self._clock(), limit=BATCH + len(held)
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
        return await self._arm_retry()

    def _held(self, running: list[_Batch]) -> set[str]:
        """Messages still pending in the store that this drain must not take again: those of
        unfinished batches, and those sent whose record is not written yet."""
        held = {key for batch in running for key in batch.keys}
        return held | {key for key, _, _ in self._sent} | self._recording

    def _fresh(self, rows: list[Delivery], held: set[str], running: list[_Batch]) -> list[Delivery]:
        """The rows no unfinished batch holds, in channels no unfinished batch posts to.

        ``held`` was taken before the rows were read (a message recorded since may still look
        pending in them); a busy channel keeps its posts for later, in order.
        """
        taken = held | self._held(running)
        busy = {channel for b in running for channel in b.channels}
        return [r for r in rows if r.message_key not in taken and r.channel_id not in busy]

    async def _send_batch(self, batch: _Batch, gate: asyncio.Semaphore) -> None:
        by_channel: dict[int, dict[str, list[Delivery]]] = defaultdict(dict)
        for row in batch.rows:
            by_channel[row.channel_id].setdefault(row.message_key, []).append(row)
        composer = Composer(self._store)
        await composer.load_guilds([row.guild_id for row in batch.rows])
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
                    await self._in_flight_while(message, composer)

        # Every worker runs to its end before the batch does: one failing must not leave the
        # others sending while the next batch picks up the same rows.
        try:
            outcomes = await asyncio.gather(
                *(channel_worker(m) for m in by_channel.values()), return_exceptions=True
            )
        finally:
            batch.entered.set()
            await self._flush_sent()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome

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
        await self._flush_sent()
        return True

    async def _in_flight_while(self, rows: list[Delivery], composer: Composer) -> None:
        key = rows[0].message_key
        self._in_flight[key] = {row.release_key for row in rows}
        try:
            await self._deliver(rows, composer)
        finally:
            del self._in_flight[key]
            self._landed.set()

    async def _deliver(self, rows: list[Delivery], composer: Composer) -> None:
        first = rows[0]
        if self._unrecordable:
            return  # sent posts await their record: nothing new leaves (the row waits)
        try:
            post = await composer.first_post(rows)
            if post is None:
                await self._store.mark_failed(first.message_key, "cancelled before it was posted")
                return
            # Asked before sending: once sent, nothing may come between the send and keeping
            # its message id.
            publish = await self._publishable(first, composer)
            message_id = await self._send(first, post)
        except (Blocked, Closed):
            # Discord blocks every request (the gate is shut) or we are stopping: the row
            # waits untouched; no attempt is counted, the gate holds the next try.
            return
        except RateLimited as error:
            retry_at = self._clock() + timedelta(seconds=error.retry_after)
            await self._store.postpone_delivery(first.message_key, str(error), retry_at=retry_at)
        except ChannelUnavailable as error:
            if first.kind == DM:  # the member closed their DMs: nothing to mark broken
                await self._store.mark_failed(first.message_key, str(error))
                return
            log.warning(
                "guild %s channel %s refused us (%s)", first.guild_id, first.channel_id, error
            )
            await self._store.mark_broken(first.guild_id, str(error), now=self._clock())
        except TemporaryFailure as error:
            await self._retry_later(first, str(error))
        except Rejected as error:
            log.error("Discord rejected message %s: %s", first.message_key, error)
            await self._store.mark_failed(first.message_key, str(error))
        except Exception as error:
            if unwritable(error):
                raise  # the store's trouble, not this post's: said once by the sender loop
            # Nothing we know (a bug, a malformed answer): retried with backoff, within the
            # attempt budget, rather than failing the row or stopping the batch.
            log.exception("sending %s failed unexpectedly", first.message_key)
            await self._retry_later(first, f"{type(error).__name__}: {error}")
        else:
            # Kept before any write, so a failing write cannot lose the message id. Recorded in
            # small batches: one write per message would cost more than the send. A crash
            # before the flush resends with the same nonce, which Discord dedupes.
            self._sent.append((first.message_key, message_id, publish))
            if len(self._sent) >= SENT_FLUSH:
                await self._flush_sent()

    async def _flush_sent(self) -> None:
        # One at a time: when this returns, every post sent before it was called is
        # recorded, even those another flush (of a batch running alongside) had taken.
        async with self._flush_lock:
            await self._flush_sent_now()

    async def _flush_sent_now(self) -> None:
        sent, self._sent = self._sent, []
        if not sent:
            return
        keys = {key for key, _, _ in sent}
        self._recording |= keys  # held from the sender until the store has them (``_held``)
        try:
            await self._store.mark_sent_many(
                [(key, message_id) for key, message_id, _ in sent],
                now=self._clock(),
                publish=[key for key, _, publish in sent if publish],
            )
        except BaseException:
            self._sent = sent + self._sent  # still owed a record; never sent again meanwhile
            self._unrecordable = True
            raise
        finally:
            self._recording -= keys
        self._unrecordable = False
        self.store_trouble.worked()

    async def _publishable(self, first: Delivery, composer: Composer) -> bool:
        return (
            first.kind != DM
            and composer.publishes(first)
            and await self._poster.in_announcement_channel(first.guild_id, first.channel_id)
        )

    async def _send(self, first: Delivery, post: Post) -> int:
        nonce = nonce_for(first.message_key)
        if first.kind == DM:
            return await self._poster.send_dm(first.channel_id, post, nonce=nonce)
        return await self._poster.send(first.channel_id, post, nonce=nonce)

    async def _retry_later(self, first: Delivery, error: str) -> None:
        attempt = first.attempts + 1
        if attempt >= MAX_ATTEMPTS:
            log.error("giving up on %s after %d attempts: %s", first.message_key, attempt, error)
            await self._store.mark_failed(first.message_key, f"gave up: {error}")
            return
        retry_at = self._clock() + backoff(attempt, self._retry_base)
        await self._store.defer_delivery(first.message_key, error, retry_at=retry_at)

    async def _arm_retry(self) -> int:
        when, waiting = await self._store.next_retry()
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
        self.channels = {row.channel_id for row in rows}
        self.entered = asyncio.Event()
        self.task: asyncio.Task[None]  # set by the drain as soon as it is made


def _whole(instant: datetime) -> datetime:
    return datetime.fromtimestamp(int(instant.timestamp()), UTC)
