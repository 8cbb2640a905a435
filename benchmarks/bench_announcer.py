"""Announcer figures against the fake Discord, with its rate limits on.

Run: .venv/bin/python benchmarks/bench_announcer.py [--channels 10000] [--rate 450]
     [--limit N] [--no-latency] [--no-start-up] [--runs N] [--check]

The fake answers with Discord-like latency (tests/fake_discord/latency.py: REST median 80 ms,
p99 500 ms; gateway jitter) unless ``--no-latency``.

1. Fan-out: one release to N channels (N servers following everything). The fake enforces a
   global limit of rate / 0.9 requests/s (Discord's 50 against 45, scaled so the run stays
   short: the ratio is what counts), or ``--limit`` (50 to measure the real pace, 43/s); the
   bot runs as ``ostbot run`` in a subprocess paced at ``rate``. Reports elapsed against the
   floor N / rate, 429s received, how long after the release instant the first message was
   created, the bot's CPU per message and its RSS with every server connected.
2. Start-up: ``ostbot run`` over a store of 100,000 releases, connected to the last fan-out's
   N servers: the time the announcer took to catch up and plan (its own log line), and RSS
   once every server is connected and the autocomplete catalog is built. Planning every
   future instant instead (the design not taken) runs in a fresh process, so its peak is its
   own.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from bench_foundation import write_schedules
from fanout import SHAPES_CHECKED, fan_out, latency, memory, report, status_mb, stop
from verdicts import add_check, finish, judge

from bot.announcer.planner import Planner
from bot.schedules import load_paths
from bot.store.sqlite import SqliteStore
from tests.bot.bot_process import log_line, start_bot_process
from tests.fake_discord import FakeDiscord


async def start_up(fake: FakeDiscord, db: Path, root: Path) -> None:
    """``ostbot run`` over 100,000 releases, connected to the fan-out's servers."""
    folder = root / "100k"
    write_schedules(folder, dramas=1000, per_drama=100)
    async with await SqliteStore.open(db) as store:
        await store.releases.import_schedules(load_paths([folder]), now=datetime.now(UTC))
        # Every server asks for reminders a day and an hour ahead: more instants to plan.
        for guild in await store.servers.audience("bench", "part-1"):
            await store.servers.set_reminders(
                guild.guild_id, [timedelta(days=1), timedelta(hours=1)], now=datetime.now(UTC)
            )
    fake.rate_limits.enabled = False
    servers_count = len(fake.world.guilds)
    bot = await start_bot_process(fake, db, 45.0)
    try:
        # The three lines come in any order: read until all were seen.
        found, connected, built = None, None, None
        while found is None or connected is None or built is None:
            event = await log_line(
                bot,
                r"(\d+) due instants planned in (\d+) ms|connected as .* to (\d+) server"
                r"|autocomplete catalog built",
                120 + servers_count / 100,
            )
            if event.group(1):
                found = event
            elif event.group(3):
                connected = memory(bot.pid)
            elif "catalog" in event.group(0):
                built = memory(bot.pid)
        steady = status_mb(bot.pid)
    finally:
        await stop(bot)
    full = await plan_everything_in_a_fresh_process(db)
    print(f"start-up over 100,000 stored releases, {servers_count:,} servers connected:")
    print(
        judge(
            f"  catch-up + plan {found.group(2)} ms for {found.group(1)} due instants in the "
            "horizon (target < 2,000 ms)",
            int(found.group(2)) < 2000,
        )
    )
    print(f"  RSS once every server connected: {connected}")
    print(f"  RSS once the autocomplete catalog is built: {built}")
    print(
        judge(
            f"  RSS steady, servers connected and catalog built: {steady['VmRSS']} MB "
            f"(peak {steady['VmHWM']} MB; target < 150 MB)",
            steady["VmRSS"] < 150,
        )
    )
    print(f"  for comparison, planning every future instant as a job: {full}")


async def plan_everything_in_a_fresh_process(db: Path) -> str:
    """Run ``plan_everything`` in a new interpreter, so its peak RSS is its own."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        "--plan-everything",
        str(db),
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate()
    if child.returncode != 0:
        raise SystemExit("planning every instant failed")
    return out.decode().strip()


async def plan_everything(db: Path) -> str:
    """The design not taken: one APScheduler job per future instant, whatever the horizon.

    Run by ``--plan-everything`` in a fresh process: its peak RSS is compared with the peak
    the process had reached before planning (imports and the open store), nothing earlier.
    """
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start(paused=True)
    async with await SqliteStore.open(db) as store:

        async def nothing(*_: object) -> None:
            return None

        planner = Planner(
            scheduler,
            store,
            nothing,
            nothing,
            lambda: datetime.now(UTC),
            horizon=timedelta(days=365 * 20),
            lead=None,
        )
        before = status_mb(os.getpid())["VmHWM"]
        began = time.perf_counter()
        jobs = await planner.plan()
        took = time.perf_counter() - began
    peak = status_mb(os.getpid())["VmHWM"]
    scheduler.shutdown(wait=False)
    return (
        f"{jobs:,} jobs in {took * 1000:,.0f} ms, peak RSS {peak} MB in a fresh process "
        f"(+{peak - before} MB over its peak before planning)"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=450.0)
    parser.add_argument(
        "--limit",
        type=int,
        help="the fake's global limit per second (default: rate / 0.9, Discord's 50 against 45)",
    )
    parser.add_argument("--latency", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--start-up", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--runs", type=int, default=1, help="fan-out runs (seeds 0, 1, ...)")
    parser.add_argument("--plan-everything", type=Path, help=argparse.SUPPRESS)  # internal
    add_check(parser)
    args = parser.parse_args()
    if args.plan_everything:
        print(await plan_everything(args.plan_everything))
        return
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for run in range(args.runs):
            db = root / f"fanout-{run}.sqlite3"
            async with FakeDiscord(
                latency=latency(args.latency, run), check_shapes=SHAPES_CHECKED
            ) as fake:
                report(await fan_out(fake, db, args.channels, args.rate, global_limit=args.limit))
                if args.start_up and run == args.runs - 1:
                    await start_up(fake, db, root)
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
