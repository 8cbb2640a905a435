"""A parsed schedule document → a ``Schedule``, or every problem with it.

The rules are those of the schedule format (docs/SCHEDULE_FORMAT.md): required fields, slugs,
https-only links, length limits, exactly one of ``at``/``date`` or neither, unique ids and parts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from bot.domain import Credit, Drama, Link, Release, ReleaseTime, Schedule, Status, resolve_time
from bot.domain.limits import MAX_NAME, MAX_NOTES, MAX_SYNOPSIS
from bot.domain.text import refusal
from bot.domain.timing import DEFAULT_TIMEZONE, HOST_ZONES, InvalidTime, zone_names
from bot.schedules.fields import Fields, Report, describe, quote, short, suggestion

DRAMA_KEYS = ("id", "title", "title_native", "year", "cast", "synopsis", "timezone", "sources")
RELEASE_KEYS = (
    *("id", "part", "title", "artists", "at", "date", "mv"),
    *("links", "credits", "genre", "notes", "status"),
)
MAX_RELEASES = 500
STATUSES = [status.value for status in Status]


def validate_document(doc: dict[str, Any], report: Report) -> Schedule | None:
    """Check one whole document; None when ``report`` has gained any problem."""
    top = Fields(doc, "", (), report)
    for key in doc:
        if key not in ("drama", "release"):
            harm = refusal(key)
            hint = f"; it {harm}" if harm else suggestion(key, ["drama", "release"])
            report.add((key,), short(key), f"unknown key{hint}")
    drama = _drama(doc.get("drama"), report)
    releases = _releases(doc.get("release", []), drama, top)
    if report.problems or drama is None or releases is None:
        return None
    return Schedule(source=report.file, drama=drama, releases=releases)


def _drama(table: Any, report: Report) -> Drama | None:
    if not isinstance(table, dict):
        what = "is missing" if table is None else f"must be a table, not {describe(table)}"
        report.add(("drama",), "drama", f"{what}: start the file with a [drama] table")
        return None
    fields = Fields(table, "drama", ("drama",), report)
    fields.reject_unknown(DRAMA_KEYS)
    # Every field is read, in order, before any is judged: the report names all the problems.
    drama_id = fields.slug("id")
    title = fields.text("title", required=True)
    title_native = fields.text("title_native")
    year = fields.integer("year", low=1900, high=2100)
    cast = fields.names("cast") or ()
    synopsis = fields.text("synopsis", limit=MAX_SYNOPSIS, newlines=True)
    timezone = _timezone(fields)
    sources = fields.urls("sources") or ()
    if drama_id is None or title is None or timezone is None:
        return None
    return Drama(
        id=drama_id,
        title=title,
        title_native=title_native,
        year=year,
        cast=cast,
        synopsis=synopsis,
        timezone=timezone,
        sources=sources,
    )


def _timezone(fields: Fields) -> str | None:
    name = fields.text("timezone", limit=MAX_NAME)
    if "timezone" not in fields.table:
        return DEFAULT_TIMEZONE
    if name is None:
        return None
    if name in HOST_ZONES:
        fields.problem(
            "timezone",
            f"{quote(name)} depends on the machine ostbot runs on; name the drama's zone, "
            'such as "Asia/Seoul"',
        )
        return None
    if name not in zone_names():
        hint = suggestion(name, zone_names())
        fields.problem("timezone", f"{quote(name)} is not an IANA time zone name{hint}")
        return None
    return name


def _releases(value: Any, drama: Drama | None, top: Fields) -> tuple[Release, ...] | None:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        top.problem("release", "must be an array of tables: write each one as [[release]]")
        return None
    if len(value) > MAX_RELEASES:
        top.problem("release", f"has {len(value)} releases; the limit is {MAX_RELEASES}")
        return None
    timezone = drama.timezone if drama else _raw_zone(top.table.get("drama"))
    drama_id = drama.id if drama else ""
    fields = [Fields(t, f"release[{i}]", ("release", i), top.report) for i, t in enumerate(value)]
    releases = [_release(f, drama_id, timezone) for f in fields]
    _check_unique(fields, "id")
    _check_unique(fields, "part")
    if None in releases:
        return None
    return tuple(r for r in releases if r is not None)


def _raw_zone(table: Any) -> str | None:
    """The drama's zone when the drama itself was refused: None when the zone is no good."""
    name = table.get("timezone", DEFAULT_TIMEZONE) if isinstance(table, dict) else DEFAULT_TIMEZONE
    return name if isinstance(name, str) and name in zone_names() else None


