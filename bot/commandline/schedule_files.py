"""``ostbot check`` and ``ostbot import``: schedule files in, store updated all or nothing."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from bot.commandline.aside import run_aside
from bot.commandline.parse_aside import parse_on_two_cores
from bot.commandline.stores import open_for_reading, open_for_writing, write_failed
from bot.domain import Schedule, ScheduleError
from bot.domain.text import printable
from bot.schedules import SourceFile, locate, parse_files, read_files
from bot.store import STORE_FAILURES, check_for_writing

if TYPE_CHECKING:
    from bot.store import ImportReport, Store

T = TypeVar("T")

# Ids listed per drama in the import summary; past this a count says the rest.
LISTED_IDS = 10


def check(args: argparse.Namespace) -> int:
    schedules = parse_on_two_cores(read_files(args.paths))  # load_paths, on two cores
    releases = sum(len(s.releases) for s in schedules)
    cut = _warn_cuts(schedules)
    note = f", {cut} cut to fit Discord (see the warnings)" if cut else ""
    print(f"ok: {len(schedules)} file(s), {releases} release(s){note}")
    return 0


def cut_warnings(schedule: Schedule) -> dict[int, list[str]]:
    """``FILE:LINE: release[i].FIELD: warning: ...`` for each field a post of release ``i`` had
    to cut to fit Discord's limits (the posts are still sent, cut), by release index."""
    # Imported here: the renderer (and Babel behind it) is only needed where the posts are
    # rendered, which for ``ostbot import`` is the child beside the store's write.
    from bot.render.cuts import release_cuts
    from bot.schedules.lines import LineIndex

    lines: LineIndex | None = None
    warnings: dict[int, list[str]] = {}
    for index, release in enumerate(schedule.releases):
        for cut in release_cuts(schedule.drama, release):
            if lines is None:
                lines = LineIndex(_text(schedule.source))
            line = lines.line(("release", index, *cut.field.split(".")))
            label = f"release[{index}].{cut.field}"
            message = f"warning: cut to fit Discord's limits: {cut.what}"
            where = printable(schedule.source)
            warnings.setdefault(index, []).append(f"{where}:{line}: {label}: {message}")
    return warnings


def _warn_cuts(schedules: list[Schedule]) -> int:
    """Print the cut warnings of every schedule on stderr; returns how many releases had cuts."""
    releases = 0
    for schedule in schedules:
        warnings = cut_warnings(schedule)
        _print_warnings([line for lines in warnings.values() for line in lines])
        releases += len(warnings)
    return releases


def _all_cut_warnings(schedules: list[Schedule]) -> list[str]:
    return [line for s in schedules for lines in cut_warnings(s).values() for line in lines]


def _print_warnings(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _text(path: str) -> str:
    try:
        return Path(path).read_text("utf-8", errors="replace")
    except OSError:
        return ""  # every line is then reported as line 1; the warning itself still stands


def import_(args: argparse.Namespace) -> int:
    # A one-shot command that makes tens of thousands of objects and frees almost none until
    # it ends: the cyclic collector would only walk that growing heap again and again (~5% of
    # parsing, measured). Reference counting still frees everything that is not a cycle.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import(args)
    finally:
        if collecting:
            gc.enable()


def _import(args: argparse.Namespace) -> int:
    check_for_writing(args.db)  # a wrong --db is one line before any file is read
    files = read_files(args.paths)
    known = _run(_known_digests(args.db)) if _has_content(args.db) else {}
    # A file byte-identical to one already imported holds nothing new: skip its parsing, which
    # is most of the cost of re-importing a large schedule set.
    same = {file.path: known[file.digest] for file in files if file.digest in known}
    fresh = [file for file in files if file.path not in same]
    schedules = parse_on_two_cores(fresh, taken={drama: path for path, drama in same.items()})
    # Rendering every post to find the cuts takes about as long as the store's write: both at
    # once, on two cores (see bot.commandline.aside). The warnings still come first, and also
    # when the import fails.
    warnings = run_aside(lambda: _all_cut_warnings(schedules)) if schedules else list
    try:
        report = _run(_import_into(args.db, schedules)) if schedules else _empty_report()
    except ScheduleError as error:  # the store's own refusals: point them at their lines too
        raise locate(error, fresh) from None
    finally:
        _print_warnings(warnings())
    print(describe_import(report, same))
    return 0


async def import_into(
    store: Store, files: list[SourceFile], *, now: datetime
) -> tuple[ImportReport, dict[str, str]]:
    """Import ``files`` (from ``read_files``) into an open store (``ostbot run`` at start-up):
    the report, and the files skipped as byte-identical to their last import. Raises
    ``ScheduleError``."""
    known = await store.releases.imported_digests()
    same = {file.path: known[file.digest] for file in files if file.digest in known}
    fresh = [file for file in files if file.path not in same]
    schedules = parse_files(fresh, taken={drama: path for path, drama in same.items()})
    try:
        report = (
            await store.releases.import_schedules(schedules, now=now)
            if schedules
            else _empty_report()
        )
    except ScheduleError as error:  # the store's own refusals: point them at their lines too
        raise locate(error, fresh) from None
    return report, same


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    # asyncio and the store's types are imported when the store is first used: on a first
    # import that is after the files are parsed, once the parse's child is forked
    # (bot.commandline.parse_aside), instead of before, while the other core waits.
    import asyncio

    return asyncio.run(coroutine)


def _empty_report() -> ImportReport:
    from bot.store import ImportReport

    return ImportReport()


def _has_content(db: str) -> bool:
    path = Path(db)
    return path.exists() and path.stat().st_size > 0


async def _known_digests(db: str) -> dict[str, str]:
    # Read-only: an import whose files are all invalid must not create or migrate anything.
    async with await open_for_reading(db) as store:
        return await store.releases.imported_digests()


async def _import_into(db: str, schedules: list[Schedule]) -> ImportReport:
    try:
        async with await open_for_writing(db) as store:
            return await store.releases.import_schedules(schedules, now=datetime.now(UTC))
    except STORE_FAILURES as error:
        raise write_failed(db, error) from None


def describe_import(report: ImportReport, same: dict[str, str]) -> str:
    lines = [
        f"{printable(path)} → {drama}: unchanged since the last import"
        for path, drama in same.items()
    ]
    for drama in report.dramas:
        counts = (
            f"{len(drama.added)} added, {len(drama.changed)} changed, "
            f"{len(drama.unchanged)} unchanged"
        )
        lines.append(f"{printable(drama.source)} → {drama.drama_id}: {counts}")
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
