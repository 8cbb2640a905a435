"""The query parameters of the pages, checked: what a reader (or a crawler, or a fuzzer) may put
after the ``?`` of ``/``.

Pure. A bad value raises ``BadQuery`` with a sentence for the reader, which the pages answer
with a 400 page; nothing a query holds reaches the store unchecked. Parameters the pages do not
know are ignored (a shared link may carry a tracker's ``utm_…``), but a known one given twice is
refused: which of the two was meant cannot be guessed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlencode

from bot.domain.errors import OstbotError

# Longer than any drama id or artist name a schedule holds, short enough to refuse junk.
MAX_TEXT = 200
# The latest instant the store can hold (year 9999), and how far "more" pages may skip: a
# bound on how many rows one request can make the store read (a page skips only the releases
# sharing one instant, or the TBA ones shown before it).
MAX_FROM = int(datetime(9999, 12, 31, tzinfo=UTC).timestamp())
MAX_SKIP = 10_000
_DIGITS = re.compile(r"[0-9]{1,12}")
# Control characters, surrogates and bidi overrides: never part of a name worth looking up.
_UNFIT = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")
KNOWN = ("drama", "artist", "from", "skip")


class BadQuery(OstbotError):
    """A query parameter the pages cannot use; the message says which and why."""


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


def parse_filters(params: Mapping[str, Sequence[str]]) -> Filters:
    """``params`` maps each name to every value it was given, in order."""
    for name in KNOWN:
        if len(params.get(name, ())) > 1:
            raise BadQuery(f"“{name}” is given more than once; give it once.")
    drama = _text(params, "drama")
    artist = _text(params, "artist")
    start = _number(params, "from", MAX_FROM)
    skip = _number(params, "skip", MAX_SKIP)
    if skip is not None and start is None:
        raise BadQuery("“skip” only goes with “from” (the links under the list carry both).")
    return Filters(
        drama=drama,
        artist=artist,
        start=None if start is None else datetime.fromtimestamp(start, UTC),
        skip=skip or 0,
    )


def _one(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    values = params.get(name, ())
    if not values:
        return None
    value = values[0].strip()
    return value or None  # an empty form field means "no filter"


def _text(params: Mapping[str, Sequence[str]], name: str) -> str | None:
    value = _one(params, name)
    if value is None:
        return None
    if len(value) > MAX_TEXT:
        raise BadQuery(f"“{name}” is longer than {MAX_TEXT} characters.")
    if _UNFIT.search(value):
        raise BadQuery(f"“{name}” holds control or direction characters; type it as plain text.")
    return value


def _number(params: Mapping[str, Sequence[str]], name: str, highest: int) -> int | None:
    value = _one(params, name)
    if value is None:
        return None
    if not _DIGITS.fullmatch(value) or int(value) > highest:
        raise BadQuery(f"“{name}” must be a whole number from 0 to {highest}.")
    return int(value)
