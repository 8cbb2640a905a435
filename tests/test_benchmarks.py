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