def _release(fields: Fields, drama_id: str, timezone: str | None) -> Release | None:
    fields.reject_unknown(RELEASE_KEYS)
    # Every field is read, in order, before any is judged: the report names all the problems.
    release_id = fields.slug("id")
    part = fields.integer("part", low=1, high=999)
    title = fields.text("title")
    artists = fields.names("artists", required=True)
    mv = _optional_url(fields, "mv")
    links = _links(fields)
    credits = _credits(fields)
    genre = fields.text("genre", limit=MAX_NAME)
    notes = fields.text("notes", limit=MAX_NOTES, newlines=True)
    status = fields.choice("status", STATUSES, Status.SCHEDULED.value)
    resolved = _resolve(fields, timezone)
    if (
        resolved is None
        or release_id is None
        or artists is None
        or links is None
        or credits is None
        or status is None
        or fields.report.problems
    ):
        return None
    return Release(
        drama_id=drama_id,
        id=release_id,
        artists=artists,
        part=part,
        title=title,
        at=resolved.at,
        time_confirmed=resolved.confirmed,
        mv=mv,
        links=links,
        credits=credits,
        notes=notes,
        status=Status(status),
        genre=genre,
    )


def _optional_url(fields: Fields, key: str) -> str | None:
    value = fields.get(key)
    return None if value is None else fields.url(key, value)


def _links(fields: Fields) -> tuple[Link, ...] | None:
    items = fields.mapping("links", lambda name, v: fields.url("links", v, name), kind="links")
    if items is None:
        return None if "links" in fields.table else ()
    return tuple(Link(service, url) for service, url in items)


def _credits(fields: Fields) -> tuple[Credit, ...] | None:
    def read(role: str, names: Any) -> tuple[str, ...] | None:
        return fields.check_names("credits", names, role, required=True)

    items = fields.mapping("credits", read, kind="roles and names")
    if items is None:
        return None if "credits" in fields.table else ()
    return tuple(Credit(role, names) for role, names in items)


def _resolve(fields: Fields, timezone: str | None) -> ReleaseTime | None:
    """The release's instant by the rules of ``bot.domain.timing``; None after a problem.

    With no valid zone (its own problem is already reported) a local time cannot be checked.
    """
    when = _when(fields)
    if when is False:
        return None
    key = "date" if "at" not in fields.table else "at"
    if timezone is None and not (isinstance(when, datetime) and when.tzinfo is not None):
        return None
    try:
        return resolve_time(when, timezone or DEFAULT_TIMEZONE)
    except InvalidTime as error:
        fields.problem(key, str(error))
        return None


def _when(fields: Fields) -> datetime | date | Literal[False] | None:
    """The release's ``at`` or ``date`` value; False after a problem was recorded."""
    at, day = fields.table.get("at"), fields.table.get("date")
    if at is not None and day is not None:
        fields.problem("date", "give either at or date, not both")
        return False
    if at is not None:
        return _read_at(fields, at)
    if day is not None:
        return _read_date(fields, day)
    return None


def _read_at(fields: Fields, value: Any) -> datetime | Literal[False]:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            fields.problem("at", f"{quote(value)} is not a valid date-time")
            return False
    if not isinstance(value, datetime):
        fix = " (for a date alone, write date = ...)" if isinstance(value, date) else ""
        fields.problem("at", f"must be a date-time, not {describe(value)}{fix}")
        return False
    return value


def _read_date(fields: Fields, value: Any) -> date | Literal[False]:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            fields.problem("date", f"{quote(value)} is not a valid date")
            return False
    if isinstance(value, datetime) or not isinstance(value, date):
        fix = " (for a time, write at = ...)" if isinstance(value, datetime) else ""
        fields.problem("date", f"must be a date, not {describe(value)}{fix}")
        return False
    return value


def _check_unique(releases: list[Fields], key: str) -> None:
    seen: dict[Any, str] = {}
    for fields in releases:
        value = fields.table.get(key)
        if value is None or isinstance(value, list | dict):
            continue
        if value in seen:
            fields.problem(key, f"{quote(value)} is already used by {seen[value]}")
        else:
            seen[value] = fields.name
