"""``ostbot check`` and ``ostbot import``: schedule files in, store updated all or nothing."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.domain import Schedule
from bot.render.cuts import release_cuts
from bot.schedules import load_paths, parse_files, read_files
from bot.schedules.lines import LineIndex
from bot.store import ImportReport, Store

# Ids listed per drama in the import summary; past this a count says the rest.
LISTED_IDS = 10


def check(args: argparse.Namespace) -> int:
    schedules = load_paths(args.paths)
    releases = sum(len(s.releases) for s in schedules)
    cut = _warn_cuts(schedules)
    note = f", {cut} cut to fit Discord (see the warnings)" if cut else ""
    print(f"ok: {len(schedules)} file(s), {releases} release(s){note}")
    return 0


def cut_warnings(schedule: Schedule) -> dict[int, list[str]]:
    """``FILE:LINE: release[i].FIELD: warning: ...`` for each field a post of release ``i`` had
    to cut to fit Discord's limits (the posts are still sent, cut), by release index."""
    lines: LineIndex | None = None
    warnings: dict[int, list[str]] = {}
    for index, release in enumerate(schedule.releases):
        for cut in release_cuts(schedule.drama, release):
            if lines is None:
                lines = LineIndex(_text(schedule.source))
            line = lines.line(("release", index, *cut.field.split(".")))
            label = f"release[{index}].{cut.field}"
            message = f"warning: cut to fit Discord's limits: {cut.what}"
            warnings.setdefault(index, []).append(f"{schedule.source}:{line}: {label}: {message}")
    return warnings


def _warn_cuts(schedules: list[Schedule]) -> int:
    """Print the cut warnings of every schedule on stderr; returns how many releases had cuts."""
    releases = 0
    for schedule in schedules:
        warnings = cut_warnings(schedule)
        for lines in warnings.values():
            for warning in lines:
                print(warning, file=sys.stderr)
        releases += len(warnings)
    return releases


def _text(path: str) -> str:
    try:
        return Path(path).read_text("utf-8", errors="replace")
    except OSError:
        return ""  # every line is then reported as line 1; the warning itself still stands


def import_(args: argparse.Namespace) -> int:
    files = read_files(args.paths)
    known = asyncio.run(_known_digests(args.db)) if Path(args.db).exists() else {}
    # A file byte-identical to one already imported holds nothing new: skip its parsing, which
    # is most of the cost of re-importing a large schedule set.
    same = {file.path: known[file.digest] for file in files if file.digest in known}
    fresh = [file for file in files if file.path not in same]
    schedules = parse_files(fresh, taken={drama: path for path, drama in same.items()})
    _warn_cuts(schedules)
    report = asyncio.run(_import_into(args.db, schedules)) if schedules else ImportReport()
    print(_describe_import(report, same))
    return 0


async def _known_digests(db: str) -> dict[str, str]:
    async with await Store.open(db) as store:
        return await store.imported_digests()


async def _import_into(db: str, schedules: list[Schedule]) -> ImportReport:
    async with await Store.open(db) as store:
        return await store.import_schedules(schedules, now=datetime.now(UTC))


def _describe_import(report: ImportReport, same: dict[str, str]) -> str:
    lines = [f"{path} → {drama}: unchanged since the last import" for path, drama in same.items()]
    for drama in report.dramas:
        counts = (
            f"{len(drama.added)} added, {len(drama.changed)} changed, "
            f"{len(drama.unchanged)} unchanged"
        )
        lines.append(f"{drama.source} → {drama.drama_id}: {counts}")
        if drama.added:
            lines.append(f"  added: {_ids(drama.added)}")
        for release_id, fields in drama.changed.items():
            lines.append(f"  changed: {release_id} ({', '.join(fields)})")
        if drama.disappeared:
            lines.append(
                f'  no longer in the file (kept; retire with status = "cancelled"): '
                f"{_ids(drama.disappeared)}"
            )
    if not report.wrote_anything:
        lines.append("nothing changed")
    return "\n".join(lines)


def _ids(ids: list[str]) -> str:
    shown = ", ".join(ids[:LISTED_IDS])
    return shown if len(ids) <= LISTED_IDS else f"{shown} and {len(ids) - LISTED_IDS} more"
