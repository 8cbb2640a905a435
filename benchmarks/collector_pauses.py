"""What the fake's garbage collector did to the fan-out benchmarks' 429s, shown side by side.

Run: .venv/bin/python benchmarks/collector_pauses.py [--channels 10000] [--rate 450] [--check]

The fake Discord runs in the benchmark's process and stamps each request when its event loop
reaches it. One fan-out (bench_announcer's, latency on) runs twice: first with the collector on
and only the fake's world frozen out of it (the harness before ``fanout.no_collector_pauses``),
then with the collector off for the measured span (the harness now). Each run prints the full
collections this process made while the bot sent (each one's pause), the longest stall of this
process's event loop, the global 429s the fake answered and, for each 429, how long after the
end of the last pause of 50 ms or more it came. Target: the second run has no 429 and its
busiest second is within the fake's global limit (the bot's pace, as sent).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fanout import SHAPES_CHECKED, fan_out, latency, report
from verdicts import add_check, finish, for_comparison, judge

from tests.fake_discord import FakeDiscord

LONG = 0.050  # a pause that shifts ~20 requests at 450/s


@dataclass
class Pauses:
    """Full collections (start, seconds) and event-loop stalls (start, seconds) seen meanwhile."""

    collections: list[tuple[float, float]] = field(default_factory=list)
    stalls: list[tuple[float, float]] = field(default_factory=list)
    _began: float = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.monotonic()
        else:
            self.collections.append((self._began, time.monotonic() - self._began))


@contextmanager
def watched(pauses: Pauses) -> Iterator[None]:
    gc.callbacks.append(pauses)
    try:
        yield
    finally:
        gc.callbacks.remove(pauses)


async def watch_loop(pauses: Pauses, tick: float = 0.005) -> None:
    """Record each time this process's event loop woke more than 30 ms late."""
    loop = asyncio.get_running_loop()
    while True:
        asked = loop.time()
        await asyncio.sleep(tick)
        late = loop.time() - asked - tick
        if late > 0.030:
            pauses.stalls.append((asked, late))


async def one(channels: int, rate: float, *, quiet: bool) -> bool:
    pauses = Pauses()
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeDiscord(latency=latency(True, 0), check_shapes=SHAPES_CHECKED) as fake:
            watcher = asyncio.create_task(watch_loop(pauses))
            with watched(pauses):
                run = await fan_out(
                    fake, Path(tmp) / "fan-out.sqlite3", channels, rate, quiet_collector=quiet
                )
            watcher.cancel()
            posts = [r.time for r in fake.requests if r.route.startswith("POST /channels/")]
            limited = [r.time for r in fake.responses_with(429)]
    span = (min(posts), max(posts))
    during = [p for p in pauses.collections if span[0] - 1 <= p[0] <= span[1]]
    stalls = [s for s in pauses.stalls if span[0] - 1 <= s[0] <= span[1]]
    print(f"collector {'off (now)' if quiet else 'on, world frozen (before)'}:")
    report(run)
    print(
        f"  full collections while posting: {len(during)}"
        + (f", pauses {', '.join(f'{1000 * d:.0f}' for _, d in during)} ms" if during else "")
    )
    stall = max((d for _, d in stalls), default=0.0)
    print(f"  longest stall of the fake's event loop: {1000 * stall:.0f} ms")
    ends = [b + d for b, d in during if d >= LONG]
    after = [t - max(e for e in ends if e <= t) for t in limited if any(e <= t for e in ends)]
    if limited:
        print(
            f"  429s after a pause of {1000 * LONG:.0f} ms or more: {len(after)} of {len(limited)}"
            + (f", {min(after):.2f}-{max(after):.2f} s after its end" if after else "")
        )
    return not quiet or (not run.limited and run.peak_rate <= run.global_limit)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=450.0)
    add_check(parser)
    args = parser.parse_args()
    with for_comparison():
        await one(args.channels, args.rate, quiet=False)
    ok = await one(args.channels, args.rate, quiet=True)
    print(judge("with the collector off: no 429, busiest second within the limit", ok))
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
