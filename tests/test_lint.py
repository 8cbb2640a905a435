"""The codebase stays ruff-clean, so CI fails on lint like on any other broken promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("argv", [["check", "."], ["format", "--check", "."]], ids=" ".join)
def test_ruff_is_clean(argv: list[str]):
    """ruff check and ruff format --check report nothing."""
    result = subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "ruff", *argv],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
