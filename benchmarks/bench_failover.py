"""Failover: how long after one of two ``ostbot run`` is SIGKILLed the other resumes its work.

Run: .venv/bin/python benchmarks/bench_failover.py [--channels 2000] [--rate 100] [--check]

Two bot processes share a throwaway PostgreSQL store (started here, as the tests start it:
PostgreSQL 15's ``initdb``/``pg_ctl``, run as the ``postgres`` user when this runs as root)
and fan one release out to ``--channels`` servers of the fake Discord, each process paced at
``--rate`` requests/s (the fake's global limit is lifted: the two together exceed it, and the
failover, not the pace, is measured). Once a third of the channels have their post, one process
is killed with SIGKILL while it holds claims on unsent rows; "its channels" are the rows it
still claims once dead. Figures:

- resumed: SIGKILL to the survivor's first POST to one of the dead process's channels (target
  <= 15 s; the lease is 10 s, renewed every third of it, so 6.7-10 s is expected);
- finished: SIGKILL to the last of those channels having its post;
- exactly once: one message per channel, and no channel with two POSTs but for a request the
  dead process had in flight (resent with the same nonce, deduped by Discord).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import asyncpg
from verdicts import add_check, finish, judge

from bot.store import open_store
from tests.bot.failover import POST, Bot, doubled_posts, posted, states, world
from tests.fake_discord import FakeDiscord, Latency
from tests.postgres_server import postgres_server

RESUME_TARGET = 15.0
STARTED = r"announcer started"
IDLE = r"nothing left to send now \(0 waiting"


async def dead_channels(url: str, pid: int) -> set[int]:
    """The channels of the rows process ``pid`` still claimed when it died."""
    connection = await asyncpg.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT channel_id FROM deliveries WHERE state = 'pending' AND claimed_by LIKE $1",
            f"%:{pid}:%",
        )
    finally:
        await connection.close()
    return {row[0] for row in rows}


def first_post_to(fake: FakeDiscord, channels: set[int], after: float) -> float | None:
    for request in fake.requests:
        if (
            request.route == POST
            and request.time >= after
            and int(request.params["channel_id"]) in channels
        ):
            return request.time
    return None


async def run(url: str, channels_count: int, rate: float, lag: Latency, folder: Path) -> None:
    async with FakeDiscord(latency=lag, check_shapes=False) as fake:
        fake.rate_limits.global_per_second = None
        channels = await world(fake, url, channels_count, due_in=10 + channels_count // 500)
        victim = await Bot.start(fake, url, rate, folder)
        survivor = await Bot.start(fake, url, rate, folder)
        try:
            await victim.logged(STARTED)
            await survivor.logged(STARTED)
            await fake.wait_until(lambda: posted(fake, channels) >= channels_count // 3, 120)
            await victim.kill()
            loop = asyncio.get_running_loop()
            killed_at = loop.time()
            theirs = await dead_channels(url, victim.process.pid)
            print(f"killed one process with {len(theirs)} channels claimed and unsent")
            resumed = await fake.wait_until(
                lambda: first_post_to(fake, theirs, killed_at), timeout=60
            )
            await fake.wait_until(lambda: all(fake.messages_in(c) for c in theirs), 120)
            finished = loop.time()
            seen = len(survivor.lines)
            while await states(url) != {"sent": channels_count}:
                seen = await survivor.logged(IDLE, after=seen, within=60)
        finally:
            await victim.stop()
            await survivor.stop()
        resume = resumed - killed_at
        print(
            judge(
                f"resumed the dead process's channels {resume:.2f} s after SIGKILL "
                f"(target <= {RESUME_TARGET:g} s)",
                resume <= RESUME_TARGET,
            )
        )
        print(f"its channels all posted {finished - killed_at:.2f} s after SIGKILL")
        once = [c for c in channels if len(fake.messages_in(c)) != 1]
        print(judge(f"channels without exactly one message: {len(once)} (target 0)", not once))
        doubled = doubled_posts(fake, channels, killed_at)
        print(
            judge(
                f"channels with two POSTs for one delivery: {len(doubled)} (target 0)", not doubled
            )
        )
        resent = sum(1 for c in channels if len(fake.requests_to(POST, channel_id=c)) == 2)
        print(f"requests in flight at the kill, resent with their nonce: {resent}")


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=100.0, help="requests/s per process")
    parser.add_argument("--no-latency", action="store_true", help="the fake answers at once")
    add_check(parser)
    args = parser.parse_args()
    lag = Latency.off() if args.no_latency else Latency.discord_like(seed=0)
    began = time.perf_counter()
    with postgres_server() as server, tempfile.TemporaryDirectory() as folder:
        admin = await asyncpg.connect(server.dsn())
        try:
            await admin.execute("CREATE DATABASE failover")
        finally:
            await admin.close()
        url = server.dsn("failover")
        async with await open_store(url):
            pass  # migrated before the bots start
        print(
            f"two processes at {args.rate:g}/s each, {args.channels:,} channels, "
            f"latency {'off' if args.no_latency else 'on'}"
        )
        await run(url, args.channels, args.rate, lag, Path(folder))
    print(f"(took {time.perf_counter() - began:.0f} s)")
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
