"""The .ics renderer: parses with icalendar, stable UIDs, UTC times, honest about uncertainty."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.domain import Credit, Drama, Link, Release, Status
from bot.render.calendar import PRODID, calendar_ics, event_uid

NOW = datetime(2030, 1, 1, 12, tzinfo=UTC)
DRAMA = Drama(id="soundtrack-1", title="Soundtrack #1")
DRAMAS = {DRAMA.id: DRAMA}


def release(release_id: str, hours: float | None, **kw: object) -> Release:
    at = None if hours is None else NOW + timedelta(hours=hours)
    values: dict = {"artists": ("Kyuhyun",), "time_confirmed": True, **kw}
    return Release("soundtrack-1", release_id, at=at, **values)


def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


PART_1 = release(
    "part-1",
    24,
    part=1,
    title="Love Beyond Words",
    mv="https://youtu.be/love",
    links=(Link("melon", "https://melon.com/love"),),
    credits=(Credit("producer", ("DOKO",)),),
    notes="An emotional ballad.",
)


def test_calendar_header():
    """VERSION 2.0, ostbot's PRODID and the calendar's name."""
    calendar = Calendar.from_ical(calendar_ics([PART_1], DRAMAS, now=NOW, name="Mine"))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Mine"


def test_uids_and_times_round_trip():
    """Each timed release is one VEVENT whose UID and UTC DTSTART read back exactly."""
    other = release("part-2", 48, part=2, title="Want to Be Happy")
    ics = calendar_ics([PART_1, other], DRAMAS, now=NOW)
    assert b"DTSTART:20300102T120000Z" in ics  # UTC, written with Z
    found = {str(e["UID"]): e.decoded("DTSTART") for e in events(ics)}
    assert found == {
        "soundtrack-1/part-1@ostbot": PART_1.at,
        "soundtrack-1/part-2@ostbot": other.at,
    }
    assert all(e.decoded("DTSTAMP") == NOW for e in events(ics))
    assert all(e.decoded("DURATION") == timedelta(hours=1) for e in events(ics))


def test_same_input_gives_the_same_file():
    """Two renders of the same releases are byte for byte equal: UIDs are stable."""
    first = calendar_ics([PART_1], DRAMAS, now=NOW)
    assert calendar_ics([PART_1], DRAMAS, now=NOW) == first
    assert event_uid(PART_1) == "soundtrack-1/part-1@ostbot"


def test_summary_description_and_url():
    """SUMMARY names drama, part, title and artists; DESCRIPTION holds credits, notes, links."""
    [event] = events(calendar_ics([PART_1], DRAMAS, now=NOW, sequences={PART_1.key: 3}))
    assert str(event["SUMMARY"]) == 'Soundtrack #1 OST Part 1 "Love Beyond Words" — Kyuhyun'
    description = str(event["DESCRIPTION"])
    for fact in (
        "Artists: Kyuhyun",
        "Producer: DOKO",
        "An emotional ballad.",
        "Music video: https://youtu.be/love",
        "Melon: https://melon.com/love",
    ):
        assert fact in description
    assert str(event["URL"]) == "https://youtu.be/love"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event.decoded("SEQUENCE") == 3


def test_nothing_invented():
    """No MV → no URL or link line; no SEQUENCE unless the caller knows it; no title → none."""
    bare = release("davichi", 24, artists=("Davichi",))
    [event] = events(calendar_ics([bare], DRAMAS, now=NOW))
    assert "URL" not in event
    assert "SEQUENCE" not in event
    assert str(event["SUMMARY"]) == "Soundtrack #1 OST — Davichi"
    assert "http" not in str(event["DESCRIPTION"])


def test_unconfirmed_time_is_marked():
    """An unconfirmed hour says so in SUMMARY and DESCRIPTION, and the event is TENTATIVE."""
    maybe = release("part-3", 30, part=3, time_confirmed=False)
    [event] = events(calendar_ics([maybe], DRAMAS, now=NOW))
    assert str(event["SUMMARY"]).endswith("(time unconfirmed)")
    assert "Time unconfirmed: only the date is announced; 03:00 KST" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event.decoded("DTSTART") == maybe.at  # still timed, at the customary hour


@pytest.mark.parametrize(
    ("status", "ical_status", "mark"),
    [
        (Status.CANCELLED, "CANCELLED", "(cancelled)"),
        (Status.POSTPONED, "CONFIRMED", "(postponed)"),
    ],
)
def test_status(status, ical_status, mark):
    """Cancelled → STATUS:CANCELLED (apps mark or drop it); postponed is said in the text."""
    changed = release("part-1", 24, part=1, status=status)
    [event] = events(calendar_ics([changed], DRAMAS, now=NOW))
    assert str(event["STATUS"]) == ical_status
    assert str(event["SUMMARY"]).endswith(mark)
    assert f"Status: {status}" in str(event["DESCRIPTION"])


def test_tba_releases_are_left_out():
    """A release with no instant has no event."""
    ics = calendar_ics([PART_1, release("tba", None)], DRAMAS, now=NOW)
    assert [str(e["UID"]) for e in events(ics)] == ["soundtrack-1/part-1@ostbot"]


def test_special_characters_are_escaped_and_read_back():
    """Commas, semicolons, backslashes and newlines in titles and notes survive a round trip."""
    tricky_drama = Drama(id="d", title="Love; Death, and\\Robots")
    tricky = Release(
        "d",
        "r",
        ("A, B",),
        title="One; two, three",
        at=NOW,
        time_confirmed=True,
        notes="Line one;\nLine two, done\\",
    )
    ics = calendar_ics([tricky], {"d": tricky_drama}, now=NOW, name="a, b; c")
    assert b"One\\; two\\, three" in ics  # escaped on the wire (RFC 5545 3.3.11)
    assert all(len(line) <= 75 for line in ics.split(b"\r\n"))  # folded
    calendar = Calendar.from_ical(ics)
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == 'Love; Death, and\\Robots OST "One; two, three" — A, B'
    assert "Line one;\nLine two, done\\" in str(event["DESCRIPTION"])
    assert str(calendar["X-WR-CALNAME"]) == "a, b; c"


def test_empty_calendar_is_valid():
    """No releases still gives a calendar that parses, with no events."""
    calendar = Calendar.from_ical(calendar_ics([], DRAMAS, now=NOW))
    assert calendar.walk("VEVENT") == []
