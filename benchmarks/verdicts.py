"""Targets a benchmark checks: each figure printed with its verdict, exit status 1 on any miss."""

from __future__ import annotations

import sys

_missed: list[str] = []


def judge(figure: str, ok: bool) -> str:
    """``figure`` with ``ok`` or ``MISSED`` appended; a miss is remembered for ``finish``."""
    if not ok:
        _missed.append(figure)
    return f"{figure}: {'ok' if ok else 'MISSED'}"


def finish() -> None:
    """Exit 1 naming the missed targets, if any (after every figure has been printed)."""
    if _missed:
        print(f"{len(_missed)} target(s) missed:", *_missed, sep="\n  ", file=sys.stderr)
        sys.exit(1)
