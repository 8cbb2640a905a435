"""Dramas and their OST releases, as immutable values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.timing import DEFAULT_TIMEZONE


class Status(StrEnum):
    SCHEDULED = "scheduled"
    POSTPONED = "postponed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Link:
    """A streaming or shop link; ``service`` is the schedule's key (``melon``, ``spotify``...)."""

    service: str
    url: str


@dataclass(frozen=True, slots=True)
class Credit:
    """Who did what on a track: ``role`` (producer, lyrics...) and the people credited."""

    role: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Drama:
    id: str
    title: str
    title_native: str | None = None
    year: int | None = None
    cast: tuple[str, ...] = ()
    synopsis: str | None = None
    timezone: str = DEFAULT_TIMEZONE
    sources: tuple[str, ...] = ()

    @property
    def zone(self) -> ZoneInfo:
        """The drama's zone, for showing times; UTC when this machine does not know the name
        (a store written where the tz database differs): a listing must not crash on it."""
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "title_native": self.title_native,
            "year": self.year,
            "cast": list(self.cast),
            "synopsis": self.synopsis,
            "timezone": self.timezone,
            "sources": list(self.sources),
        }


@dataclass(frozen=True, slots=True)
class Release:
    """One OST drop. ``at`` is an aware UTC instant, or None while the date is TBA."""

    drama_id: str
    id: str
    artists: tuple[str, ...]
    part: int | None = None
    title: str | None = None
    at: datetime | None = None
    time_confirmed: bool = False
    mv: str | None = None
    links: tuple[Link, ...] = ()
    credits: tuple[Credit, ...] = ()
    notes: str | None = None
    status: Status = Status.SCHEDULED
    genre: str | None = None  # as the curator's source names it: "ballad", "R&B"...

    def __post_init__(self) -> None:
        if self.at is not None and self.at.tzinfo is None:
            raise ValueError("Release.at must be timezone-aware")

    @property
    def key(self) -> str:
        """The release's global name, ``drama/release``, as typed in commands."""
        return f"{self.drama_id}/{self.id}"

    @property
    def is_tba(self) -> bool:
        return self.at is None

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view: the shape of ``ostbot upcoming --json`` and of change records."""
        return {
            "drama": self.drama_id,
            "id": self.id,
            "part": self.part,
            "title": self.title,
            "artists": list(self.artists),
            "at": self.at.astimezone(UTC).isoformat() if self.at else None,
            "time_confirmed": self.time_confirmed,
            "mv": self.mv,
            "links": {link.service: link.url for link in self.links},
            "credits": {credit.role: list(credit.names) for credit in self.credits},
            "genre": self.genre,
            "notes": self.notes,
            "status": str(self.status),
        }

    def changed_fields(self, other: Release) -> list[str]:
        """Names of the fields that differ between this release and ``other``, in a fixed order."""
        mine, theirs = self.as_dict(), other.as_dict()
        return [name for name in mine if mine[name] != theirs[name]]
