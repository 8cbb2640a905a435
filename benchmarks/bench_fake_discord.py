"""Benchmarks of the fake Discord (issue 4).

(a) start-up: fake start + a plain discord.py bot connected and past on_ready (median, p95);
(b) REST throughput with rate limits off: POST messages from a second process over many
    concurrent connections (the server runs alone in this process's child, as in e2e tests).

Run: .venv/bin/python benchmarks/bench_fake_discord.py
"""

from __future__ import annotations

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

from tests.fake_discord import FakeDiscord
from tests.fake_discord.clients import GUILD_READY_TIMEOUT, connected, make_bot

STARTUP_RUNS = 20
THROUGHPUT_SECONDS = 3.0
CONCURRENCY = 64


async def one_startup() -> float:
    t0 = time.perf_counter()
    async with FakeDiscord() as fake:
        guild = fake.add_guild("Fans")
        guild.add_text_channel("general")
        guild.add_announcement_channel("ost-news")
        async with connected(fake, make_bot()):
            elapsed = time.perf_counter() - t0
    return elapsed


async def bench_startup() -> None:
    times = sorted([await one_startup() for _ in range(STARTUP_RUNS)])
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    print(
        f"(a) start + discord.py ready over {STARTUP_RUNS} runs: "
        f"median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms (incl. guild_ready_timeout {GUILD_READY_TIMEOUT}s)"
    )


async def serve() -> None:
    """Child process: a fake with limits off; prints its coordinates, runs until stdin closes."""
    # The spec check (tests/fake_discord/shapes.py, ~0.3 ms per answer) is a test-suite guard,
    # not part of the server's own cost; off here as the limits are.
    fake = FakeDiscord(check_shapes=False)
    fake.rate_limits.enabled = False
    await fake.start()
    channel = fake.add_guild("Bench").add_text_channel("flood")
    print(
        json.dumps({"api": fake.api_base, "token": fake.token, "channel": channel.id}), flush=True
    )
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    print(json.dumps({"requests": len(fake.requests)}), flush=True)
    await fake.stop()


async def bench_throughput() -> None:
    # The server in its own process, as the bot's e2e runs will use it (and there are 2 cores).
    child = subprocess.Popen(  # noqa: ASYNC220 - started once, before any timing
        [sys.executable, __file__, "--serve"],
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
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
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
        await asyncio.gather(*(worker(n) for n in range(CONCURRENCY)))
        elapsed = loop.time() - start
    child.stdin.close()
    served = json.loads(child.stdout.readline())
    child.wait(timeout=10)
    print(
        f"(b) REST throughput, limits off, {CONCURRENCY} connections from a second process: "
        f"{done / elapsed:,.0f} req/s ({done} x POST message in {elapsed:.1f}s, {errors} errors, "
        f"server recorded {served['requests']})"
    )


async def main() -> None:
    await bench_startup()
    await bench_throughput()


if __name__ == "__main__":
    asyncio.run(serve() if "--serve" in sys.argv else main())
