"""``ostbot upcoming`` and ``ostbot preview``: read the store, never create it."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.commandline.stores import open_for_reading
from bot.domain import Drama, OstbotError, Release


def upcoming(args: argparse.Namespace) -> int:
    zone = _zone(args.tz)
    if args.json:
        print(f"[{','.join(asyncio.run(_read_documents(args)))}]")
    else:
        print(_table(asyncio.run(_read_upcoming(args)), zone))
    return 0


async def _read_upcoming(args: argparse.Namespace) -> list[Release]:
    async with await open_for_reading(args.db) as store:
        return await store.upcoming(**_window(args))


async def _read_documents(args: argparse.Namespace) -> list[str]:
    async with await open_for_reading(args.db) as store:
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


def preview(args: argparse.Namespace) -> int:
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
        drama, release = asyncio.run(_from_store(args.db, drama_id, release_id))
    print(post_as_text(render_post({drama.id: drama}, [release])))
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
        details = await store.get_release(drama_id, release_id)
    return details.drama, details.release
