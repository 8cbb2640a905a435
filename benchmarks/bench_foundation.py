"""Foundation figures: import of 10,000 releases, unchanged re-import, upcoming over 100,000.

Run: .venv/bin/python benchmarks/bench_foundation.py [--runs N] [--profile]

Each figure is the wall time of the real ``ostbot`` command as a fresh process (interpreter
start-up included), median and worst of N runs, on generated schedules written to a temp folder.
The commands run as an installed ostbot would: with its bytecode compiled once (into a temp
folder, ``PYTHONPYCACHEPREFIX``; a ``PYTHONDONTWRITEBYTECODE`` in the environment would have
every run compile ostbot's ~150 modules again, ~30 ms).

``--profile`` also runs the first import and ``upcoming --json --all`` under cProfile and
prints the functions with the most time of their own (``python -m cProfile -s tottime -m
bot.cli ...``, the command this prints), and where an import spends its time in-process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from verdicts import add_check, finish, judge

from bot.commandline.schedule_files import cut_warnings
from bot.schedules import load_paths
from bot.store import open_store

OSTBOT = [sys.executable, "-m", "bot.cli"]
START = datetime(2020, 1, 1, tzinfo=UTC)
# The environment of the measured commands: see the module doc (set in main()).
ENV = dict(os.environ)
# Lines of each cProfile listing printed by --profile.
PROFILE_LINES = 12


def write_schedules(folder: Path, dramas: int, per_drama: int) -> None:
    """Dramas with releases spread over 2020-2035, every third one date-only, some TBA."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in range(dramas):
        lines = ["[drama]", f'id = "drama-{d}"', f'title = "Drama {d}"', ""]
        for r in range(per_drama):
            at = START + timedelta(hours=(d * per_drama + r) * 1.3)
            lines += [
                "[[release]]",
                f'id = "part-{r + 1}"',
                f"part = {r + 1}",
                f'title = "Song {d}-{r}"',
                f'artists = ["Artist {r % 50}", "Guest {d % 30}"]',
                f'mv = "https://youtu.be/v{d}x{r}"',
                f'links = {{ melon = "https://melon.com/{d}/{r}" }}',
                'credits = { producer = ["P"] }',
            ]
            if r % 10 == 9:
                pass  # TBA
            elif r % 3 == 0:
                lines.append(f"date = {at.date().isoformat()}")
            else:
                lines.append(f"at = {at.isoformat()}")
            lines.append("")
        (folder / f"drama-{d}.toml").write_text("\n".join(lines), encoding="utf-8")


def timed(argv: list[str], runs: int, before: Callable[[], None] | None = None) -> list[float]:
    """Wall times of ``argv``. Its output goes to a file, as ``> listing.json`` would: read
    through a pipe, this process's own reading of 30 MB would be timed too, on the same cores."""
    times = []
    for _ in range(runs):
        if before:
            before()
        with tempfile.TemporaryFile() as out:
            start = time.perf_counter()
            result = subprocess.run(argv, stdout=out, stderr=subprocess.PIPE, check=False, env=ENV)
            times.append(time.perf_counter() - start)
        if result.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed:\n{result.stderr.decode()}")
    return times


def report(name: str, times: list[float], target: float) -> None:
    median, worst = statistics.median(times), max(times)
    print(
        judge(
            f"{name}: median {median * 1000:.0f} ms, worst {worst * 1000:.0f} ms "
            f"(target < {target * 1000:.0f} ms)",
            median < target,
        )
    )


def in_process_split(folder: Path, db: Path) -> None:
    start = time.perf_counter()
    schedules = load_paths([folder])
    parsed = time.perf_counter()
    for schedule in schedules:
        cut_warnings(schedule)
    cuts = time.perf_counter()

    async def store() -> None:
        async with await open_store(db) as s:
            await s.releases.import_schedules(schedules, now=datetime.now(UTC))

    asyncio.run(store())
    done = time.perf_counter()
    print(
        f"  in-process, one core: parse+validate {(parsed - start) * 1000:.0f} ms (`ostbot "
        f"import` parses half the files in a child meanwhile), cut warnings "
        f"{(cuts - parsed) * 1000:.0f} ms (worked out in a child beside the store's write), "
        f"store {(done - cuts) * 1000:.0f} ms"
    )


def _count(result: subprocess.CompletedProcess[bytes]) -> int:
    return result.stdout.count(b'"drama"')


def profile(argv: list[str], before: Callable[[], None] | None = None) -> None:
    """Print the top of ``python -m cProfile -s tottime -m bot.cli ARGS`` (stdout dropped)."""
    if before:
        before()
    command = [sys.executable, "-m", "cProfile", "-s", "tottime", *argv[1:]]
    print(f"  $ {' '.join(command)}")
    result = subprocess.run(command, capture_output=True, check=True, env=ENV)
    text = result.stdout.decode("utf-8", "replace")
    table = text[text.rindex("   Ordered by") :].splitlines()[2 : 3 + PROFILE_LINES]
    print("\n".join(f"  {line[:150]}" for line in table))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--profile", action="store_true", help="also print cProfile's top functions (see above)"
    )
    add_check(parser)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ENV.pop("PYTHONDONTWRITEBYTECODE", None)
        ENV["PYTHONPYCACHEPREFIX"] = str(root / "bytecode")
        subprocess.run([*OSTBOT, "--help"], check=True, capture_output=True, env=ENV)
        small, big = root / "10k", root / "100k"
        write_schedules(small, dramas=100, per_drama=100)
        db = root / "10k.sqlite3"

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

        report(
            "import 10,000 releases (fresh store)",
            timed([*OSTBOT, "import", str(small), "--db", str(db)], args.runs, fresh),
            1.0,
        )
        report(
            "re-import unchanged",
            timed([*OSTBOT, "import", str(small), "--db", str(db)], args.runs),
            0.5,
        )
        fresh()
        in_process_split(small, db)
        if args.profile:
            profile([*OSTBOT, "import", str(small), "--db", str(db)], fresh)

        write_schedules(big, dramas=1000, per_drama=100)
        big_db = root / "100k.sqlite3"
        subprocess.run(
            [*OSTBOT, "import", str(big), "--db", str(big_db)],
            check=True,
            capture_output=True,
            env=ENV,
        )
        # Releases run from 2020 to 2034 at one per 1.3 h; "now" picks how many are upcoming.
        upcoming = [*OSTBOT, "upcoming", "--json", "--db", str(big_db)]
        for now in ("2034-10-01T00:00:00+00:00", "2027-06-01T00:00:00+00:00"):
            rows = _count(
                subprocess.run([*upcoming, "--now", now], capture_output=True, check=True, env=ENV)
            )
            report(
                f"upcoming --json over 100,000 ({rows:,} rows printed)",
                timed([*upcoming, "--now", now], args.runs),
                0.2,
            )
        report(
            "upcoming --json --all (100,000 rows printed)",
            timed([*upcoming, "--all"], args.runs),
            0.2,
        )
        if args.profile:
            profile([*upcoming, "--all"])
        report(
            "python -c pass (interpreter floor)",
            timed([sys.executable, "-c", "pass"], args.runs),
            0.2,
        )
    finish(check=args.check)


if __name__ == "__main__":
    main()
