"""The benchmark scripts: each explains itself without running, and ``--check`` can fail."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
SCRIPTS = sorted(BENCHMARKS.glob("bench_*.py"))
# Generous: a --help that runs the benchmark takes minutes; imports take ~1 s here.
HELP_TIMEOUT = 60


def test_there_are_benchmark_scripts() -> None:
    """The glob below finds the scripts (an empty list would make the next test vacuous)."""
    assert len(SCRIPTS) >= 5


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help_explains_without_running(script: Path) -> None:
    """``--help`` exits 0 at once with usage and the ``--check`` switch, running nothing."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, str(script), "--help"],
        capture_output=True,
        text=True,
        timeout=HELP_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:")
    assert "--check" in result.stdout


CHECKED_RUN = """
import sys
sys.path.insert(0, {folder!r})
from verdicts import finish, judge
print(judge("a figure", {ok}))
finish(check={check})
"""


@pytest.mark.parametrize(
    ("ok", "check", "status"),
    [(True, True, 0), (False, True, 1), (False, False, 0)],
)
def test_check_exits_1_on_a_miss(ok: bool, check: bool, status: int) -> None:
    """With --check a missed target makes the exit status 1; without it, figures only."""
    code = CHECKED_RUN.format(folder=str(BENCHMARKS), ok=ok, check=check)
    result = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == status
    assert result.stdout.strip() == f"a figure: {'ok' if ok else 'MISSED'}"


def test_profile_shares_count_each_function_once_per_sample(tmp_path: Path) -> None:
    """bench_scaling's py-spy summary: inclusive shares, recursion and call sites merged."""
    sys.path.insert(0, str(BENCHMARKS))
    try:
        from bench_scaling import hottest
    finally:
        sys.path.remove(str(BENCHMARKS))
    raw = tmp_path / "bot.txt"
    raw.write_text(
        "run (asyncio/runners.py:1);send (bot/poster.py:10);send (bot/poster.py:12) 3\n"
        "run (asyncio/runners.py:1);tick (bot/service.py:5) 1\n"
    )
    assert dict(hottest(raw)) == {"send (bot/poster.py)": 75.0, "tick (bot/service.py)": 25.0}
