"""Release times as people type them in a command, read with the schedule files' rules.

    2026-12-30 18:00              the drama's time zone; confirmed
    2026-12-30                    18:00 in the drama's time zone; time unconfirmed
    2026-12-30 18:00 Asia/Seoul   an IANA zone (any case), or UTC/GMT/KST/JST
    2026-12-30T18:00+09:00        an offset (also +0900, Z); a T or a space before the time
    TBA                           no date yet

Seconds are optional (``18:00:30``); fractions of a second are refused. The rules of
``bot.domain.timing`` hold as for files: years 1970 to 2200, a skipped local time refused, a
repeated one the first of the two, no host-dependent zone (``localtime``). Anything else is
refused with the part that is wrong (``"2026-13-30": month 13 does not exist``), so the person
can fix exactly that; what they typed is quoted with any control character escaped.
"""

from __future__ import annotations

import calendar
import difflib
import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import cache

from babel.dates import format_skeleton

from bot.domain.messages import Message, Translates
from bot.domain.text import printable
from bot.domain.timing import (
    TBA,
    InvalidTime,
    ReleaseTime,
    check_year,
    local_instant,
    resolve_time,
    zone_names,
)
from bot.i18n import N_

__all__ = ["EXAMPLES", "InvalidTime", "parse_when", "require_future"]

EXAMPLES = "2026-12-30, 2026-12-30 18:00 or 2026-12-30 18:00 Asia/Seoul"
_EXAMPLE_DATES = ("2026-12-30", "2026-12-30 18:00", "2026-12-30 18:00 Asia/Seoul")
# The examples as a reader sees them: "a, b or c" in their language.
_EXAMPLES = Message(
    N_("%(first)s, %(second)s or %(third)s"),
    first=_EXAMPLE_DATES[0],
    second=_EXAMPLE_DATES[1],
    third=_EXAMPLE_DATES[2],
)
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?!\d)")
_OFFSET = re.compile(r"([+-])(\d{2}):?(\d{2})")
_TWELVE_HOUR = re.compile(r"(?i)[ap]\.?m\.?")
_NOT_A_DATE = N_("%(typed)s is not a date: write it as %(examples)s")
_NO_HOUR = N_("%(typed)s: hour %(value)s does not exist (0 to %(high)s)")
_NO_MINUTE = N_("%(typed)s: minute %(value)s does not exist (0 to %(high)s)")
_NO_SECOND = N_("%(typed)s: second %(value)s does not exist (0 to %(high)s)")
# Abbreviations people actually write for K-drama releases; all others are ambiguous (CST...).
ABBREVIATIONS = {"UTC": "UTC", "GMT": "UTC", "Z": "UTC", "KST": "Asia/Seoul", "JST": "Asia/Tokyo"}


def parse_when(text: str, drama_timezone: str) -> ReleaseTime:
    """Read ``text`` (see the module doc) for a drama whose schedule is in ``drama_timezone``."""
    typed = " ".join(text.split())
    if not typed:
        raise InvalidTime(N_("no time given: write it as %(examples)s"), examples=_EXAMPLES)
    if typed.casefold() == "tba":
        return TBA
    found = _DATE.match(typed)
    if found is None:
        first = typed.split(" ")[0]
        raise InvalidTime(_NOT_A_DATE, typed=_q(first), examples=_EXAMPLES)
    day = _day(found)
    rest = typed[found.end() :]
    if rest and rest[0] not in " T":
        raise InvalidTime(_NOT_A_DATE, typed=_q(typed), examples=_EXAMPLES)
    rest = rest[1:].strip()
    clock = _TIME.match(rest)
    if clock is not None:
        rest = rest[clock.end() :].strip()
    if _TWELVE_HOUR.fullmatch(rest) or (clock is None and rest[:1].isdigit()):
        raise InvalidTime(
            N_("%(typed)s is not a time of day: write it on a 24-hour clock (18:00)"),
            typed=_q(rest),
        )
    zone = _zone(rest) if rest else None
    if clock is None:
        return _date_only(day, zone, drama_timezone, rest)
    if zone is None:
        return _confirmed(day, _time(clock), zoneinfo.ZoneInfo(drama_timezone), drama_timezone)
    name = zone.key if isinstance(zone, zoneinfo.ZoneInfo) else rest  # as the tz database spells it
    return _confirmed(day, _time(clock), zone, name)


