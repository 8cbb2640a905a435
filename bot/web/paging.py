"""Pages of ``/``: the coming releases a page at a time, never all 100,000 at once.

Pure. The store lists releases from an instant on (``Releases.upcoming(now=…, limit=…)``), TBA
last; a page is a cursor (an instant and how many releases from it were already shown, since
several drops can share one instant) plus a length. ``page_of`` cuts a page out of what the
store returned and says where the next one starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain import Release

PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Page:
    releases: list[Release]
    # Where the next page starts (its instant and skip), or None on the last page.
    next_start: datetime | None
    next_skip: int


def fetch_limit(skip: int, size: int = PAGE_SIZE) -> int:
    """How many releases to ask the store for: the skipped ones, the page, and one more to
    know whether there is a next page."""
    return skip + size + 1


def page_of(listed: Sequence[Release], start: datetime, skip: int, size: int = PAGE_SIZE) -> Page:
    """The page of ``listed`` (the store's answer from ``start`` on, ``fetch_limit`` long)."""
    shown = list(listed[skip : skip + size])
    if len(listed) <= skip + size or not shown:
        return Page(shown, None, 0)
    last = shown[-1].at
    if last is None:  # inside the TBA releases, which have no instant: count on from ``start``
        return Page(shown, start, skip + size)
    # Everything from ``start`` up to the page's end was listed, so the releases at the page's
    # last instant are all among ``listed[: skip + size]``.
    same = sum(1 for release in listed[: skip + size] if release.at == last)
    return Page(shown, last, same)
