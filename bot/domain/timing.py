"""When a release happens: the three ways a schedule may say it, and what each means.

- an offset date-time is an exact, confirmed instant;
- a local date-time is read in the drama's time zone and is confirmed;
- a date alone means 18:00 in the drama's time zone (the customary Korean digital release hour)
  and is marked *time unconfirmed*;
- nothing at all means TBA: no instant, never announced until one is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Seoul"
DEFAULT_HOUR = 18


@dataclass(frozen=True)
class ReleaseTime:
    """A resolved release time: ``at`` is an aware UTC instant, or None for TBA."""

    at: datetime | None
    confirmed: bool

    @property
    def is_tba(self) -> bool:
        return self.at is None


TBA = ReleaseTime(at=None, confirmed=False)


def resolve_time(value: datetime | date | None, timezone: str) -> ReleaseTime:
    """Turn a schedule's ``at`` or ``date`` value into an instant, per the rules above."""
    if value is None:
        return TBA
    zone = ZoneInfo(timezone)
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=zone)
        return ReleaseTime(at=value.astimezone(UTC), confirmed=True)
    local = datetime.combine(value, time(DEFAULT_HOUR), tzinfo=zone)
    return ReleaseTime(at=local.astimezone(UTC), confirmed=False)
