"""Schedules as plain values (tuples of text, numbers and None), to cross between processes.

``ostbot import`` parses part of its files in a forked child (``bot.commandline.parse_aside``),
which hands its schedules back through a pipe as ``marshal`` bytes of these tuples: quick to
write and to read (pickling the dataclasses took ~4 times longer), and nothing but data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain import Credit, Drama, Link, Release, Schedule, Status

Plain = tuple[Any, ...]

# The fields each tuple holds, in order: tests check these are all of each dataclass's.
DRAMA_ORDER = ("id", "title", "title_native", "year", "cast", "synopsis", "timezone", "sources")
RELEASE_ORDER = ("drama_id", "id", "artists", "part", "title", "at", "time_confirmed", "mv",
                 "links", "credits", "notes", "status", "genre")  # fmt: skip
_STATUSES = {status.value: status for status in Status}


def to_plain(schedule: Schedule) -> Plain | None:
    """``schedule`` as plain values; None if it holds an instant that is not a UTC one to the
    second (the parser makes none: the file is then parsed again where it is needed)."""
    releases = []
    for release in schedule.releases:
        at = release.at
        if at is None:
            instant = None
        elif at.tzinfo is UTC and not at.fold and not at.microsecond:
            instant = (at.year, at.month, at.day, at.hour, at.minute, at.second)
        else:
            return None
        releases.append(
            (
                release.drama_id,
                release.id,
                release.artists,
                release.part,
                release.title,
                instant,
                release.time_confirmed,
                release.mv,
                tuple((link.service, link.url) for link in release.links),
                tuple((credit.role, credit.names) for credit in release.credits),
                release.notes,
                release.status.value,
                release.genre,
            )
        )
    drama = schedule.drama
    return (
        schedule.source,
        schedule.digest,
        (
            drama.id,
            drama.title,
            drama.title_native,
            drama.year,
            drama.cast,
            drama.synopsis,
            drama.timezone,
            drama.sources,
        ),
        tuple(releases),
    )


def from_plain(plain: Plain) -> Schedule:
    """The schedule ``to_plain`` gave ``plain`` for."""
    source, digest, drama, releases = plain
    return Schedule(
        source=source,
        drama=Drama(*drama),
        releases=tuple(
            Release(
                drama_id,
                id_,
                artists,
                part,
                title,
                None if at is None else _instant(at),
                confirmed,
                mv,
                tuple(Link(service, url) for service, url in links),
                tuple(Credit(role, names) for role, names in credits),
                notes,
                _STATUSES[status],
                genre,
            )
            for (
                drama_id,
                id_,
                artists,
                part,
                title,
                at,
                confirmed,
                mv,
                links,
                credits,
                notes,
                status,
                genre,
            ) in releases
        ),
        digest=digest,
    )


def _instant(parts: tuple[int, ...]) -> datetime:
    year, month, day, hour, minute, second = parts
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
