"""discord.py's HTTPClient creating n rate-limit buckets: its own sweep against ostbot's.

Run: .venv/bin/python benchmarks/bench_bucket_sweep.py [--sizes 1000 10000 20000] [--check]

A fan-out to n channels makes ``HTTPClient.get_ratelimit`` create n buckets (one per channel),
all within seconds. No request is sent here: only ``get_ratelimit`` for n new keys, shaped as
discord.py shapes them for ``POST /channels/{channel_id}/messages``, timed in CPU seconds of this
process, for discord.py's ``HTTPClient`` ("before") and ``bot.discord_http.SweepingHTTPClient``
("after"). docs/discordpy-bucket-sweep.md explains the figures. The target: creating a bucket
costs the same at every size with the sweeping client (per-bucket CPU at the largest size at
most 3 x the smallest's; timer noise dominates below that).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # discord.py imports audioop
    import discord

from discord.http import HTTPClient
from verdicts import add_check, finish, judge

from bot.discord_http import sweep_lazily

FLAT = 3.0


async def create(n: int, *, sweeping: bool) -> float:
    """CPU seconds to create ``n`` buckets in a fresh client."""
    http = HTTPClient(asyncio.get_running_loop())
    if sweeping:
        sweep_lazily(http)
    keys = [f"POST /channels/{{channel_id}}/messages:{1_000_000 + i}" for i in range(n)]
    began = time.process_time()
    for key in keys:
        http.get_ratelimit(key)
    return time.process_time() - began


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 20_000])
    add_check(parser)
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    print(f"discord.py {discord.__version__}, Python {sys.version.split()[0]}")
    print(f"{'buckets':>8} {'before (s)':>11} {'after (s)':>10} {'after, us/bucket':>17}")
    per_bucket = {}
    for n in sizes:
        before = await create(n, sweeping=False)
        after = await create(n, sweeping=True)
        per_bucket[n] = after / n * 1e6
        print(f"{n:>8,} {before:>11.3f} {after:>10.3f} {per_bucket[n]:>17.2f}")
    smallest, largest = per_bucket[sizes[0]], per_bucket[sizes[-1]]
    print(
        judge(
            f"after: {largest:.2f} us per bucket at {sizes[-1]:,}, {smallest:.2f} at {sizes[0]:,} "
            f"(target: at most {FLAT:g} x)",
            largest <= FLAT * max(smallest, 1.0),
        )
    )
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
