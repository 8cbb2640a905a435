"""What the page templates show, prepared from domain objects: plain values, no markup.

Pure: no store, no aiohttp. Text stays text here; the templates escape it (Jinja2's
autoescape), so a title of ``<script>`` shows as those characters. Times are given twice: as
the UTC instant (``<time datetime>``, which the page's script turns into the reader's own zone
and a countdown) and as text in Korea's zone, which a reader without the script sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from zoneinfo import ZoneInfo

from bot.domain import Drama, Release, Status
from bot.domain.timing import DEFAULT_TIMEZONE
from bot.render.announcement import SERVICE_NAMES, release_name
from bot.render.escape import strip_unsafe
from bot.store.types import ReleaseChange

KST = ZoneInfo(DEFAULT_TIMEZONE)


@dataclass(frozen=True, slots=True)
class When:
    iso: str  # the instant in UTC, as <time datetime> and the script want it
    text: str  # the instant in KST, zone named: what readers without the script see


@dataclass(frozen=True, slots=True)
class LinkView:
    label: str
    url: str
    safe: bool  # http(s) only becomes a link; anything else is shown as text


@dataclass(frozen=True, slots=True)
class ReleaseView:
    key: str
    url: str
    drama_url: str
    drama_title: str
    name: str  # `Drama OST Part 2 "Title"`
    artists: tuple[tuple[str, str], ...]  # (name, the link to the list of their releases)
    when: When | None  # None: TBA
    confirmed: bool
    status: str  # "scheduled", "postponed" or "cancelled"


@dataclass(frozen=True, slots=True)
class HistoryLine:
    recorded: When
    text: str
    before: When | None = None
    after: When | None = None


@lru_cache(maxsize=4096)
def when(instant: datetime) -> When:
    try:
        local = instant.astimezone(KST)
    except (OverflowError, ValueError):  # past year 9999 in Korea: show it in UTC
        local = instant.astimezone(UTC)
    utc = instant.astimezone(UTC)
    # strftime's %Y drops the zeros of a year before 1000 on some platforms.
    return When(
        iso=f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z",
        text=f"{local.year:04d}-{local:%m-%d %H:%M} {local.tzname()}",
    )


def text(value: str) -> str:
    """Schedule text as shown: no control characters or direction overrides."""
    return strip_unsafe(value)


def drama_url(drama_id: str) -> str:
    return f"/dramas/{quote(drama_id, safe='')}"


def release_url(drama_id: str, release_id: str) -> str:
    return f"{drama_url(drama_id)}/{quote(release_id, safe='')}"


def artist_url(artist: str) -> str:
    return f"/?{urlencode({'artist': artist})}"


# The same releases are shown again and again (every reader of ``/`` sees the first page):
# their views are kept rather than built afresh per request. Values are immutable and the
# key is the whole release and drama, so a changed release is simply a new entry.
@lru_cache(maxsize=4096)
def release_view(release: Release, drama: Drama | None) -> ReleaseView:
    """``drama`` None: a drama the store no longer has; its id stands in for the title."""
    title = drama.title if drama else release.drama_id
    return ReleaseView(
        key=text(release.key),
        url=release_url(release.drama_id, release.id),
        drama_url=drama_url(release.drama_id),
        drama_title=text(title),
        name=text(release_name(Drama(id=release.drama_id, title=title), release)),
        artists=tuple((text(artist), artist_url(artist)) for artist in release.artists),
        when=None if release.at is None else when(release.at),
        confirmed=release.time_confirmed,
        status=str(release.status),
    )


def release_views(releases: Sequence[Release], dramas: Mapping[str, Drama]) -> list[ReleaseView]:
    return [release_view(release, dramas.get(release.drama_id)) for release in releases]


def drama_facts(drama: Drama) -> dict[str, Any]:
    return {
        "id": text(drama.id),
        "title": text(drama.title),
        "title_native": text(drama.title_native) if drama.title_native else None,
        "year": drama.year,
        "cast": [text(name) for name in drama.cast],
        "synopsis": text(drama.synopsis) if drama.synopsis else None,
        "sources": [_link(source, source) for source in drama.sources],
        "url": drama_url(drama.id),
    }


def release_facts(release: Release) -> dict[str, Any]:
    """The parts of the release page beyond its ``ReleaseView``."""
    links = [
        _link(SERVICE_NAMES.get(link.service, link.service), link.url) for link in release.links
    ]
    return {
        "title": text(release.title) if release.title else None,
        "part": release.part,
        "genre": text(release.genre) if release.genre else None,
        "notes": text(release.notes) if release.notes else None,
        "mv": _link("Music video", release.mv) if release.mv else None,
        "links": links,
        "credits": [
            (text(credit.role.replace("_", " ").capitalize()), [text(n) for n in credit.names])
            for credit in release.credits
        ],
    }


def _link(label: str, url: str) -> LinkView:
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:  # an unparsable URL (a bad port, a bracket) is shown as text
        scheme = ""
    return LinkView(label=text(label), url=text(url), safe=scheme in ("http", "https"))


def history(changes: Sequence[ReleaseChange]) -> list[HistoryLine]:
    """The release's change log in words, oldest first: "postponed from … to …" and the like."""
    lines = []
    for change in changes:
        recorded = when(change.recorded_at)
        if change.kind == "added" or change.before is None:
            lines.append(HistoryLine(recorded, "Added to the schedule"))
            continue
        lines.extend(_change_lines(recorded, change.before, change.after, change.fields))
    return lines


def _change_lines(
    recorded: When, before: Mapping[str, Any], after: Mapping[str, Any], fields: Sequence[str]
) -> list[HistoryLine]:
    lines = []
    if "at" in fields:
        old, new = _instant(before.get("at")), _instant(after.get("at"))
        if old is None and new is not None:
            lines.append(HistoryLine(recorded, "Date announced", after=when(new)))
        elif new is None and old is not None:
            lines.append(HistoryLine(recorded, "Date withdrawn (now TBA), was", before=when(old)))
        elif old is not None and new is not None:
            verb = "Postponed" if new > old else "Moved earlier"
            lines.append(HistoryLine(recorded, f"{verb} from", before=when(old), after=when(new)))
    # A move to a later date already says "postponed"; the status line would repeat it.
    if "status" in fields and not (after.get("status") == Status.POSTPONED and "at" in fields):
        lines.append(HistoryLine(recorded, f"Status now {text(str(after.get('status')))}"))
    if "time_confirmed" in fields and after.get("time_confirmed"):
        lines.append(HistoryLine(recorded, "Time confirmed"))
    rest = [f for f in fields if f not in ("at", "status", "time_confirmed")]
    if rest:
        lines.append(
            HistoryLine(recorded, f"Updated: {', '.join(f.replace('_', ' ') for f in rest)}")
        )
    return lines


def _instant(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:  # a hand-edited change row: the line just leaves the time out
        return None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)
