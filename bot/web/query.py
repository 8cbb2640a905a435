"""Query parameters, checked: what a reader, a calendar app or a program (or a crawler, or a
fuzzer) may put after the ``?`` of the pages (``/``), the public calendar feed and the JSON API.

Pure. A value the server cannot use raises ``BadQuery``, whose message says which parameter and
why; each surface answers it in its own form (the pages with a 400 page, the feed in plain text,
the API as ``{"error": ...}``), never with a 500, and nothing a query holds reaches the store
unchecked. Parameters no one asked for are ignored (a shared link may carry a tracker's
``utm_…``; calendar apps and proxies add their own); a known one given twice is refused, as
which of the two was meant would be a guess.

Two sets of rules, one per kind of reader:

* the pages (``Filters``) take what their own form and links make: free-text filters, and where a
  "more" page starts as Unix seconds; their messages are sentences for a person;
* the feed and the API take what ``openapi.json`` says is valid (drama ids, RFC 3339 date-times,
  opaque cursors), so a request the document allows is answered and one it does not is refused;
  their messages start with the parameter's name, for a programmer.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from multidict import MultiMapping

from bot.domain import Status
from bot.domain.errors import OstbotError
from bot.domain.limits import MAX_NAME, MAX_SLUG
from bot.domain.text import printable, refusal
from bot.store import ListingPosition

Query = MultiMapping[str]


class BadQuery(OstbotError):
    """A query parameter the server cannot use; the message says which and why, fit to show."""


def single(query: Query, name: str) -> str | None:
    """The parameter's one value, or None when absent."""
    values = query.getall(name, [])
    if len(values) > 1:
        raise BadQuery(f"{name}: given {len(values)} times; give it once")
    return values[0] if values else None


# --- the pages ---------------------------------------------------------------------------------

# Longer than any drama id or artist name a schedule holds, short enough to refuse junk.
MAX_TEXT = 200
# The latest instant the store can hold (year 9999), and how far "more" pages may skip: a
# bound on how many rows one request can make the store read (a page skips only the releases
# sharing one instant, or the TBA ones shown before it).
MAX_FROM = int(datetime(9999, 12, 31, tzinfo=UTC).timestamp())
MAX_SKIP = 10_000
_PAGE_NUMBER = re.compile(r"[0-9]{1,12}")
# Control characters, surrogates and bidi overrides: never part of a name worth looking up.
_UNFIT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
PAGE_PARAMETERS = ("drama", "artist", "from", "skip")


@dataclass(frozen=True, slots=True)
class Filters:
    """What ``/`` shows: the filters, and where a "more" page starts (see ``bot.web.paging``)."""

    drama: str | None = None
    artist: str | None = None
    start: datetime | None = None  # None: now
    skip: int = 0

    @property
    def filtered(self) -> bool:
        return self.drama is not None or self.artist is not None

    def query(self, *, start: datetime | None = None, skip: int = 0) -> str:
        """The query string of these filters (``?…``, or empty), from ``start`` on; without
        ``start``, the filters alone (what the calendar link carries)."""
        pairs = [("drama", self.drama), ("artist", self.artist)]
        if start is not None:
            pairs += [("from", str(int(start.timestamp()))), ("skip", str(skip))]
        given = [(name, value) for name, value in pairs if value is not None]
        return f"?{urlencode(given)}" if given else ""


def parse_filters(query: Query) -> Filters:
    """The pages' parameters; every one given twice is refused before any value is read."""
    for name in PAGE_PARAMETERS:
        if len(query.getall(name, [])) > 1:
            raise BadQuery(f"“{name}” is given more than once; give it once.")
    drama = _page_text(query, "drama")
    artist = _page_text(query, "artist")
    start = _page_number(query, "from", MAX_FROM)
    skip = _page_number(query, "skip", MAX_SKIP)
    if skip is not None and start is None:
        raise BadQuery("“skip” only goes with “from” (the links under the list carry both).")
    return Filters(
        drama=drama,
        artist=artist,
        start=None if start is None else datetime.fromtimestamp(start, UTC),
        skip=skip or 0,
    )


def _page_value(query: Query, name: str) -> str | None:
    value = (single(query, name) or "").strip()
    return value or None  # an empty form field means "no filter"


def _page_text(query: Query, name: str) -> str | None:
    value = _page_value(query, name)
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise BadQuery(f"“{name}” is longer than {MAX_TEXT} characters.")
    if _UNFIT.search(value):
        raise BadQuery(f"“{name}” holds control or direction characters; type it as plain text.")
    return value


def _page_number(query: Query, name: str, highest: int) -> int | None:
    value = _page_value(query, name)
    if value is None:
        return None
    if not _PAGE_NUMBER.fullmatch(value) or int(value) > highest:
        raise BadQuery(f"“{name}” must be a whole number from 0 to {highest}.")
    return int(value)


