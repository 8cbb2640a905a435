"""The whole bot's memory: ``ostbot run`` over 100,000 stored releases, N servers connected.

Run: .venv/bin/python benchmarks/bench_memory.py [--servers 10000] [--runs N] [--no-latency]
     [--where] [--check]

Each run builds a fresh store (1,000 dramas of 100 releases, bench_foundation's
``write_schedules``; N servers, each with an announcement channel and following everything),
starts the real bot as ``ostbot run`` in a subprocess against the fake Discord (latency on by
default, its spec check off as in the other benchmarks), waits until every server is connected
and the autocomplete catalog is built, then samples the bot's RSS every 2 s for 20 s. "Steady"
is the median of those samples; the target is < 150 MB. RSS is also printed once the servers
are connected (before the catalog) and at the peak (VmHWM).

``--where`` also shows where the memory goes, in a fresh process: tracemalloc's top allocation
sites while the autocomplete catalog of the same 100,000 releases is built and kept (the
bot's largest own structure), and what discord.py's cache of N servers costs in RSS is the
"servers connected" figure above minus the bot's RSS with none (``--servers 0``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_foundation import write_schedules
from fanout import SHAPES_CHECKED, latency, servers, status_mb, stop
from verdicts import add_check, finish, judge

from bot.schedules import load_paths
from bot.store.sqlite import SqliteStore
from tests.bot.bot_process import log_line, start_bot_process
from tests.fake_discord import FakeDiscord

SAMPLES = 10
EVERY = 2.0  # seconds between samples
TARGET_MB = 150
TOP_SITES = 12


async def one_run(root: Path, schedules: Path, count: int, seed: int, lag: bool) -> list[int]:
    """RSS samples (MB) of one bot, steady, with ``count`` servers and 100,000 releases."""
    db = root / f"memory-{seed}.sqlite3"
    async with FakeDiscord(latency=latency(lag, seed), check_shapes=SHAPES_CHECKED) as fake:
        fake.rate_limits.enabled = False
        # One gateway connection for all of them (see bench_announcer on sharding).
        fake.gateway.max_guilds_per_shard = max(count, 2500)
        async with await SqliteStore.open(db) as store:
            await servers(fake, store, count)
            await store.releases.import_schedules(load_paths([schedules]), now=datetime.now(UTC))
        bot = await start_bot_process(fake, db, 45.0)
        try:
            connected = built = None
            while connected is None or built is None:
                line = await log_line(
                    bot,
                    r"connected as .* to \d+ server|autocomplete catalog built",
                    120 + count / 50,
                )
                if "catalog" in line.group(0):
                    built = status_mb(bot.pid)
                else:
                    connected = status_mb(bot.pid)
            drain = asyncio.create_task(_drain(bot))
            samples = []
            for _ in range(SAMPLES):
                await asyncio.sleep(EVERY)
                samples.append(status_mb(bot.pid)["VmRSS"])
            peak = status_mb(bot.pid)["VmHWM"]
        finally:
            await stop(bot)
        await drain
    print(
        f"  run {seed}: {connected['VmRSS']} MB once {count:,} servers connected, "
        f"{built['VmRSS']} MB once the catalog was built, steady {statistics.median(samples)} MB "
        f"({min(samples)}-{max(samples)}), peak {peak} MB"
    )
    return samples


async def _drain(bot: asyncio.subprocess.Process) -> None:
    """Read the bot's log until it exits: a full pipe would block its next log write."""
    assert bot.stderr is not None
    while await bot.stderr.readline():
        pass


def where(schedules: Path, root: Path) -> None:
    """tracemalloc's top sites while the catalog of the 100,000 releases is built and kept."""
    import tracemalloc

    from bot.services.catalog import Catalog

    db = root / "where.sqlite3"

    async def build() -> None:
        async with await SqliteStore.open(db, lean=True) as store:
            await store.releases.import_schedules(load_paths([schedules]), now=datetime.now(UTC))
        async with await SqliteStore.open(db, lean=True) as store:
            catalog = Catalog(store, lambda: datetime.now(UTC))
            tracemalloc.start(1)
            await catalog.warm()
            # aiosqlite's worker keeps its last result (the catalog's 100,000 source rows) until
            # it runs another request, as the bot soon does: one read lets them go.
            await store.releases.latest_change()
            snapshot = tracemalloc.take_snapshot()
            tracemalloc.stop()
            total = sum(stat.size for stat in snapshot.statistics("filename"))
            print(f"the autocomplete catalog, kept: {total / 2**20:.1f} MB traced; top sites:")
            for stat in snapshot.statistics("lineno")[:TOP_SITES]:
                frame = stat.traceback[0]
                print(f"  {stat.size / 2**20:6.1f} MB {stat.count:>9,} blocks  "
                      f"{frame.filename.rsplit('/', 2)[-1]}:{frame.lineno}")  # fmt: skip

    asyncio.run(build())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--servers", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=1, help="runs (latency seeds 0, 1, ...)")
    parser.add_argument("--latency", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--where", action="store_true", help="tracemalloc's view (see above)")
    add_check(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        schedules = root / "100k"
        write_schedules(schedules, dramas=1000, per_drama=100)
        print(f"ostbot run over 100,000 releases, {args.servers:,} servers connected:")
        steady = [
            statistics.median(
                asyncio.run(one_run(root, schedules, args.servers, seed, args.latency))
            )
            for seed in range(args.runs)
        ]
        print(
            judge(
                f"RSS steady: median {statistics.median(steady):.0f} MB over {args.runs} run(s) "
                f"({min(steady):.0f}-{max(steady):.0f}; target < {TARGET_MB} MB)",
                statistics.median(steady) < TARGET_MB,
            )
        )
        if args.where:
            where(schedules, root)
    finish(check=args.check)


if __name__ == "__main__":
    main()
