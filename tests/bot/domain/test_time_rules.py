"""The rules every release instant passes, whether from a file or typed in a command:
the supported range, daylight-saving gaps and overlaps, whole seconds, no host zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.domain.durations import DurationError, parse_offsets
from bot.domain.timing import (
    EARLIEST,
    LATEST,
    InvalidTime,
    resolve_time,
    zone_names,
)
from bot.domain.user_time import parse_when

EDGE_YEARS = [1, 2, 1000, 1969, 2201, 5000, 9998, 9999]
ZONES = ["Asia/Seoul", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "UTC", "America/New_York"]
LONGEST = timedelta(hours=23, minutes=59)
OFFSETS = [timedelta(hours=14), timedelta(hours=-12), LONGEST, -LONGEST, timedelta(0)]


def naive(*parts: int) -> datetime:
    return datetime(*parts)  # noqa: DTZ001 - a wall-clock time, as a schedule's local `at`


@pytest.mark.parametrize("year", EDGE_YEARS)
@pytest.mark.parametrize("zone", ZONES)
def test_edge_years_are_refused_in_every_form_and_zone(year, zone):
    """A date, a local date-time or an offset date-time of an edge year: InvalidTime, never
    OverflowError."""
    values = [
        date(year, 1, 1),
        date(year, 12, 31),
        naive(year, 1, 1),
        naive(year, 12, 31, 23, 59, 59),
        *(datetime(year, 1, 1, tzinfo=timezone(o)) for o in OFFSETS),
        *(datetime(year, 12, 31, 23, 59, 59, tzinfo=timezone(o)) for o in OFFSETS),
    ]
    for value in values:
        with pytest.raises(InvalidTime, match=f"year {year} is outside the supported range"):
            resolve_time(value, zone)


@pytest.mark.parametrize(
    ("value", "zone", "side"),
    [
        (naive(1970, 1, 1), "Etc/GMT-14", "before"),
        (naive(1970, 1, 1, 9, 59), "Etc/GMT-14", "before"),
        (datetime(1970, 1, 1, tzinfo=timezone(timedelta(hours=1))), "UTC", "before"),
        (naive(2200, 12, 31, 12, 0, 0), "Etc/GMT+12", "after"),
        (date(2200, 12, 31), "Etc/GMT+12", "after"),  # 18:00 there is 06:00 UTC next day
        (datetime(2200, 12, 31, 23, tzinfo=timezone(timedelta(hours=-2))), "UTC", "after"),
    ],
)
def test_instants_just_outside_the_range_are_refused(value, zone, side):
    """A year inside the range whose instant in UTC falls outside it is refused, saying which
    side."""
    with pytest.raises(InvalidTime, match=f"UTC, {side} the supported range"):
        resolve_time(value, zone)


@pytest.mark.parametrize(
    ("value", "zone", "instant"),
    [
        (naive(1970, 1, 1), "UTC", EARLIEST),
        (datetime(2200, 12, 31, 23, 59, 59, tzinfo=UTC), "Asia/Seoul", LATEST),
        (date(1970, 1, 1), "Etc/GMT-14", datetime(1970, 1, 1, 4, tzinfo=UTC)),
        (date(2200, 12, 31), "Pacific/Kiritimati", datetime(2200, 12, 31, 4, tzinfo=UTC)),
        (naive(2200, 12, 31, 11, 59, 59), "Etc/GMT+12", LATEST),
    ],
)
def test_the_range_ends_are_accepted(value, zone, instant):
    """1970-01-01 00:00:00 UTC and 2200-12-31 23:59:59 UTC themselves are release instants."""
    assert resolve_time(value, zone).at == instant


@pytest.mark.parametrize(
    ("wall", "zone"),
    [
        (naive(2027, 3, 14, 2, 30), "America/New_York"),
        (naive(2027, 3, 14, 2, 0), "America/New_York"),
        (naive(2027, 3, 28, 1, 30), "Europe/London"),
        (naive(2026, 10, 4, 2, 15), "Australia/Sydney"),
        (naive(2026, 3, 29, 2, 59, 59), "Europe/Berlin"),
        (naive(2026, 3, 8, 2, 30), "America/Los_Angeles"),
    ],
)
def test_a_local_time_the_clocks_skip_is_refused(wall, zone):
    """A wall time inside a spring-forward gap has no instant: refused, naming the zone."""
    with pytest.raises(InvalidTime, match=f"does not exist in {zone} \\(the clocks skip it\\)"):
        resolve_time(wall, zone)


@pytest.mark.parametrize(
    ("wall", "zone", "first"),
    [
        (naive(2026, 11, 1, 1, 30), "America/New_York", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (naive(2026, 10, 25, 1, 30), "Europe/London", datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        (naive(2027, 4, 4, 2, 30), "Australia/Sydney", datetime(2027, 4, 3, 15, 30, tzinfo=UTC)),
    ],
)
def test_a_local_time_the_clocks_repeat_is_its_first_occurrence(wall, zone, first):
    """In an autumn overlap the earlier of the two instants is meant (RFC 5545's rule)."""
    assert resolve_time(wall, zone).at == first
    assert resolve_time(wall.replace(fold=1), zone).at == first


@pytest.mark.parametrize(
    "value",
    [
        naive(2026, 12, 30, 18, 0, 0, 500000),
        naive(2026, 12, 30, 18, 0, 0, 1),
        datetime(2026, 12, 30, 18, 0, 0, 999999, tzinfo=timezone(timedelta(hours=9))),
    ],
)
def test_fractions_of_a_second_are_refused(value):
    """The store keeps whole seconds, so a fraction is refused rather than cut."""
    with pytest.raises(InvalidTime, match="fractions of a second are not allowed"):
        resolve_time(value, "Asia/Seoul")


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory", "posix/Asia/Seoul"])
def test_zones_that_depend_on_the_host_are_not_offered(name):
    """localtime and tzcode's internals are not zone names ostbot accepts."""
    assert name not in zone_names()
    assert "Asia/Seoul" in zone_names()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01 00:00", '"0001-01-01": year 1 is outside the supported range (1970 to 2200)'),
        ("9999-12-31 23:59", '"9999-12-31": year 9999 is outside the supported range'),
        ("9999-12-31 23:59 Pacific/Kiritimati", "year 9999 is outside"),
        ("0001-01-01 00:00 Etc/GMT+12", "year 1 is outside"),
        ("0001-01-01T00:00+14:00", "year 1 is outside"),
        ("9999-12-31T23:59-12:00", "year 9999 is outside"),
        ("9999-12-31", "year 9999 is outside"),
        ("0000-01-01", "year 0 is outside"),
        ("1969-12-31 23:59 UTC", "year 1969 is outside"),
        ("2201-01-01", "year 2201 is outside"),
        ("1970-01-01 00:00 +09:00", "before the supported range"),
        ("2200-12-31 23:00 -12:00", "after the supported range"),
        ("2200-12-31 Etc/GMT+12", "after the supported range"),
        ("2027-03-14 02:30 America/New_York", "does not exist in America/New_York"),
        ("2027-03-28 01:30 Europe/London", "does not exist in Europe/London"),
        ("2030-12-30 18:00:00.5", "fractions of a second are not allowed"),
        ("2030-12-30 18:00:00,25 KST", "fractions of a second are not allowed"),
        ("2030-12-30 18:00 localtime", '"localtime" is not a time zone'),
        ("2030-12-30 18:00 posixrules", '"posixrules" is not a time zone'),
        ("2030-12-30 18:00 /etc/localtime", '"/etc/localtime" is not a time zone'),
        ("2030-12-30 18:00 ../../etc/passwd", "is not a time zone"),
        ("2030-12-30 18:00 \x1b[31m", '"\\x1b[31m" is not a time zone'),
        ("\u202e2030-12-30", '"\\u202e2030-12-30" is not a date'),
    ],
)
def test_typed_times_outside_the_rules_are_refused_clearly(typed, message):
    """What /ost-admin add and postpone read: the same rules as files, the part named, and
    anything harmful escaped in the message."""
    with pytest.raises(InvalidTime) as caught:
        parse_when(typed, "Asia/Seoul")
    assert message in str(caught.value)
    assert "\x1b" not in str(caught.value)
    assert "\u202e" not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "instant"),
    [
        ("2026-11-01 01:30 America/New_York", datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        ("2030-12-30 18:00:00.000", datetime(2030, 12, 30, 9, tzinfo=UTC)),
        ("1970-01-01 09:00 KST", EARLIEST),
        ("2200-12-31 23:59:59 UTC", LATEST),
    ],
)
def test_typed_times_at_the_edges_that_are_fine(typed, instant):
    """An overlap is its first occurrence, a zero fraction is no fraction, the ends are in."""
    assert parse_when(typed, "Asia/Seoul").at == instant


@pytest.mark.parametrize(
    "typed",
    [
        "99999999999999999999d",
        "1000000000000h",
        "9" * 90 + "m",
        "0" * 5000 + "8d",
        "1" * 5000 + "m",
        "10081m",
        "169h",
        "8d",
        "7d1m",
        "1d" * 10,
    ],
)
def test_absurd_reminder_offsets_are_too_long_not_a_crash(typed):
    """Offsets past the 7-day maximum, however many digits, are refused as too long."""
    with pytest.raises(DurationError, match="too long: reminders are at most 7d before"):
        parse_offsets(typed)
