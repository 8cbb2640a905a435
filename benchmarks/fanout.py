"""The fan-out both announcer benchmarks run: one release to N servers through ``ostbot run``.

``fan_out`` builds N servers (one channel each, following everything) in the fake Discord and
the store, starts the bot as a subprocess paced at ``rate``, and returns the figures of one
fan-out (``FanOut``); ``report`` prints them, each judged against its target.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from verdicts import judge

from bot.domain import Drama, Follow, FollowKind, Release, Schedule
from bot.store.sqlite import SqliteStore
from tests.bot.bot_process import log_line, start_bot_process
from tests.fake_discord import FakeDiscord, Latency

POST_MESSAGE = "POST /channels/{channel_id}/messages"
# The announcer writes the rows 30 s before the instant; CPU is counted from a little earlier.
PREPARED = timedelta(seconds=35)


@contextmanager
def no_collector_pauses() -> Iterator[None]:
    """While measuring, the fake Discord in this process never pauses for a full collection.

    The fake stamps a request when its event loop reaches it. A collection of the whole heap
    stops that loop: the world's objects (frozen here, out of every collection) paused it up
    to 230 ms at 10,000 servers, and with them frozen, the objects a fan-out adds (messages,
    request records) still paused it 68, 85, 119 and 151 ms in one 10,000-channel run, growing
    with the messages stored. Requests the bot had sent 1.14 s apart were then stamped within
    one second (508 where the bot's own sends peaked at 464), and the fake's global limit
    answered 19 429s about a second after each long pause. Discord's edge counts requests as
    they arrive and has no such pause, so the collector is off until the measurement ends
    (a few hundred MB at most, in this process), then collects once.
    Measured: ``benchmarks/collector_pauses.py``.
    """
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()
        gc.collect()


@contextmanager
def frozen_world() -> Iterator[None]:
    """The world built so far out of every collection; the collector stays on."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def created(message: dict) -> float:
    return ((int(message["id"]) >> 22) + 1420070400000) / 1000


async def servers(fake: FakeDiscord, store: SqliteStore, count: int) -> list[int]:
    now = datetime.now(UTC)
    channels = []
    for i in range(count):
        guild = fake.add_guild(f"server-{i}")
        channel = guild.add_text_channel("ost")
        channels.append(channel.id)
        async with store.database.atomic():
            await store.servers.follow(guild.id, Follow(FollowKind.ALL), now=now)
            await store.servers.set_channel(guild.id, channel.id, ping_role_id=None, now=now)
    return channels


async def stop(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    await process.wait()


def status_mb(pid: int) -> dict[str, int]:
    """Resident size now (VmRSS), at its peak (VmHWM) and file-backed (RssFile), in MB."""
    fields = {}
    for row in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = row.partition(":")
        if name in ("VmRSS", "VmHWM", "RssFile"):
            fields[name] = int(value.split()[0]) // 1024
    return fields


def memory(pid: int) -> str:
    fields = status_mb(pid)
    return (
        f"{fields['VmRSS']} MB now, {fields['VmHWM']} MB peak "
        f"({fields['RssFile']} MB of it file-backed)"
    )


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def latency(on: bool, seed: int = 0) -> Latency:
    return Latency.discord_like(seed=seed) if on else Latency.off()


# The fake's check of every answer against Discord's OpenAPI description (jsonschema, ~1 ms of
# this process's CPU per message) guards the test suite, not the bot: at 450/s it made the fake,
# not the bot, the bottleneck of a fan-out (ratio 1.7-2.4 at 5,000 channels with it, 1.09
# without, same machine and hour). Benchmarks run the fake without it, as bench_fake_discord's
# throughput does.
SHAPES_CHECKED = False


@dataclass(frozen=True)
class FanOut:
    """One fan-out's figures."""

    channels: int
    rate: float
    global_limit: int
    latency: bool
    elapsed: float  # the release instant to the last message's creation, s
    messages: int
    limited: tuple[str, ...]  # "scope on route" of each 429 received
    invalid: int
    peak_rate: int  # most requests the fake saw in any 1 s
    first_ms: float  # the release instant to the first message's creation
    last_sent: float  # the release instant to the last post reaching the fake's handler, s
    cpu: float  # the bot's CPU seconds from 35 s before the instant to the last message
    fake_cpu: float  # this process's (the fake Discord's) CPU seconds over the same span
    rss_mb: int  # the bot's resident size after the fan-out, every server connected

    @property
    def floor(self) -> float:
        return self.channels / self.rate

    @property
    def ratio(self) -> float:
        return self.elapsed / self.floor

    @property
    def cpu_ms_per_message(self) -> float:
        return 1000 * self.cpu / max(self.messages, 1)


async def fan_out(
    fake: FakeDiscord,
    db: Path,
    channels_count: int,
    rate: float,
    profile: Path | None = None,
    log: list[tuple[float, str]] | None = None,
    *,
    global_limit: int | None = None,
    quiet_collector: bool = True,
) -> FanOut:
    """One release to ``channels_count`` servers through ``ostbot run`` at ``rate``; with
    ``profile``, py-spy records the bot from start-up to the last message into that file;
    ``log`` receives the bot's log lines from its connection on, timed as they came.
    ``global_limit``: the fake's, per second (default ``rate / 0.9``, Discord's 50 against 45).
    ``quiet_collector=False`` leaves this process's collector on (only the world frozen), as
    the harness was before ``no_collector_pauses``: for ``collector_pauses.py``."""
    log = [] if log is None else log
    async with await SqliteStore.open(db) as store:
        fake.rate_limits.global_per_second = global_limit or int(rate / 0.9)
        # Discord wants a shard per 2,500 servers (close code 4011); ostbot runs one
        # connection, and the fan-out, not sharding, is measured here.
        fake.gateway.max_guilds_per_shard = max(channels_count, 2500)
        channels = await servers(fake, store, channels_count)
        # Far enough ahead that the announcer prepares the rows (30 s before) as in production,
        # and that every server has connected (~1 s per 1,000 with latency).
        lead = 50 + channels_count // 500
        at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=lead)
        drama = Drama(id="bench", title="Bench")
        release = Release(
            "bench",
            "part-1",
            ("Singer",),
            part=1,
            title="Song",
            at=at,
            time_confirmed=True,
            mv="https://youtu.be/x",
        )
        await store.releases.import_schedules(
            [Schedule("bench.toml", drama, (release,))], now=datetime.now(UTC)
        )
    with no_collector_pauses() if quiet_collector else frozen_world():
        bot = await start_bot_process(fake, db, rate)
        spy = drain = None
        try:
            if profile is not None:
                spy = await asyncio.create_subprocess_exec(
                    py_spy(), "record", "--pid", str(bot.pid), "--format", "raw",
                    "--rate", "50", "--gil", "--output", str(profile),
                    stdout=asyncio.subprocess.DEVNULL,
                    stderr=asyncio.subprocess.DEVNULL,
                )  # fmt: skip
            await log_line(bot, "announcer started", 60)
            await log_line(bot, r"connected as .* to \d+ server", lead)
            if datetime.now(UTC) >= at - PREPARED:
                raise SystemExit("start-up took longer than the lead time; raise it")
            # Keep reading the bot's log: a full pipe would block the bot's next log write.
            drain = asyncio.create_task(keep_reading(bot, log))
            # CPU from just before the rows are prepared (with every server connected) to the last
            # message: what the fan-out costs, not the connection's GUILD_CREATEs.
            await asyncio.sleep((at - PREPARED - datetime.now(UTC)).total_seconds())
            began = cpu_seconds(bot.pid)
            fake_began = time.process_time()
            # O(1) per request: the fake's message map gains a key per channel that got its first
            # message (every channel here is one of the fan-out's).
            await fake.wait_until(
                lambda: len(fake.world.messages) >= channels_count,
                timeout=(at - datetime.now(UTC)).total_seconds() + channels_count / rate * 3 + 30,
            )
            cpu = cpu_seconds(bot.pid) - began
            fake_cpu = time.process_time() - fake_began
            rss = status_mb(bot.pid)["VmRSS"]
        finally:
            if spy is not None:
                spy.send_signal(signal.SIGINT)  # py-spy writes its file on SIGINT
                await spy.wait()
            await stop(bot)
            if drain is not None:
                await drain
    times = sorted(created(m) for c in channels for m in fake.messages_in(c))
    limited = fake.responses_with(429)
    # Records are stamped on this process's event-loop clock: the instant on that clock.
    instant = asyncio.get_running_loop().time() - (time.time() - at.timestamp())
    last_post = max(r.time for r in fake.requests if r.route == POST_MESSAGE)
    return FanOut(
        channels=channels_count,
        rate=rate,
        global_limit=fake.rate_limits.global_per_second,
        latency=fake.latency.on,
        elapsed=times[-1] - at.timestamp(),
        messages=len(times),
        limited=tuple(f"{r.scope} on {r.route}" for r in limited),
        invalid=fake.invalid_requests.total,
        peak_rate=fake.peak_rate(window=1.0),
        first_ms=1000 * (times[0] - at.timestamp()),
        last_sent=last_post - instant,
        cpu=cpu,
        fake_cpu=fake_cpu,
        rss_mb=rss,
    )


def py_spy() -> str:
    """py-spy from PATH, else next to this interpreter (``pip install -e '.[bench]'``)."""
    return shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))


