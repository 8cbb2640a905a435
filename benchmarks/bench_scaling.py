"""Scaling curves of the fan-out: 1,000 to 20,000 channels at 450/s, latency on.

Run: .venv/bin/python benchmarks/bench_scaling.py [--sizes 1000 5000 10000 20000] [--runs 3]
     [--rate 450] [--no-latency] [--out docs] [--profile DIR] [--check]

Each size runs bench_announcer's fan-out (``ostbot run`` against the fake Discord with its
limits on, one server per channel) ``--runs`` times with latency seeds 0, 1, ... and records the
ratio elapsed / floor, the bot's CPU per message, the first message's delay after the release
instant and the bot's RSS with every server connected. It writes ``scaling.md`` (a markdown
table: median and range per size) and ``scaling.png`` (the four curves, matplotlib from the
``bench`` extra) into ``--out``. Targets: ratio <= 1.05, first message < 250 ms, no 429 at
every size, and CPU per message flat (the largest size's median at most 1.5 x the smallest's).

``--profile DIR`` records each run's bot with py-spy (raw collapsed stacks, one file per run)
and prints the functions found in the most samples: what the README's profile figures cite.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fanout import SHAPES_CHECKED, FanOut, fan_out, latency, report
from verdicts import add_check, finish, judge

from tests.fake_discord import FakeDiscord

FLAT = 1.5  # CPU per message at the largest size, at most this times the smallest's
TOP = 20
# Frames at the root of every stack (the interpreter, asyncio's loop, ``ostbot run``): they say
# nothing about where the time goes.
EVERYWHERE = {
    "_run_module_as_main (<frozen runpy>)",
    "_run_code (<frozen runpy>)",
    "<module> (bot/cli.py)",
    "main (bot/cli.py)",
    "run (bot/commandline/running.py)",
    "run (asyncio/runners.py)",
    "Runner.run (asyncio/runners.py)",
    "BaseEventLoop.run_forever (asyncio/base_events.py)",
    "BaseEventLoop.run_until_complete (asyncio/base_events.py)",
    "BaseEventLoop._run_once (asyncio/base_events.py)",
    "Handle._run (asyncio/events.py)",
}

COLUMNS = {
    "ratio": ("elapsed / floor", "{:.3f}", 1.05),
    "cpu_ms_per_message": ("bot CPU per message (ms)", "{:.2f}", None),
    "first_ms": ("first message (ms)", "{:.0f}", 250.0),
    "rss_mb": ("RSS, servers connected (MB)", "{:.0f}", None),
}


def spread(values: list[float], form: str) -> str:
    """Median, and the range when there are several runs."""
    median = form.format(statistics.median(values))
    if len(values) == 1:
        return median
    return f"{median} ({form.format(min(values))}-{form.format(max(values))})"


def table(runs: dict[int, list[FanOut]], note: str) -> str:
    heads = ["channels", *(title for title, _, _ in COLUMNS.values()), "429s"]
    rows = [f"| {' | '.join(heads)} |", f"|{'---:|' * len(heads)}"]
    for size, found in sorted(runs.items()):
        cells = [f"{size:,}"]
        for field, (_, form, _) in COLUMNS.items():
            cells.append(spread([getattr(run, field) for run in found], form))
        cells.append(str(sum(len(run.limited) for run in found)))
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join([note, "", *rows, ""])


def plot(runs: dict[int, list[FanOut]], path: Path, note: str) -> None:
    """The four curves, median with the range as error bars; targets as dashed lines."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    sizes = sorted(runs)
    figure, axes = pyplot.subplots(2, 2, figsize=(10, 7), constrained_layout=True)
    for ax, (field, (title, _, target)) in zip(axes.flat, COLUMNS.items(), strict=True):
        values = [[getattr(run, field) for run in runs[size]] for size in sizes]
        medians = [statistics.median(v) for v in values]
        below = [m - min(v) for m, v in zip(medians, values, strict=True)]
        above = [max(v) - m for m, v in zip(medians, values, strict=True)]
        ax.errorbar(sizes, medians, yerr=[below, above], marker="o", capsize=4)
        if target is not None:
            ax.axhline(target, linestyle="--", color="tab:red", label=f"target {target:g}")
            ax.legend(loc="lower right")
        ax.set_title(title)
        ax.set_xlabel("channels (one server each)")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    figure.suptitle(note, fontsize=9)
    figure.savefig(path, dpi=100)
    pyplot.close(figure)


