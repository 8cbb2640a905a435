"""When a release happens: the three ways a schedule may say it, and what each means.

- an offset date-time is an exact, confirmed instant;
- a local date-time is read in the drama's time zone and is confirmed;
- a date alone means 18:00 in the drama's time zone (the customary Korean digital release hour)
  and is marked *time unconfirmed*;
- nothing at all means TBA: no instant, never announced until one is given.

Every instant, however it is written (a file, a command), passes the same rules here:

- it lies between 1970-01-01 00:00:00 UTC and 2200-12-31 23:59:59 UTC (``EARLIEST``,
  ``LATEST``), and so does the year as written, so no conversion can overflow;
- it is a whole second (the store keeps seconds);
- a local time the clocks skip in that zone (a daylight-saving gap, e.g. 02:30 on the spring-
  forward night in America/New_York) does not exist and is refused;
- a local time the clocks show twice (the autumn overlap) means the first of the two, the
  earlier instant: the rule of iCalendar (RFC 5545, 3.3.5) and of Python's ``fold=0``.

Zones are IANA names; ``localtime``, ``posixrules`` and ``Factory`` are refused, since what they
mean depends on the host (``localtime`` is the machine's own zone).
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from functools import cache

from bot.domain.errors import OstbotError
from bot.domain.messages import Message
from bot.i18n import N_

DEFAULT_TIMEZONE = "Asia/Seoul"
DEFAULT_HOUR = 18
EARLIEST_YEAR = 1970
LATEST_YEAR = 2200
EARLIEST = datetime(EARLIEST_YEAR, 1, 1, tzinfo=UTC)
LATEST = datetime(LATEST_YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
SUPPORTED = f"{EARLIEST_YEAR}-01-01 to {LATEST_YEAR}-12-31, UTC"
_BEFORE_RANGE = N_("%(typed)s is %(instant)s UTC, before the supported range (%(supported)s)")
_AFTER_RANGE = N_("%(typed)s is %(instant)s UTC, after the supported range (%(supported)s)")
# Keys zoneinfo may find that are not places: the host's own zone, and tzcode's internals.
HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class InvalidTime(OstbotError):
    """A time that cannot be an instant of a release; the message names what is wrong."""


@dataclass(frozen=True)
class ReleaseTime:
    """A resolved release time: ``at`` is an aware UTC instant, or None for TBA."""

    at: datetime | None
    confirmed: bool

    @property
    def is_tba(self) -> bool:
        return self.at is None


TBA = ReleaseTime(at=None, confirmed=False)


@cache
def zone_names() -> frozenset[str]:
    """The zone names ostbot accepts: the IANA names zoneinfo knows, less ``HOST_ZONES``."""
    names = zoneinfo.available_timezones() - HOST_ZONES
    return frozenset(n for n in names if not n.startswith(("posix/", "right/")))


def resolve_time(value: datetime | date | None, timezone: str) -> ReleaseTime:
    """Turn a schedule's ``at`` or ``date`` value into an instant, per the rules above.

    Raises ``InvalidTime`` for a value outside them. ``timezone`` must be one of
    ``zone_names()`` (the schedule's own check).
    """
    if value is None:
        return TBA
    if isinstance(value, datetime):
        if value.tzinfo is None:
            zone = zoneinfo.ZoneInfo(timezone)
            return ReleaseTime(at=local_instant(value, zone, timezone), confirmed=True)
        return ReleaseTime(at=exact_instant(value), confirmed=True)
    wall = datetime.combine(value, time(DEFAULT_HOUR))
    return ReleaseTime(
        at=local_instant(wall, zoneinfo.ZoneInfo(timezone), timezone), confirmed=False
    )


def exact_instant(value: datetime) -> datetime:
    """An aware date-time (with its offset) as a UTC instant within the supported range."""
    _check_written(value)
    return _in_range(value.astimezone(UTC), value.isoformat)


def local_instant(wall: datetime, zone: tzinfo, zone_name: str) -> datetime:
    """A wall-clock time in ``zone`` as a UTC instant: a skipped time is refused, a repeated
    one is the first of the two (``fold=0``)."""
    _check_written(wall)
    wall = wall.replace(tzinfo=None, fold=0)
    instant = wall.replace(tzinfo=zone).astimezone(UTC)
    back = instant.astimezone(zone).replace(tzinfo=None, fold=0)
    if back != wall:
        raise InvalidTime(
            N_("%(time)s does not exist in %(zone)s (the clocks skip it)"),
            time=f"{wall:%Y-%m-%d %H:%M}",
            zone=zone_name,
        )
    return _in_range(
        instant,
        lambda: Message(N_("%(time)s in %(zone)s"), time=f"{wall:%Y-%m-%d %H:%M}", zone=zone_name),
    )


def check_year(year: int, written: str | None = None) -> None:
    """Refuse a year outside the supported range before anything converts it."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        values = {"year": year, "earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
        if written:
            raise InvalidTime(
                N_(
                    "%(typed)s: year %(year)s is outside the supported range (%(earliest)s to "
                    "%(latest)s)"
                ),
                typed=written,
                **values,
            )
        raise InvalidTime(
            N_("year %(year)s is outside the supported range (%(earliest)s to %(latest)s)"),
            **values,
        )


def _check_written(value: datetime) -> None:
    check_year(value.year)
    if value.microsecond:
        raise InvalidTime(
            N_("times are stored to the second; fractions of a second are not allowed")
        )


def _in_range(instant: datetime, written: Callable[[], str]) -> datetime:
    """``instant``, if in the supported range; ``written`` words the value as typed, for the
    refusal only: formatting it for every valid release cost more than the check itself."""
    # The year was checked as written, so a day's worth of offset cannot overflow here.
    if not EARLIEST <= instant <= LATEST:
        wrong = _BEFORE_RANGE if instant < EARLIEST else _AFTER_RANGE
        raise InvalidTime(
            wrong, typed=written(), instant=f"{instant:%Y-%m-%d %H:%M}", supported=SUPPORTED
        )
    return instant
