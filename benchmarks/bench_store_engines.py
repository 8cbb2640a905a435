"""The store's hot paths on PostgreSQL and SQLite side by side, the copy between them, and the
start-up of ``ostbot run`` over 100,000 servers in PostgreSQL.

Run: .venv/bin/python benchmarks/bench_store_engines.py [--releases 100000]
     [--servers 100000] [--fanout 10000] [--runs 5] [--check]

Builds a SQLite store through the store's own API: ``--releases`` releases (100 per drama,
spread over the year around now) and ``--servers`` servers, each with a channel, a follow (all,
a drama or an artist, in turn) and, one in ten, a reminder an hour ahead; and a ledger holding
ten past fan-outs to 10,000 channels, sent. Starts a throwaway PostgreSQL 15
(``tests/postgres_server.py``: its own data folder, fsync off) and copies the store into it and
back into a new file with ``ostbot store copy``'s code, timed. Then, on each engine, ``--runs``
times:

- write the rows of one release's fan-out to ``--fanout`` channels (``Ledger.add``);
- claim a batch of pending rows (``Ledger.pending``, the sender's batch of 500);
- mark those 500 messages sent (``Ledger.mark_sent``);
- ``/ost upcoming``'s first page for a server (``Releases.upcoming``, 11 rows);
- the autocomplete source: every release (``Releases.catalog_rows``, what the catalog indexes)
  and a search (``Releases.search``).

Last, ``ostbot run``'s start-up before it connects, in a fresh process on the PostgreSQL store:
importing the bot, opening the store (the pool and the migrations check), building the bot,
then the announcer's start-up work that reads the store (changes made while down, the catch-up
sweep and the plan of the next 6 hours, reminders of every server included). Target: < 2 s.
Figures are medians in ms; PostgreSQL runs on this machine, so no network is counted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from verdicts import add_check, finish, judge

STARTUP_TARGET = 2.0  # seconds per process
CLAIM = 500  # the most rows one claim of the sender takes (bot.announcer.dispatcher.BATCH)
PER_DRAMA = 100
HISTORY = 10  # past fan-outs to 10,000 channels each, sent, in the ledger before the runs


def _releases(count: int, now: datetime) -> list[Any]:
    from bot.domain import Drama, Release, Schedule

    schedules = []
    span = timedelta(days=365) / max(count, 1)
    for d in range(max(count // PER_DRAMA, 1)):
        drama = Drama(f"drama-{d}", f"Drama {d}", sources=("https://example.org",))
        releases = []
        for r in range(min(PER_DRAMA, count)):
            index = d * PER_DRAMA + r
            at = now - timedelta(days=182) + span * index if r % 10 != 9 else None
            releases.append(
                Release(
                    f"drama-{d}",
                    f"part-{r + 1}",
                    (f"Artist {r % 50}", f"Guest {d % 30}"),
                    part=r + 1,
                    title=f"Song {d}-{r}",
                    at=None if at is None else at.replace(microsecond=0),
                    time_confirmed=at is not None,
                )
            )
        schedules.append(Schedule(f"schedules/drama-{d}.toml", drama, tuple(releases)))
    return schedules


async def build(path: Path, releases: int, servers: int) -> None:
    """The store at ``path``, filled through the store's API (as the bot and the CLI write)."""
    from bot.domain import ANNOUNCE, Follow, FollowKind
    from bot.store import NewDelivery
    from bot.store.sqlite import SqliteStore

    now = datetime.now(UTC)
    async with await SqliteStore.open(path) as store:
        await store.releases.import_schedules(_releases(releases, now), now=now)
        targets = [
            Follow(FollowKind.ALL),
            Follow(FollowKind.DRAMA, "drama-1"),
            Follow(FollowKind.ARTIST, "Artist 7"),
        ]
        for first in range(0, servers, 1000):
            async with store.database.atomic():
                for guild in range(first + 1, min(first + 1000, servers) + 1):
                    await store.servers.set_channel(guild, guild * 10, ping_role_id=None, now=now)
                    await store.servers.follow(guild, targets[guild % 3], now=now)
                    if guild % 10 == 0:
                        await store.servers.set_reminders(guild, [timedelta(hours=1)], now=now)
        # A ledger that has run a while: past fan-outs, sent (the hot paths add their own).
        for past in range(HISTORY):
            # The last dramas: the runs below write to the first ones.
            drama, keys = f"drama-{releases // PER_DRAMA - 1 - past}", []
            rows = []
            for guild in range(1, min(servers, 10_000) + 1):
                keys.append(f"past-{past}-{guild}")
                rows.append(
                    NewDelivery(drama, "part-1", guild, guild * 10, ANNOUNCE, now, keys[-1], 0)
                )
            await store.ledger.add(rows, now=now)
            await store.ledger.mark_sent([(key, 1) for key in keys], now=now)


