"""The ``ostbot`` command line: check, import, list and preview schedules; run the bot.

Every command that touches the store takes ``--db`` (default: ``$OSTBOT_DB``, else
``./ostbot.sqlite3``). Exit status: 0 success, 1 rejected input or a failed command, 2 usage.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Drama, OstbotError, Release, Schedule
from bot.render import post_as_text, render_post
from bot.schedules import load_paths, parse_files, read_files
from bot.store import ImportReport, Store

DEFAULT_DB = "ostbot.sqlite3"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except OstbotError as error:
        print(error, file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ostbot", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate schedule files; writes nothing")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of *.toml")
    check.set_defaults(handler=_check)

    imp = commands.add_parser("import", help="validate, then import schedules into the store")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of *.toml")
    _add_db(imp)
    imp.set_defaults(handler=_import)

    upcoming = commands.add_parser("upcoming", help="list releases from now on, TBA last")
    upcoming.add_argument("--drama", metavar="ID", help="only this drama")
    upcoming.add_argument("--artist", metavar="NAME", help="only releases by this artist")
    upcoming.add_argument("--all", action="store_true", help="include past releases")
    upcoming.add_argument("--json", action="store_true", help="print a JSON list")
    upcoming.add_argument("--tz", default="Asia/Seoul", help="zone for times (default KST)")
    upcoming.add_argument("--now", type=_instant, help=argparse.SUPPRESS)  # for tests
    _add_db(upcoming)
    upcoming.set_defaults(handler=_upcoming)

    preview = commands.add_parser("preview", help="show a release's announcement as posted")
    preview.add_argument("release", metavar="DRAMA/RELEASE")
    preview.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        metavar="PATH",
        help="read schedule files, not the store",
    )
    _add_db(preview)
    preview.set_defaults(handler=_preview)

    run = commands.add_parser("run", help="run the Discord bot")
    run.set_defaults(handler=_run)
    return parser


def _add_db(parser: argparse.ArgumentParser) -> None:
    default = os.environ.get("OSTBOT_DB") or DEFAULT_DB
    parser.add_argument("--db", default=default, help=f"SQLite store (default: {default})")


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _check(args: argparse.Namespace) -> int:
    schedules = load_paths(args.paths)
    releases = sum(len(s.releases) for s in schedules)
    print(f"ok: {len(schedules)} file(s), {releases} release(s)")
    return 0


def _import(args: argparse.Namespace) -> int:
    files = read_files(args.paths)
    known = asyncio.run(_known_digests(args.db)) if Path(args.db).exists() else {}
    # A file byte-identical to one already imported holds nothing new: skip its parsing, which
    # is most of the cost of re-importing a large schedule set.
    same = {file.path: known[file.digest] for file in files if file.digest in known}
    fresh = [file for file in files if file.path not in same]
    schedules = parse_files(fresh, taken={drama: path for path, drama in same.items()})
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
            lines.append(f"  added: {', '.join(drama.added)}")
        for release_id, fields in drama.changed.items():
            lines.append(f"  changed: {release_id} ({', '.join(fields)})")
        if drama.disappeared:
            lines.append(
                f'  no longer in the file (kept; retire with status = "cancelled"): '
                f"{', '.join(drama.disappeared)}"
            )
    if not report.wrote_anything:
        lines.append("nothing changed")
    return "\n".join(lines)


def _upcoming(args: argparse.Namespace) -> int:
    zone = _zone(args.tz)
    _require_store(args.db)
    if args.json:
        print(f"[{','.join(asyncio.run(_read_documents(args)))}]")
    else:
        print(_table(asyncio.run(_read_upcoming(args)), zone))
    return 0


async def _read_upcoming(args: argparse.Namespace) -> list[Release]:
    async with await Store.open(args.db) as store:
        return await store.upcoming(**_window(args))


async def _read_documents(args: argparse.Namespace) -> list[str]:
    async with await Store.open(args.db) as store:
        return await store.upcoming_documents(**_window(args))


def _window(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "now": args.now or datetime.now(UTC),
        "drama": args.drama,
        "artist": args.artist,
        "include_past": args.all,
    }


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise OstbotError(f"--tz: {name!r} is not an IANA time zone name") from None


def _table(releases: list[Release], zone: ZoneInfo) -> str:
    if not releases:
        return "no releases"
    rows = []
    unconfirmed = False
    for release in releases:
        if release.at is None:
            when = "TBA"
        else:
            when = release.at.astimezone(zone).strftime("%Y-%m-%d %H:%M %Z")
            if not release.time_confirmed:
                when += "*"
                unconfirmed = True
        part = f"Part {release.part} " if release.part else ""
        title = f'"{release.title}" ' if release.title else ""
        status = f" [{release.status}]" if release.status != "scheduled" else ""
        rows.append((when, release.key, f"{part}{title}— {', '.join(release.artists)}{status}"))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{w:<{widths[0]}}  {k:<{widths[1]}}  {what}" for w, k, what in rows]
    if unconfirmed:
        lines.append("* time unconfirmed: the date is known, the hour is the customary 18:00 KST")
    return "\n".join(lines)


def _preview(args: argparse.Namespace) -> int:
    drama_id, _, release_id = args.release.partition("/")
    if not drama_id or not release_id:
        raise OstbotError(
            f"{args.release!r}: name a release as DRAMA/RELEASE, e.g. soundtrack-1/part-1"
        )
    if args.sources:
        drama, release = _from_files(args.sources, drama_id, release_id)
    else:
        _require_store(args.db)
        drama, release = asyncio.run(_from_store(args.db, drama_id, release_id))
    print(post_as_text(render_post({drama.id: drama}, [release])))
    return 0


def _from_files(paths: list[str], drama_id: str, release_id: str) -> tuple[Drama, Release]:
    for schedule in load_paths(paths):
        if schedule.drama.id != drama_id:
            continue
        for release in schedule.releases:
            if release.id == release_id:
                return schedule.drama, release
    raise OstbotError(f"{drama_id}/{release_id}: no such release in {', '.join(paths)}")


async def _from_store(db: str, drama_id: str, release_id: str) -> tuple[Drama, Release]:
    async with await Store.open(db) as store:
        details = await store.get_release(drama_id, release_id)
    return details.drama, details.release


def _require_store(db: str) -> None:
    """Reading commands must not create an empty store by accident."""
    if not Path(db).exists():
        raise OstbotError(f"{db}: no store here yet; run 'ostbot import schedules/' first")


def _run(args: argparse.Namespace) -> int:
    print(
        "ostbot run: the Discord bot is not wired in yet (see the announcer issue)", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
