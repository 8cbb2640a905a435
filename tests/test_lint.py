"""The codebase stays ruff-clean and type-checks, so CI fails on lint or types like on any other
broken promise."""

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


def test_mypy_is_clean():
    """mypy, strict as pyproject.toml configures it, finds no error in the files it lists."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
