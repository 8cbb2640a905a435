"""Fan-out with several ``ostbot run`` processes on one PostgreSQL store at the same total rate.

Run: .venv/bin/python benchmarks/bench_processes.py [--channels 10000] [--processes 1 2 4]
     [--rate 450] [--runs 1] [--no-latency] [--unknown-kinds] [--check]

For each process count, a fresh database on a throwaway PostgreSQL 15 (started here, as the
tests start it) and a fresh fake Discord (its limits on, latency on, the spec check off as in
the other benchmarks; its global limit ``rate / 0.9``, as bench_announcer's) with ``--channels``
servers, one channel each, following everything; one release due once every process is up.
The bot runs ``OSTBOT_SHARD_COUNT=4`` shards split evenly between the processes (one process
serves all four), each with ``OSTBOT_RATE=--rate``, so each paces at its share of the shards
and the shares add up to ``--rate``. Figures per run, each judged:

- elapsed / floor: the release instant to the last message's creation, over channels / rate
  (target <= 1.05);
- 429s received by any process (target 0);
- the most requests the fake received in any 1 s sliding window, all processes together
  (target: at most the fake's global limit);
- one message per channel.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from fanout import SHAPES_CHECKED, created, latency, no_collector_pauses
from verdicts import add_check, finish, judge

from bot.store import open_store
from tests.bot.failover import POST, Bot, release_at, servers
from tests.fake_discord import FakeDiscord
from tests.postgres_server import postgres_server

SHARDS = 4
STARTED = r"announcer started"
# The rows are written 30 s before the instant; every process must be up and connected first.
PREPARED = 30


@dataclass(frozen=True)
class Run:
    """One fan-out's figures."""

    processes: int
    channels: int
    rate: float
    global_limit: int
    elapsed: float
    messages: int
    limited: tuple[str, ...]
    peak: int  # most requests in any 1 s, every process together
    by_route: dict[str, int]

    @property
    def ratio(self) -> float:
        return self.elapsed / (self.channels / self.rate)


def shard_split(processes: int) -> list[dict[str, str]]:
    """Each process's shard settings: ``SHARDS`` shards, evenly split (one process: all)."""
    if processes == 1:
        return [{"OSTBOT_SHARD_COUNT": str(SHARDS)}]
    per = SHARDS // processes
    return [
        {
            "OSTBOT_SHARD_COUNT": str(SHARDS),
            "OSTBOT_SHARD_IDS": ",".join(str(n) for n in range(i * per, (i + 1) * per)),
        }
        for i in range(processes)
    ]


async def fresh_database(dsn: str, name: str) -> None:
    admin = await asyncpg.connect(dsn)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()


async def one_run(
    url: str,
    processes: int,
    channels_count: int,
    rate: float,
    seed: int,
    lag_on: bool,
    *,
    unknown_kinds: bool,
) -> Run:
    async with FakeDiscord(latency=latency(lag_on, seed), check_shapes=SHAPES_CHECKED) as fake:
        fake.rate_limits.global_per_second = int(rate / 0.9)
        fake.gateway.max_guilds_per_shard = max(channels_count, 2500)
        # As /ost-admin setup channel stores it: a text channel (``--unknown-kinds``: as set up
        # before the kind was kept, so processes of other shards ask Discord).
        news = None if unknown_kinds else False
        channels = await servers(fake, url, channels_count, news=news)
        # Time for every process to start and connect (~1 s per 1,000 servers with latency),
        # then the 30 s before the instant in which the rows are prepared.
        lead = PREPARED + 20 + channels_count // 500
        at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=lead)
        await release_at(url, at)
        # The world is built: no collection pauses the fake while it counts (see fanout.py).
        with no_collector_pauses(), tempfile.TemporaryDirectory() as folder:
            bots = [
                await Bot.start(fake, url, rate, Path(folder), env)
                for env in shard_split(processes)
            ]
            try:
                for bot in bots:
                    await bot.logged(STARTED, within=lead)
                if datetime.now(UTC) >= at - timedelta(seconds=PREPARED):
                    raise SystemExit("start-up took longer than the lead time; raise it")
                await fake.wait_until(
                    lambda: len(fake.world.messages) >= channels_count,
                    timeout=(at - datetime.now(UTC)).total_seconds()
                    + channels_count / rate * 3
                    + 30,
                )
            finally:
                for bot in bots:
                    await bot.stop()
        times = sorted(created(m) for c in channels for m in fake.messages_in(c))
        # Requests are stamped with the event loop's clock: the instant on it.
        after = asyncio.get_running_loop().time() - (time.time() - at.timestamp()) - PREPARED
        return Run(
            processes=processes,
            channels=channels_count,
            rate=rate,
            global_limit=fake.rate_limits.global_per_second,
            elapsed=times[-1] - at.timestamp(),
            messages=len(times),
            limited=tuple(f"{r.scope} on {r.route}" for r in fake.responses_with(429)),
            peak=fake.peak_rate(window=1.0),
            by_route=dict(Counter(r.route for r in fake.requests if r.time >= after)),
        )


def report(run: Run) -> None:
    print(
        f"{run.processes} process(es), {run.channels:,} channels at {run.rate:g}/s in total "
        f"(fake's global limit {run.global_limit}/s):"
    )
    print(
        judge(
            f"  elapsed {run.elapsed:.2f} s, floor {run.channels / run.rate:.2f} s, "
            f"ratio {run.ratio:.3f} (target <= 1.05)",
            run.ratio <= 1.05,
        )
    )
    print(judge(f"  one message per channel ({run.messages:,})", run.messages == run.channels))
    print(judge(f"  429 received: {len(run.limited)} (target 0)", not run.limited))
    if run.limited:
        print(f"  429s: {dict(Counter(run.limited))}")
    print(
        judge(
            f"  most requests in any 1 s, all processes: {run.peak} (target <= {run.global_limit})",
            run.peak <= run.global_limit,
        )
    )
    others = {route: n for route, n in run.by_route.items() if route != POST}
    print(f"  requests from 30 s before the instant: {run.by_route.get(POST, 0):,} POSTs, {others}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--rate", type=float, default=450.0, help="requests/s, all processes")
    parser.add_argument("--runs", type=int, default=1, help="runs per process count")
    parser.add_argument("--no-latency", action="store_true", help="the fake answers at once")
    parser.add_argument(
        "--unknown-kinds",
        action="store_true",
        help="channels set up without their kind stored (as before migration 0014)",
    )
    add_check(parser)
    args = parser.parse_args()
    for n in args.processes:
        if n < 1 or SHARDS % n:
            parser.error(f"--processes: {n} does not divide the {SHARDS} shards")
    began = time.perf_counter()
    with postgres_server() as server:
        for processes in args.processes:
            for seed in range(args.runs):
                name = f"procs_{processes}_{seed}"
                await fresh_database(server.dsn(), name)
                url = server.dsn(name)
                async with await open_store(url):
                    pass  # migrated before the bots start
                run = await one_run(
                    url,
                    processes,
                    args.channels,
                    args.rate,
                    seed,
                    not args.no_latency,
                    unknown_kinds=args.unknown_kinds,
                )
                report(run)
    print(f"(took {time.perf_counter() - began:.0f} s)")
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