# --- the feed and the API (as openapi.json describes them) ------------------------------------

SLUG = re.compile(rf"[a-z0-9-]{{1,{MAX_SLUG}}}")
# RFC 3339's date-time (what the document's "format: date-time" means), checked before parsing:
# Python also reads ISO 8601 forms that RFC 3339 does not allow.
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_LIMIT = re.compile(r"[0-9]{1,6}", re.ASCII)
DEFAULT_PAGE = 50
MAX_PAGE = 200
STATUSES = tuple(status.value for status in Status)


def drama_id(query: Query) -> str | None:
    """``drama``: a drama's id, as in its page's address (``goblin``)."""
    value = single(query, "drama")
    if value is not None and SLUG.fullmatch(value) is None:
        raise BadQuery(
            f"drama: {_shown(value)} is not a drama id; an id is 1 to {MAX_SLUG} lowercase "
            "letters, digits and hyphens, e.g. drama=goblin"
        )
    return value


def artist_name(query: Query, *, plain: bool = False) -> str | None:
    """``artist``: an artist's name, matched ignoring case. ``plain`` also refuses the control
    and invisible characters a calendar's text must not carry."""
    value = single(query, "artist")
    if value is None:
        return None
    if not 1 <= len(value) <= MAX_NAME:
        raise BadQuery(f"artist: give a name of 1 to {MAX_NAME} characters")
    harm = refusal(value) if plain else None
    if harm is not None:
        raise BadQuery(f"artist: the name {harm}")
    return value


def status(query: Query) -> Status | None:
    value = single(query, "status")
    if value is None:
        return None
    if value not in STATUSES:
        raise BadQuery(f"status: {_shown(value)} is not one of {', '.join(STATUSES)}")
    return Status(value)


def instant(query: Query, name: str) -> datetime | None:
    """An RFC 3339 date-time with its offset, e.g. ``2026-12-24T18:00:00+09:00``."""
    value = single(query, name)
    if value is None:
        return None
    wanted = f"{name}: {_shown(value)} is not a date-time with an offset, e.g. 2026-12-24T09:00:00Z"
    if " " in value:  # a "+" sent raw in a query string arrives as a space
        wanted += " (in a URL, write the offset's + as %2B)"
    found = _RFC3339.fullmatch(value)
    if found is None:
        raise BadQuery(wanted)
    day, minutes, seconds, fraction, offset = found.groups()
    # A leap second (:60) is valid RFC 3339; Python's datetime has none, so it is the next one.
    leap = seconds == "60"
    text = f"{day}T{minutes}:{'59' if leap else seconds}{(fraction or '')[:7]}"
    try:
        parsed = datetime.fromisoformat(text + ("+00:00" if offset in "Zz" else offset))
        parsed.timestamp()  # a year-1 instant west of UTC cannot be a moment in the store
    except (ValueError, OverflowError, OSError):
        raise BadQuery(wanted) from None
    return parsed + timedelta(seconds=1) if leap else parsed


def page_size(query: Query) -> int:
    value = single(query, "limit")
    if value is None:
        return DEFAULT_PAGE
    if _LIMIT.fullmatch(value) is None or not 1 <= int(value) <= MAX_PAGE:
        raise BadQuery(f"limit: {_shown(value)} is not a whole number from 1 to {MAX_PAGE}")
    return int(value)


def cursor(query: Query) -> ListingPosition | None:
    """``cursor``: where the previous page ended, as its ``next_cursor`` said."""
    value = single(query, "cursor")
    if value is None:
        return None
    try:
        at, drama, part, release = json.loads(base64.urlsafe_b64decode(value + "=" * 3))
        position = ListingPosition(
            None if at is None else datetime.fromtimestamp(_integer(at), UTC),
            _text(drama),
            None if part is None else _integer(part),
            _text(release),
        )
    except (ValueError, TypeError, binascii.Error, OverflowError, OSError):
        raise BadQuery("cursor: not a cursor this API gave; start again without it") from None
    return position


def encode_cursor(position: ListingPosition) -> str:
    """The ``next_cursor`` for a page that ended at ``position``: opaque to readers."""
    at = None if position.at is None else int(position.at.timestamp())
    fields = [at, position.drama_id, position.part, position.release_id]
    return base64.urlsafe_b64encode(json.dumps(fields).encode()).decode().rstrip("=")


def _integer(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not an integer")
    return value


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _shown(value: str) -> str:
    """The value as a message may quote it: short, and with no control character raw."""
    return printable(repr(value if len(value) <= 60 else value[:60] + "…"))
