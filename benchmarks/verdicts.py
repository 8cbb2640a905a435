"""Targets a benchmark checks: each figure printed with its verdict; with ``--check``, exit
status 1 on any miss (for scripts and CI), else 0 once every figure has been printed."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager

_missed: list[str] = []

CHECK_HELP = "exit with status 1 if any figure misses its target"


def add_check(parser: argparse.ArgumentParser) -> None:
    """The ``--check`` switch every benchmark script takes."""
    parser.add_argument("--check", action="store_true", help=CHECK_HELP)


def judge(figure: str, ok: bool) -> str:
    """``figure`` with ``ok`` or ``MISSED`` appended; a miss is remembered for ``finish``."""
    if not ok:
        _missed.append(figure)
    return f"{figure}: {'ok' if ok else 'MISSED'}"


@contextmanager
def for_comparison() -> Iterator[None]:
    """Figures judged inside are printed with their verdicts but are not misses: a run kept
    only to compare with (the way things were before a fix)."""
    judged = len(_missed)
    try:
        yield
    finally:
        del _missed[judged:]


def finish(*, check: bool) -> None:
    """Name the missed targets, if any (after every figure has been printed); with ``check``,
    exit 1 when one was missed."""
    if _missed:
        print(f"{len(_missed)} target(s) missed:", *_missed, sep="\n  ", file=sys.stderr)
        if check:
            sys.exit(1)
