"""``ostbot calendar``: the upcoming curated releases as an iCalendar file, to a file or stdout.

The same bytes as ``/ost calendar`` (curated releases only, as every command here). Reads the
store, never creates it; imports no discord.py.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commandline.stores import open_for_reading
from bot.domain import OstbotError
from bot.services.calendar import CalendarExport, export_calendar

STDOUT = "-"


def calendar(args: argparse.Namespace) -> int:
    export = asyncio.run(_export(args))
    if args.out in (None, STDOUT):
        sys.stdout.buffer.write(export.ics)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(args.out).write_bytes(export.ics)
        except OSError as error:
            raise OstbotError(f"--out: cannot write {args.out}: {error.strerror}") from None
    # The summary goes to stderr so that stdout stays a valid .ics.
    print(_summary(export, args.out), file=sys.stderr)
    return 0


async def _export(args: argparse.Namespace) -> CalendarExport:
    async with await open_for_reading(args.db) as store:
        return await export_calendar(
            store,
            now=args.now or datetime.now(UTC),
            guild_id=None,
            drama=args.drama,
            artist=args.artist,
        )


def _summary(export: CalendarExport, out: str | None) -> str:
    where = "" if out in (None, STDOUT) else f" to {out}"
    text = f"wrote {export.events} event(s){where}"
    if export.tba:
        text += f"; {export.tba} release(s) with no date yet (TBA) left out"
    return text