def hottest(profile: Path, top: int = TOP) -> list[tuple[str, float]]:
    """Functions by the share of samples they appear in (inclusive), from py-spy's raw output."""
    seen: Counter[str] = Counter()
    total = 0
    for line in profile.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack:
            continue
        samples = int(count)
        total += samples
        # A frame reads "function (path/to/file.py:line)"; the line differs per call site.
        frames = {frame.rsplit(":", 1)[0] + ")" for frame in stack.split(";")} - EVERYWHERE
        for frame in frames:
            seen[frame] += samples
    return [(frame, 100 * n / total) for frame, n in seen.most_common(top)] if total else []


def judge_sizes(runs: dict[int, list[FanOut]]) -> None:
    for size, found in sorted(runs.items()):
        ratio = statistics.median(run.ratio for run in found)
        first = statistics.median(run.first_ms for run in found)
        limited = sum(len(run.limited) for run in found)
        print(judge(f"{size:,} channels: ratio {ratio:.3f} (target <= 1.05)", ratio <= 1.05))
        print(judge(f"{size:,} channels: first message {first:.0f} ms (< 250 ms)", first < 250))
        print(judge(f"{size:,} channels: {limited} x 429 (target 0)", limited == 0))
    sizes = sorted(runs)
    small = statistics.median(run.cpu_ms_per_message for run in runs[sizes[0]])
    large = statistics.median(run.cpu_ms_per_message for run in runs[sizes[-1]])
    print(
        judge(
            f"CPU per message {small:.2f} ms at {sizes[0]:,}, {large:.2f} ms at {sizes[-1]:,} "
            f"(target: flat, at most {FLAT:g} x)",
            large <= FLAT * small,
        )
    )


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10_000, 20_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (seeds 0, 1...)")
    parser.add_argument("--rate", type=float, default=450.0)
    parser.add_argument("--latency", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).parents[1] / "docs")
    parser.add_argument("--profile", type=Path, help="record each run's bot with py-spy here")
    add_check(parser)
    args = parser.parse_args()
    if args.profile:
        args.profile.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    runs: dict[int, list[FanOut]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            for run in range(args.runs):
                db = Path(tmp) / f"scaling-{size}-{run}.sqlite3"
                spy = args.profile / f"bot-{size}-{run}.txt" if args.profile else None
                lag = latency(args.latency, run)
                async with FakeDiscord(latency=lag, check_shapes=SHAPES_CHECKED) as fake:
                    found = await fan_out(fake, db, size, args.rate, profile=spy)
                report(found)
                runs.setdefault(size, []).append(found)
                if spy is not None and spy.exists():
                    print(f"  py-spy, {spy.name}: share of samples per function (inclusive)")
                    for frame, share in hottest(spy):
                        print(f"    {share:5.1f}%  {frame}")
    load_after = os.getloadavg()[0]
    note = (
        f"Fan-out at {args.rate:g}/s, latency {'on' if args.latency else 'off'}, "
        f"{args.runs} run(s) per size: median (range). "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"load average {load_before:.1f} before, {load_after:.1f} after."
    )
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scaling.md").write_text(table(runs, note), encoding="utf-8")
    plot(runs, args.out / "scaling.png", note)
    print(f"wrote {args.out / 'scaling.md'} and {args.out / 'scaling.png'}")
    judge_sizes(runs)
    finish(check=args.check)


if __name__ == "__main__":
    asyncio.run(main())
