"""``ostbot upcoming`` and ``ostbot preview``: read the store, never create it.

Everything printed goes through ``printable``/``json_printable_bytes``: a store written by an older
ostbot (or by hand) may hold control characters or bidirectional overrides, and those must not
reach a terminal raw. A stored instant a zone cannot show (year 9999 seen from UTC+14) is shown
in UTC rather than crash the listing.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commandline.stores import open_for_reading
from bot.domain import Drama, OstbotError, Release
from bot.domain.text import json_printable_bytes, printable
from bot.store import quick_upcoming_json
from bot.store_targets import masked


def upcoming(args: argparse.Namespace) -> int:
    zone = _zone(args.tz)
    if args.json:
        # The common case (a current SQLite store) read without asyncio.
        listing = quick_upcoming_json(args.db, **_window(args))
        if listing is not None:
            _print_listing(listing, args)
            return 0
    # Imported here: the quick listing above never needs it (~15 ms of start-up).
    import asyncio

    if args.json:
        asyncio.run(_print_json(args))
    else:
        print(_table(asyncio.run(_read_upcoming(args)), zone))
    return 0


async def _print_json(args: argparse.Namespace) -> None:
    """Read the stored JSON list and print it (``_print_listing``) through the store.

    Printed here rather than returned: ``asyncio.run`` puts the main task in its SIGINT
    handler, and restoring the handler formats that task's repr, result included (0.15 s for
    100,000 rows, measured).
    """
    async with await open_for_reading(args.db) as store:
        listing = await store.releases.upcoming_json(**_window(args))
    _print_listing(listing, args)


def _print_listing(listing: bytes, args: argparse.Namespace) -> None:
    """Print the stored JSON list as bytes: decoding and encoding again 30 MB (100,000 rows)
    would cost more than reading them; the bytes are those ``print(json_printable(...))``
    gives."""
    try:
        printable_listing = json_printable_bytes(listing)
    except UnicodeDecodeError:
        raise OstbotError(f"{masked(args.db)}: a stored release is not valid UTF-8") from None
    stdout = sys.stdout
    if (stdout.encoding or "").lower().replace("-", "") != "utf8" or not hasattr(stdout, "buffer"):
        print(printable_listing.decode())  # another encoding (PYTHONIOENCODING): as before
        return
    stdout.flush()  # whatever went to the text layer first comes first
    # Two writes: appending the newline first would copy the whole listing once more.
    stdout.buffer.write(printable_listing)
    stdout.buffer.write(b"\n")
    stdout.buffer.flush()


async def _read_upcoming(args: argparse.Namespace) -> list[Release]:
    async with await open_for_reading(args.db) as store:
        return await store.releases.upcoming(**_window(args))


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
        raise OstbotError(f"--tz: {printable(repr(name))} is not an IANA time zone name") from None


def _table(releases: list[Release], zone: ZoneInfo) -> str:
    if not releases:
        return "no releases"
    rows = []
    unconfirmed = False
    for release in releases:
        if release.at is None:
            when = "TBA"
        else:
            when = _when(release.at, zone)
            if not release.time_confirmed:
                when += "*"
                unconfirmed = True
        part = f"Part {release.part} " if release.part else ""
        title = f'"{release.title}" ' if release.title else ""
        status = f" [{release.status}]" if release.status != "scheduled" else ""
        what = f"{part}{title}— {', '.join(release.artists)}{status}"
        rows.append((when, printable(release.key), printable(what)))
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    lines = [f"{w:<{widths[0]}}  {k:<{widths[1]}}  {what}" for w, k, what in rows]
    if unconfirmed:
        lines.append("* time unconfirmed: the date is known, the hour is the customary 18:00 KST")
    return "\n".join(lines)


def _when(at: datetime, zone: ZoneInfo) -> str:
    try:
        local = at.astimezone(zone)
    except (OverflowError, ValueError):  # past year 9999 in that zone
        local = at.astimezone(UTC)
    # strftime's %Y drops the zeros of a year before 1000 on some platforms.
    return f"{local.year:04d}-{local:%m-%d %H:%M %Z}"


def preview(args: argparse.Namespace) -> int:
    try:
        return _preview(args)
    except OstbotError as error:  # its message may quote what was typed or stored
        raise type(error)(printable(str(error))) from None


def _preview(args: argparse.Namespace) -> int:
    drama_id, _, release_id = args.release.partition("/")
    if not drama_id or not release_id:
        raise OstbotError(
            f"{args.release!r}: name a release as DRAMA/RELEASE, e.g. soundtrack-1/part-1"
        )
    # Imported here: rendering and schedule parsing are only needed by this command.
    from bot.render import post_as_text, render_post

    if args.sources:
        drama, release = _from_files(args.sources, drama_id, release_id)
    else:
        import asyncio

        drama, release = asyncio.run(_from_store(args.db, drama_id, release_id))
    print(printable(post_as_text(render_post({drama.id: drama}, [release])), newlines=True))
    return 0


def _from_files(paths: list[str], drama_id: str, release_id: str) -> tuple[Drama, Release]:
    from bot.schedules import load_paths

    for schedule in load_paths(paths):
        if schedule.drama.id != drama_id:
            continue
        for release in schedule.releases:
            if release.id == release_id:
                return schedule.drama, release
    raise OstbotError(f"{drama_id}/{release_id}: no such release in {', '.join(paths)}")


async def _from_store(db: str, drama_id: str, release_id: str) -> tuple[Drama, Release]:
    async with await open_for_reading(db) as store:
        details = await store.releases.details(drama_id, release_id)
    return details.drama, details.release
