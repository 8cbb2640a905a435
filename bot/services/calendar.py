"""The upcoming releases a caller may see, as an iCalendar file: ``/ost calendar`` and
``ostbot calendar`` both call :func:`export_calendar`.

Store-using, Discord-free. Visibility is the store's: ``guild_id=None`` exports curated releases
only, a server id adds that server's own, never another server's.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Release
from bot.i18n import SOURCE, Language
from bot.render.calendar import DEFAULT_NAME, calendar_ics
from bot.store import Store

# Discord takes attachments up to 10 MiB and an event is about 0.3-1 KB, but the cap is set by
# time: icalendar renders about 4,500 events a second here, so 1,000 take about 0.2 s. The
# command line has no cap.
DISCORD_MAX_EVENTS = 1000
# Reading one release's history costs about ten times reading one change-log row (measured:
# 2,000 histories 0.55 s, 100,000 log rows 2.7 s): see _sequences.
HISTORY_VS_LOG_ROW = 10


@dataclass(frozen=True)
class CalendarExport:
    ics: bytes
    events: int  # timed releases in the file
    tba: int  # releases left out for having no date yet (of those read)
    truncated: bool  # more releases matched than ``limit``
    name: str  # the calendar's name (X-WR-CALNAME)

    @property
    def empty(self) -> bool:
        return self.events == 0


async def export_calendar(
    store: Store,
    *,
    now: datetime,
    guild_id: int | None,
    drama: str | None = None,
    artist: str | None = None,
    limit: int | None = None,
    followed: bool = False,
    name: str | None = None,
    refresh: timedelta | None = None,
    tr: Language = SOURCE,
) -> CalendarExport:
    """Upcoming releases (from ``now``, filtered like ``/ost upcoming``) as .ics bytes.

    With ``limit``, at most that many releases are read (time order, so the soonest are kept).
    ``followed``: only what server ``guild_id`` follows, and its own releases (its feed).
    ``name`` replaces the calendar's name made from the filters; ``refresh`` is a subscribed
    feed's polling interval; ``tr`` the language of the events' texts (``/ost calendar``'s
    reader's; feeds and the CLI are English).
    """
    rows = await store.releases.upcoming(
        now=now,
        drama=drama or None,
        artist=artist or None,
        guild_id=guild_id,
        followed=followed,
        limit=None if limit is None else limit + 1,
    )
    truncated = limit is not None and len(rows) > limit
    rows = rows[:limit] if limit is not None else rows
    timed = [r for r in rows if r.at is not None]
    ids = sorted({r.drama_id for r in timed})
    # Queued together: one hop to the database thread each would add up.
    dramas = dict(zip(ids, await asyncio.gather(*map(store.releases.drama, ids)), strict=True))
    if name is None:
        shown = dramas[drama].title if drama in dramas else drama
        name = calendar_name(drama=shown, artist=artist)
    sequences = await _sequences(store, timed, guild_id=guild_id)
    # A thread, so that rendering a large calendar does not stall the bot's other work.
    ics = await asyncio.to_thread(
        calendar_ics,
        timed,
        dramas,
        now=now,
        name=name,
        sequences=sequences,
        refresh=refresh,
        tr=tr,
    )
    return CalendarExport(ics, len(timed), len(rows) - len(timed), truncated, name)


async def _sequences(
    store: Store, releases: list[Release], *, guild_id: int | None
) -> dict[str, int]:
    """Each release's number of recorded changes since it was added (its SEQUENCE).

    Whichever reads less: the releases' own histories (a few hundred), or one pass over the
    whole change log (a large export).
    """
    if not releases:
        return {}
    if len(releases) * HISTORY_VS_LOG_ROW <= await store.releases.latest_change():
        details = await asyncio.gather(
            *(store.releases.details(r.drama_id, r.id, guild_id=guild_id) for r in releases)
        )
        return {
            d.release.key: sum(change.kind == "changed" for change in d.history) for d in details
        }
    wanted = {r.key for r in releases}
    counts = Counter(
        change.key
        for change in await store.releases.changes_since(0, kind="changed")
        if change.key in wanted
    )
    return {key: counts.get(key, 0) for key in wanted}


def calendar_name(*, drama: str | None = None, artist: str | None = None) -> str:
    """``K-drama OST releases (ostbot)``, with the filters in front when there are any."""
    shown = " · ".join(part for part in (drama, artist) if part)
    return f"{shown}: {DEFAULT_NAME}" if shown else DEFAULT_NAME


def file_name(*, drama: str | None = None, artist: str | None = None) -> str:
    """A safe attachment/file name: ``ostbot-goblin.ics``, ``ostbot-upcoming.ics``."""
    words = [_slug(part) for part in (drama, artist) if part]
    stem = "-".join(word for word in words if word) or "upcoming"
    return f"ostbot-{stem[:60]}.ics"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
