"""How often the fake's latency jitter alone draws a global 429 from a perfectly paced bot.

Run: .venv/bin/python benchmarks/jitter_429s.py [--requests 2000] [--seeds 200]
     [--rates 45 44 43 42] [--limit 50] [--check]

No bot and no network: ``requests`` sends leave exactly ``1 / rate`` s apart (the announcer's
``Pacer`` at its best), each reaches the fake after the share of its latency drawn before the
fake handles it (``Latency.discord_like``, the benchmarks' model: median 40 ms, p99 250 ms
one way), and the fake's own ``RateLimiter`` counts them in arrival order on a clock set to
each arrival. Per rate it prints how many of ``seeds`` runs (latency seeds 0, 1, ...) drew at
least one global 429, and the most arrivals in any second. A refused request is not sent
again here (discord.py would, after ``retry_after``), so these are the first 429s only.
Target (``--check``): no run draws a 429 at the last rate given.
"""

from __future__ import annotations

import argparse
import sys
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from verdicts import add_check, finish, judge

from tests.fake_discord.latency import Latency
from tests.fake_discord.ratelimit import RateLimitConfig, RateLimiter

ROUTE = "POST /channels/{channel_id}/messages"


def one_run(rate: float, requests: int, limit: int, seed: int) -> tuple[int, int]:
    """(global 429s, most arrivals in any 1 s) for one paced stream of one channel each."""
    latency = Latency.discord_like(seed=seed)
    arrivals = sorted(
        (i / rate + latency.rest_delays()[0], i) for i in range(requests)
    )  # fmt: skip
    now = 0.0
    limiter = RateLimiter(RateLimitConfig(global_per_second=limit), clock=lambda: now)
    limited, window, busiest = 0, deque[float](), 0
    for now, channel in arrivals:
        decision = limiter.check(ROUTE, ROUTE, f"channel_id={channel}")
        limited += decision.scope == "global"
        window.append(now)
        while window[0] <= now - 1.0:
            window.popleft()
        busiest = max(busiest, len(window))
    return limited, busiest


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seeds", type=int, default=200)
    parser.add_argument("--rates", type=float, nargs="+", default=[45.0, 44.0, 43.0, 42.0])
    parser.add_argument("--limit", type=int, default=50, help="the fake's global limit, per s")
    add_check(parser)
    args = parser.parse_args()
    print(
        f"{args.requests:,} requests paced at each rate, global limit {args.limit}/s, "
        f"{args.seeds} latency seeds"
    )
    for rate in args.rates:
        runs = [one_run(rate, args.requests, args.limit, seed) for seed in range(args.seeds)]
        hit = sum(1 for limited, _ in runs if limited)
        line = (
            f"  {rate:g}/s: runs with a 429 {hit} of {args.seeds} "
            f"({sum(limited for limited, _ in runs)} in all); most arrivals in any 1 s "
            f"{max(busiest for _, busiest in runs)}"
        )
        print(judge(line, hit == 0) if rate == args.rates[-1] else line)
    finish(check=args.check)


if __name__ == "__main__":
    main()
