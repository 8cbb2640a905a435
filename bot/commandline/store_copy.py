"""``ostbot store copy SRC DEST``: move a store to another engine or place, losing nothing.

SRC and DEST are each a SQLite file or a ``postgresql://`` URL. DEST must be empty (a missing
file is created; a PostgreSQL database must exist, empty or holding an empty ostbot store). The
copy itself is ``bot.store.copy``; this prints what it copied, table by table.
"""

from __future__ import annotations

import argparse
import asyncio
import time

from bot.domain.text import printable
from bot.store import STORE_FAILURES, StoreError, masked, parse_target
from bot.store.copy import CopyReport, copy_store


def copy(args: argparse.Namespace) -> int:
    started = time.monotonic()
    try:
        report = asyncio.run(copy_store(parse_target(args.source), parse_target(args.destination)))
    except STORE_FAILURES as error:
        # The destination's transaction was rolled back: it holds what it held before.
        raise StoreError(
            f"ostbot store copy: failed, nothing copied into {masked(args.destination)}: {error}"
        ) from None
    print(printable(describe(report, time.monotonic() - started), newlines=True))
    return 0


def describe(report: CopyReport, seconds: float) -> str:
    """The summary line, then each table's rows (counted in both stores: the same)."""
    width = max(len(name) for name, _ in report.counts)
    lines = [
        f"copied {report.rows:,} row(s) from {report.source} to {report.destination} in "
        f"{seconds:.1f} s; rows per table, counted in both stores:",
        *(f"  {name:<{width}}  {count:>11,}" for name, count in report.counts),
    ]
    return "\n".join(lines)
