"""Benchmarks of the fake Discord (issue 4).

(a) start-up: fake start + a plain discord.py bot connected and past on_ready (median, p95);
(b) REST throughput with rate limits off: POST messages from a second process over many
    concurrent connections (the server runs alone in this process's child, as in e2e tests).

With latency on (the default; ``--no-latency`` turns it off) the fake delays every answer
and gateway frame as tests/fake_discord/latency.py models Discord (REST median 80 ms, p99
500 ms). Throughput then needs rate x latency requests in flight: (b) uses 512 connections
instead of 64, so the figure stays the fake's own capacity, not a latency-bound one.

Run: .venv/bin/python benchmarks/bench_fake_discord.py [--no-latency]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py imports audioop
    import discord  # noqa: F401

import aiohttp
from verdicts import add_check, finish, judge

from tests.fake_discord import FakeDiscord, Latency
from tests.fake_discord.clients import GUILD_READY_TIMEOUT, connected, make_bot

STARTUP_RUNS = 20
THROUGHPUT_SECONDS = 3.0
CONCURRENCY = 64
CONCURRENCY_WITH_LATENCY = 512  # ~2,000/s x ~0.11 s mean delay = 220 in flight, with margin


async def one_startup(seed: int, with_latency: bool) -> float:
    lag = Latency.discord_like(seed=seed) if with_latency else Latency.off()
    t0 = time.perf_counter()
    async with FakeDiscord(latency=lag) as fake:
        guild = fake.add_guild("Fans")
        guild.add_text_channel("general")
        guild.add_announcement_channel("ost-news")
        async with connected(fake, make_bot()):
            elapsed = time.perf_counter() - t0
    return elapsed


async def bench_startup(with_latency: bool) -> None:
    times = sorted([await one_startup(seed, with_latency) for seed in range(STARTUP_RUNS)])
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    median = statistics.median(times)
    print(
        judge(
            f"(a) start + discord.py ready over {STARTUP_RUNS} runs: "
            f"median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
            f"max {times[-1] * 1000:.0f} ms (incl. guild_ready_timeout {GUILD_READY_TIMEOUT}s; "
            f"latency {'on' if with_latency else 'off'}; target < 300 ms)",
            median < 0.3,
        )
    )


async def serve(with_latency: bool) -> None:
    """Child process: a fake with limits off; prints its coordinates, runs until stdin closes."""
    # The spec check (tests/fake_discord/shapes.py, ~0.3 ms per answer) is a test-suite guard,
    # not part of the server's own cost; off here as the limits are.
    lag = Latency.discord_like() if with_latency else Latency.off()
    fake = FakeDiscord(check_shapes=False, latency=lag)
    fake.rate_limits.enabled = False
    await fake.start()
    channel = fake.add_guild("Bench").add_text_channel("flood")
    print(
        json.dumps({"api": fake.api_base, "token": fake.token, "channel": channel.id}), flush=True
    )
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    print(json.dumps({"requests": len(fake.requests)}), flush=True)
    await fake.stop()


async def bench_throughput(with_latency: bool) -> None:
    concurrency = CONCURRENCY_WITH_LATENCY if with_latency else CONCURRENCY
    # The server in its own process, as the bot's e2e runs will use it (and there are 2 cores).
    child = subprocess.Popen(  # noqa: ASYNC220 - started once, before any timing
        [sys.executable, __file__, "--serve", "--latency" if with_latency else "--no-latency"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdin is not None
    info = json.loads(child.stdout.readline())
    url = f"{info['api']}/channels/{info['channel']}/messages"
    headers = {"Authorization": f"Bot {info['token']}"}
    done = 0
    errors = 0
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(headers=headers, connector=connector) as http:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + THROUGHPUT_SECONDS

        async def worker(n: int) -> None:
            nonlocal done, errors
            i = 0
            while loop.time() < deadline:
                body = {
                    "content": f"w{n} #{i}",
                    "embeds": [{"title": "OST", "description": "x" * 200}],
                }
                async with http.post(url, json=body) as resp:
                    await resp.read()
                    if resp.status == 200:
                        done += 1
                    else:
                        errors += 1
                i += 1

        start = loop.time()
        await asyncio.gather(*(worker(n) for n in range(concurrency)))
        elapsed = loop.time() - start
    child.stdin.close()
    served = json.loads(child.stdout.readline())
    child.wait(timeout=10)
    print(
        judge(
            f"(b) REST throughput, limits off, {concurrency} connections from a second process, "
            f"latency {'on' if with_latency else 'off'}: "
            f"{done / elapsed:,.0f} req/s ({done} x POST message in {elapsed:.1f}s, "
            f"{errors} errors, server recorded {served['requests']}; target >= 2,000 req/s)",
            done / elapsed >= 2000 and errors == 0,
        )
    )


async def main(with_latency: bool, check: bool) -> None:
    await bench_startup(with_latency)
    await bench_throughput(with_latency)
    finish(check=check)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--latency", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--serve", action="store_true", help="internal: be the child server")
    add_check(parser)
    args = parser.parse_args()
    asyncio.run(serve(args.latency) if args.serve else main(args.latency, args.check))
