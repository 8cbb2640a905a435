"""Query parameters of the feeds and the JSON API, checked: a value the server cannot use is a
``BadQuery`` whose message says which parameter and why (a 400, never a 500).

What is valid here is what ``openapi.json`` says is valid, so a request the document allows is
answered, and one it does not is refused. Parameters no one asked for are ignored (calendar
apps and proxies add their own); a known one given twice is refused, as its meaning would be a
guess.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

from multidict import MultiMapping

from bot.domain import Status
from bot.domain.limits import MAX_NAME, MAX_SLUG
from bot.domain.text import printable, refusal
from bot.store import ListingPosition

SLUG = re.compile(rf"[a-z0-9-]{{1,{MAX_SLUG}}}")
# RFC 3339's date-time (what the document's "format: date-time" means), checked before parsing:
# Python also reads ISO 8601 forms that RFC 3339 does not allow.
_RFC3339 = re.compile(
    r"(\d{4}-\d{2}-\d{2})[Tt](\d{2}:\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII
)
_DIGITS = re.compile(r"[0-9]{1,6}", re.ASCII)
DEFAULT_PAGE = 50
MAX_PAGE = 200
STATUSES = tuple(status.value for status in Status)

Query = MultiMapping[str]


class BadQuery(ValueError):
    """A query parameter the server cannot use; the message is fit to show."""


def single(query: Query, name: str) -> str | None:
    """The parameter's one value, or None when absent."""
    values = query.getall(name, [])
    if len(values) > 1:
        raise BadQuery(f"{name}: given {len(values)} times; give it once")
    return values[0] if values else None


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
    if _DIGITS.fullmatch(value) is None or not 1 <= int(value) <= MAX_PAGE:
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
