"""parse_when: typed release times read with the schedule files' rules; mistakes named."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.timing import ReleaseTime
from bot.domain.user_time import InvalidTime, parse_when, require_future

SEOUL = "Asia/Seoul"
NINE_UTC = datetime(2026, 12, 30, 9, 0, tzinfo=UTC)  # 18:00 in Seoul


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12-30 18:00", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30T18:00", ReleaseTime(NINE_UTC, confirmed=True)),
        ("  2026-12-30   18:00 ", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30", ReleaseTime(NINE_UTC, confirmed=False)),
        ("2026-12-30 18:00 Asia/Seoul", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 18:00 asia/seoul", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 18:00 KST", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30T18:00+09:00", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 18:00 +0900", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 09:00Z", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 09:00 UTC", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 18:00 JST", ReleaseTime(NINE_UTC, confirmed=True)),
        ("2026-12-30 18:00:30", ReleaseTime(NINE_UTC.replace(second=30), confirmed=True)),
        ("2026-12-30 Europe/London", ReleaseTime(NINE_UTC.replace(hour=18), confirmed=False)),
        ("2026-1-5 18:00", ReleaseTime(NINE_UTC.replace(month=1, day=5), confirmed=True)),
        ("TBA", ReleaseTime(None, confirmed=False)),
        ("tba", ReleaseTime(None, confirmed=False)),
    ],
)
def test_accepted_forms(typed, expected):
    """Each accepted form gives the instant and confirmation the schedule rules give."""
    assert parse_when(typed, SEOUL) == expected


def test_a_local_time_is_read_in_the_dramas_zone():
    """Without a zone, the drama's own time zone applies (here New York, not Seoul)."""
    when = parse_when("2026-12-30 18:00", "America/New_York")
    assert when.at == datetime(2026, 12, 30, 23, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2026-13-30", '"2026-13-30": month 13 does not exist'),
        ("2026-00-30", '"2026-00-30": month 0 does not exist'),
        ("2026-02-30", '"2026-02-30": February 2026 has no day 30 (1 to 28)'),
        ("2026-12-30 24:00", '"24:00": hour 24 does not exist (0 to 23)'),
        ("2026-12-30 18:61", '"18:61": minute 61 does not exist (0 to 59)'),
        ("2026-12-30 18:00 Mars/Base", '"Mars/Base" is not a time zone'),
        ("2026-12-30 18:00 Asia/Seol", 'did you mean "Asia/Seoul"?'),
        ("2026-12-30 18:00+25:00", '"+25:00" is not a UTC offset'),
        ("2026-12-30 +09:00", "an offset needs a time of day"),
        ("2026-12-30 6pm", '"6pm" is not a time of day: write it on a 24-hour clock'),
        ("2026-12-30 6:00 pm", '"pm" is not a time of day'),
        ("tomorrow", '"tomorrow" is not a date: write it as 2026-12-30'),
        ("30/12/2026", '"30/12/2026" is not a date'),
        ("2026-12-30x", '"2026-12-30x" is not a date'),
        ("", "no time given"),
        ("2026-03-08 02:30 America/New_York", "does not exist in America/New_York"),
    ],
)
def test_refusals_name_the_wrong_part(typed, message):
    """Each mistake is refused with the part that is wrong and how to write it."""
    with pytest.raises(InvalidTime) as caught:
        parse_when(typed, SEOUL)
    assert message in str(caught.value)


def test_a_past_instant_is_refused_and_tba_is_never_past():
    """require_future refuses an instant at or before now; TBA has no instant to refuse."""
    when = parse_when("2026-12-30 18:00", SEOUL)
    with pytest.raises(InvalidTime, match='"2026-12-30 18:00" is in the past'):
        require_future(when, NINE_UTC, "2026-12-30 18:00")
    require_future(when, NINE_UTC.replace(hour=8), "2026-12-30 18:00")
    require_future(parse_when("TBA", SEOUL), NINE_UTC, "TBA")
