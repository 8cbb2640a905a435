"""Web figures (issue 15): ``ostbot web`` over 100,000 stored releases under a steady load.

Run: .venv/bin/python benchmarks/bench_web.py [--rate 200] [--seconds 10] [--store PATH]

``ostbot web`` runs as a real process on a free loopback port. A load generator in this
process (aiohttp's client, open loop: request i is due at start + i/rate, whether or not the
earlier ones have answered, and its latency is counted from when it was due, so a server that
falls behind shows it) sends each page at the fixed rate and takes the p99. Measured: ``/``
(the first page of 50), a drama page (100 releases), ``/calendar.ics?drama=…`` and a repeat of
it with ``If-None-Match`` (a 304) when the calendar route exists (another change builds it;
without it they are reported as not measured), and the server's peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from verdicts import add_check, finish, judge

from bot.domain import Drama, Release, Schedule
from bot.store import open_store

RELEASES = 100_000
PER_DRAMA = 100
P99_TARGET_MS = 50.0
NOT_MODIFIED_TARGET_MS = 5.0
RSS_TARGET_MB = 150.0
START_TIMEOUT = 60.0


def schedules(now: datetime) -> list[Schedule]:
    """1,000 dramas of 100 releases from the next hour on, 1.3 h apart; every tenth TBA."""
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    made = []
    for d in range(RELEASES // PER_DRAMA):
        drama = Drama(id=f"drama-{d}", title=f"Drama {d}", title_native=f"드라마 {d}")
        releases = tuple(
            Release(
                drama_id=drama.id,
                id=f"part-{r + 1}",
                part=r + 1,
                title=f"Song {d}-{r}",
                artists=(f"Artist {r % 50}", f"Guest {d % 30}"),
                at=None if r % 10 == 9 else start + timedelta(hours=(d * PER_DRAMA + r) * 1.3),
                time_confirmed=r % 3 != 0,
                mv=f"https://youtu.be/v{d}x{r}",
            )
            for r in range(PER_DRAMA)
        )
        made.append(Schedule(f"drama-{d}.toml", drama, releases))
    return made


async def build_store(path: Path) -> None:
    async with await open_store(path) as store:
        await store.releases.import_schedules(schedules(datetime.now(UTC)), now=datetime.now(UTC))


def start_web(db: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "web", "--db", str(db), "--listen", "127.0.0.1:0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    found = re.search(r" at (http://\S+?)/", line)
    if not found:
        process.kill()
        raise SystemExit(f"ostbot web did not start: {line}{process.stderr.read()}")
    return process, found.group(1)


async def load(
    session: aiohttp.ClientSession, url: str, rate: float, seconds: float, headers: dict[str, str]
) -> tuple[list[float], dict[int, int]]:
    """Latencies (ms, from when each request was due) and the count of each status."""
    count = int(rate * seconds)
    loop = asyncio.get_running_loop()
    begin = loop.time() + 0.1
    statuses: dict[int, int] = {}

    async def one(i: int) -> float:
        due = begin + i / rate
        await asyncio.sleep(max(0.0, due - loop.time()))
        async with session.get(url, headers=headers) as response:
            await response.read()
            statuses[response.status] = statuses.get(response.status, 0) + 1
        return (loop.time() - due) * 1000

    latencies = await asyncio.gather(*(one(i) for i in range(count)))
    return sorted(latencies), statuses


def p99(latencies: list[float]) -> float:
    return latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmHWM:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else float("nan")


async def measure(base: str, rate: float, seconds: float) -> None:
    connector = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=connector) as session:
        async with session.get(f"{base}/calendar.ics?drama=drama-500") as probe:
            calendar = probe.status == 200
            etag = probe.headers.get("ETag")
            await probe.read()
        pages = [("/", "/"), ("a drama page", "/dramas/drama-500")]
        if calendar:
            pages.append(("filtered /calendar.ics", "/calendar.ics?drama=drama-500"))
        for name, path in pages:
            await load(session, f"{base}{path}", rate, 1.0, {})  # warm up: connections, caches
            latencies, statuses = await load(session, f"{base}{path}", rate, seconds, {})
            figure = (
                f"{name} at {rate:g}/s for {seconds:g} s: p99 {p99(latencies):.1f} ms, "
                f"median {statistics.median(latencies):.1f} ms, statuses {statuses} "
                f"(target p99 < {P99_TARGET_MS:g} ms)"
            )
            print(judge(figure, p99(latencies) < P99_TARGET_MS and set(statuses) == {200}))
        if not calendar:
            print("filtered /calendar.ics: not measured (no /calendar.ics route in this build)")
            print("304 Not Modified: not measured (no /calendar.ics route in this build)")
        elif etag is None:
            print(judge("304 Not Modified: /calendar.ics sent no ETag", False))
        else:
            url = f"{base}/calendar.ics?drama=drama-500"
            latencies, statuses = await load(session, url, rate, seconds, {"If-None-Match": etag})
            figure = (
                f"304 Not Modified at {rate:g}/s: median {statistics.median(latencies):.2f} ms, "
                f"p99 {p99(latencies):.2f} ms, statuses {statuses} "
                f"(target median < {NOT_MODIFIED_TARGET_MS:g} ms)"
            )
            ok = statistics.median(latencies) < NOT_MODIFIED_TARGET_MS and set(statuses) == {304}
            print(judge(figure, ok))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of each load")
    parser.add_argument(
        "--store",
        type=Path,
        help="a store built by an earlier run (kept); default: built in a temporary folder",
    )
    add_check(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.store or Path(folder) / "web.sqlite3"
        if not db.exists():
            began = time.perf_counter()
            asyncio.run(build_store(db))
            print(f"built a store of {RELEASES:,} releases in {time.perf_counter() - began:.0f} s")
        process, base = start_web(db)
        try:
            asyncio.run(measure(base, args.rate, args.seconds))
            rss = peak_rss_mb(process.pid)
            print(
                judge(
                    f"ostbot web peak RSS {rss:.0f} MB (target < {RSS_TARGET_MB:g} MB)",
                    rss < RSS_TARGET_MB,
                )
            )
        finally:
            process.terminate()
            process.wait(START_TIMEOUT)
    finish(check=args.check)


if __name__ == "__main__":
    main()
