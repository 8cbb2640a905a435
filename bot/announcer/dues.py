"""What comes due in a span of time: releases at their instant, reminders ahead of it.

The planner asks for the hours ahead, to set wake-ups at the instants; the sweep asks for what
came due since the last sweep, and what this loads is all it uses: the rows, the packing and
the posts are made from these releases, not read again.
"""

from __future__ import annotations

from datetime import datetime

from bot.announcer.packing import Due
from bot.domain import ANNOUNCE, DeliveryKind, Release, Status
from bot.store import Store


async def due_between(store: Store, start: datetime, end: datetime) -> list[Due]:
    """Announcements and reminders due from ``start`` (included) to ``end`` (excluded)."""
    dues = [Due(r, ANNOUNCE, r.at) for r in await _releases(store, start, end) if r.at]
    for offset in await store.servers.reminder_offsets():
        kind = DeliveryKind.reminder(offset)
        for release in await _releases(store, start + offset, end + offset):
            if release.at is not None:
                dues.append(Due(release, kind, release.at - offset))
    return dues


async def _releases(store: Store, start: datetime, end: datetime) -> list[Release]:
    found = await store.releases.upcoming(now=start, until=end, every_server=True)
    return [r for r in found if r.status is not Status.CANCELLED]