async def keep_reading(bot: asyncio.subprocess.Process, log: list[tuple[float, str]]) -> None:
    """Read the bot's log until it exits: each line with when it came (``time.time()``)."""
    assert bot.stderr is not None
    while line := await bot.stderr.readline():
        log.append((time.time(), line.decode().rstrip()))


def report(run: FanOut) -> None:
    """Print a fan-out's figures, each judged against its target."""
    print(
        f"fan-out to {run.channels:,} channels at {run.rate:g}/s "
        f"(fake's global limit {run.global_limit}/s, latency {'on' if run.latency else 'off'}):"
    )
    print(
        judge(
            f"  elapsed {run.elapsed:.2f} s, floor {run.floor:.2f} s, ratio {run.ratio:.3f} "
            "(target <= 1.05)",
            run.ratio <= 1.05,
        )
    )
    # A message is created after its request's way to Discord (latency's first half), so the
    # last one comes after the last send by the slowest of the last requests' ways.
    sent = run.last_sent / run.floor
    print(
        f"  last post sent {run.last_sent:.2f} s after the instant ({sent:.3f} of the floor); "
        f"the last message created {1000 * (run.elapsed - run.last_sent):.0f} ms after that"
    )
    print(judge(f"  one message per channel ({run.messages:,})", run.messages == run.channels))
    print(judge(f"  429 received: {len(run.limited)} (target 0)", not run.limited))
    if run.limited:
        print(f"  429s: {dict(Counter(run.limited))}")
    # Records are stamped when a request reaches the fake's handler (as the bot sent it); the
    # limits count it after its share of the latency (as it reaches Discord).
    print(
        judge(
            f"  most requests sent in any 1 s: {run.peak_rate} (target <= {run.global_limit})",
            run.peak_rate <= run.global_limit,
        )
    )
    print(f"  invalid requests {run.invalid}")
    print(
        judge(
            f"  first message {run.first_ms:.0f} ms after the instant (target < 250 ms)",
            run.first_ms < 250,
        )
    )
    print(
        f"  bot CPU {run.cpu:.1f} s, {run.cpu_ms_per_message:.2f} ms per message; "
        f"RSS {run.rss_mb} MB with every server connected; the fake's CPU {run.fake_cpu:.1f} s"
    )