def require_future(when: ReleaseTime, now: datetime, typed: str) -> None:
    """Refuse an instant that has already passed: nothing would ever announce it."""
    if when.at is not None and when.at <= now:
        raise InvalidTime(
            N_("%(typed)s is in the past: give a time that is still ahead"), typed=_q(typed.strip())
        )


def _day(found: re.Match[str]) -> date:
    year, month, day = (int(group) for group in found.groups())
    if not 1 <= month <= 12:
        raise InvalidTime(
            N_("%(typed)s: month %(month)s does not exist"), typed=_q(found.group(0)), month=month
        )
    check_year(year, _q(found.group(0)))
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise InvalidTime(
            N_("%(typed)s: %(month)s has no day %(day)s (1 to %(last)s)"),
            typed=_q(found.group(0)),
            month=_MonthName(year, month),
            day=day,
            last=last,
        )
    return date(year, month, day)


def _time(found: re.Match[str]) -> time:
    hour, minute = int(found.group(1)), int(found.group(2))
    second = int(found.group(3) or 0)
    if (found.group(4) or "0").strip("0"):
        raise InvalidTime(
            N_("%(typed)s: times are to the second; fractions of a second are not allowed"),
            typed=_q(found.group(0)),
        )
    for value, wrong, high in (
        (hour, _NO_HOUR, 23),
        (minute, _NO_MINUTE, 59),
        (second, _NO_SECOND, 59),
    ):
        if value > high:
            raise InvalidTime(wrong, typed=_q(found.group(0)), value=value, high=high)
    return time(hour, minute, second)


def _zone(text: str) -> tzinfo:
    """A zone name, an abbreviation from ``ABBREVIATIONS``, or a UTC offset."""
    offset = _OFFSET.fullmatch(text)
    if offset is not None:
        sign, hours, minutes = offset.groups()
        span = timedelta(hours=int(hours), minutes=int(minutes))
        if span >= timedelta(hours=24) or int(minutes) > 59:
            raise InvalidTime(
                N_("%(typed)s is not a UTC offset (-23:59 to +23:59)"), typed=_q(text)
            )
        return timezone(-span if sign == "-" else span)
    name = ABBREVIATIONS.get(text.upper()) or _zones().get(text.casefold())
    if name is None:
        match = difflib.get_close_matches(text, list(_zones().values()), n=1, cutoff=0.6)
        if match:
            raise InvalidTime(
                N_("%(typed)s is not a time zone (did you mean %(zone)s?)"),
                typed=_q(text),
                zone=_q(match[0]),
            )
        raise InvalidTime(
            N_("%(typed)s is not a time zone (for example Asia/Seoul or UTC)"), typed=_q(text)
        )
    return UTC if name == "UTC" else zoneinfo.ZoneInfo(name)


def _date_only(day: date, zone: tzinfo | None, drama_timezone: str, typed: str) -> ReleaseTime:
    """A date alone: 18:00 wherever it is, time unconfirmed (the schedule files' rule)."""
    if zone is None:
        return resolve_time(day, drama_timezone)
    if not isinstance(zone, zoneinfo.ZoneInfo):
        # resolve_time reads named zones only; an offset or UTC gets the same rule here.
        name = "UTC" if zone is UTC else None
        if name is None:
            raise InvalidTime(
                N_("%(typed)s: an offset needs a time of day, such as %(example)s"),
                typed=_q(typed),
                example=f"18:00{typed}",
            )
        return resolve_time(day, name)
    return resolve_time(day, zone.key)


def _confirmed(day: date, wall: time, zone: tzinfo, zone_name: str) -> ReleaseTime:
    # A wall time the clocks skip (spring forward) has no instant: local_instant says so
    # rather than guess; one they repeat is its first occurrence.
    return ReleaseTime(
        at=local_instant(datetime.combine(day, wall), zone, zone_name), confirmed=True
    )


@cache
def _zones() -> dict[str, str]:
    """IANA zone names by their casefolded spelling, so ``asia/seoul`` works too."""
    return {name.casefold(): name for name in zone_names()}


class _MonthName(Message):
    """``December 2026`` in English; in another language, as Babel's CLDR data writes it."""

    def __new__(cls, year: int, month: int) -> _MonthName:
        name = super().__new__(cls, f"{calendar.month_name[month]} {year}")
        name.day = date(year, month, 1)
        return name

    day: date

    def localized(self, language: Translates) -> str:
        locale = getattr(language, "locale", None)
        if locale is None:
            return str(self)
        return format_skeleton("yMMMM", self.day, locale=locale)


def _q(text: str) -> str:
    return f'"{printable(text)}"'