async def timed(runs: int, call: Callable[[int], Awaitable[object]]) -> float:
    """Median ms of ``call(run)`` over ``runs`` runs."""
    times = []
    for run in range(runs):
        began = time.perf_counter()
        await call(run)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def hot_paths(target: str | Path, runs: int, fanout: int) -> dict[str, float]:
    from bot.domain import ANNOUNCE
    from bot.store import NewDelivery, open_store

    now = datetime.now(UTC).replace(microsecond=0)
    figures: dict[str, float] = {}
    async with await open_store(target) as store:

        def rows(run: int) -> list[NewDelivery]:
            drama, release = f"drama-{run}", "part-1"
            return [
                NewDelivery(drama, release, g, g * 10, ANNOUNCE, now, f"{run}-{g}", 0)
                for g in range(1, fanout + 1)
            ]

        batches = [rows(run) for run in range(runs)]

        async def add(run: int) -> None:
            await store.ledger.add(batches[run], now=now)

        claimed: list[list[str]] = []

        async def claim(run: int) -> None:
            found = await store.ledger.pending(now=now, limit=CLAIM)
            claimed.append([d.message_key for d in found])

        async def mark(run: int) -> None:
            await store.ledger.mark_sent([(key, 1) for key in claimed[run]], now=now)

        figures[f"Ledger.add ({fanout:,} rows)"] = await timed(runs, add)
        # One claim and its marking after the other, as the sender does: the next claim finds
        # the next 500 rows.
        claim_times, mark_times = [], []
        for run in range(runs):
            claim_times.append(await timed(1, lambda _, run=run: claim(run)))
            mark_times.append(await timed(1, lambda _, run=run: mark(run)))
        figures[f"Ledger.pending (claim {CLAIM})"] = statistics.median(claim_times)
        figures[f"Ledger.mark_sent ({CLAIM} messages)"] = statistics.median(mark_times)
        for run in range(runs):
            await store.ledger.drop_pending(f"drama-{run}", "part-1")

        async def upcoming(run: int) -> None:
            await store.releases.upcoming(now=now, guild_id=run + 1, limit=11)

        async def catalog(run: int) -> None:
            await store.releases.catalog_rows()

        async def search(run: int) -> None:
            await store.releases.search(f"song {run + 1}", guild_id=run + 1)

        figures["/ost upcoming first page (Releases.upcoming)"] = await timed(runs * 4, upcoming)
        figures["autocomplete source (Releases.catalog_rows)"] = await timed(runs, catalog)
        figures["autocomplete search (Releases.search)"] = await timed(runs * 4, search)
    return figures


async def startup(url: str) -> dict[str, float]:
    """What ``ostbot run`` does before and right after connecting that reads the store."""
    began = time.perf_counter()
    from bot.settings import Settings
    from bot.store import open_store
    from bot.wiring import build_bot

    imported = time.perf_counter()
    store = await open_store(url, lean=True)
    opened = time.perf_counter()
    try:
        settings = Settings(token="unused", db_path=url)  # noqa: S106 - never sent
        bot = build_bot(settings, store, extensions=[])
        announcer = bot.services.announcer
        built = time.perf_counter()
        await announcer.apply_changes()
        await announcer.sweeper.sweep()
        instants = await announcer.planner.plan()
        planned = time.perf_counter()
    finally:
        await store.close()
    return {
        "imports": imported - began,
        "open (pool, migrations check)": opened - imported,
        "build the bot": built - opened,
        f"changes, sweep and plan ({instants} instants)": planned - built,
    }


def startup_in_a_fresh_process(url: str) -> tuple[float, dict[str, float]]:
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, __file__, "--startup-of", url],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - began, json.loads(done.stdout)


async def with_postgres(args: argparse.Namespace, sqlite: Path) -> None:
    import asyncpg

    from bot.store.copy import copy_store
    from tests.postgres_server import postgres_server

    with postgres_server() as server:
        admin = await asyncpg.connect(server.dsn())
        await admin.execute("CREATE DATABASE bench")
        await admin.close()
        url = server.dsn("bench")
        began = time.perf_counter()
        report = await copy_store(sqlite, url)
        took = time.perf_counter() - began
        print(f"ostbot store copy SQLite -> PostgreSQL: {report.rows:,} rows in {took:.1f} s")
        for name, count in report.counts:
            print(f"  {name:<20} {count:>9,}")
        began = time.perf_counter()
        back = await copy_store(url, sqlite.with_name("back.sqlite3"))
        took = time.perf_counter() - began
        print(f"ostbot store copy PostgreSQL -> SQLite: {back.rows:,} rows in {took:.1f} s")
        print("\nhot paths, median ms    PostgreSQL    SQLite")
        on_pg = await hot_paths(url, args.runs, args.fanout)
        on_sqlite = await hot_paths(sqlite, args.runs, args.fanout)
        for name, pg in on_pg.items():
            print(f"  {name:<48} {pg:>9.1f} {on_sqlite[name]:>9.1f}")
        total, parts = startup_in_a_fresh_process(url)
        print(f"\nostbot run start-up on PostgreSQL, {args.servers:,} servers, fresh process:")
        for name, seconds in parts.items():
            print(f"  {name:<48} {seconds * 1000:>7.0f} ms")
        print(judge(f"  whole process {total:.2f} s (target < {STARTUP_TARGET:g} s)", total < 2))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--releases", type=int, default=100_000)
    parser.add_argument("--servers", type=int, default=100_000)
    parser.add_argument("--fanout", type=int, default=10_000, help="rows per Ledger.add")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-of", metavar="URL", help=argparse.SUPPRESS)  # the child
    add_check(parser)
    args = parser.parse_args()
    if args.startup_of:
        print(json.dumps(asyncio.run(startup(args.startup_of))))
        return
    with tempfile.TemporaryDirectory() as folder:
        sqlite = Path(folder) / "ostbot.sqlite3"
        began = time.perf_counter()
        asyncio.run(build(sqlite, args.releases, args.servers))
        print(
            f"built a SQLite store: {args.releases:,} releases, {args.servers:,} servers in "
            f"{time.perf_counter() - began:.0f} s"
        )
        asyncio.run(with_postgres(args, sqlite))
    finish(check=args.check)


if __name__ == "__main__":
    main()
