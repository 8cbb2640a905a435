"""What the pages show, prepared without a store: times, links, history lines and paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Release, Status
from bot.store.types import ReleaseChange
from bot.web import paging, views

AT = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def test_a_time_is_kst_text_and_a_utc_instant():
    """09:00 UTC reads 18:00 KST; the instant for the script is UTC with a Z."""
    assert views.when(AT) == views.When(iso="2026-03-01T09:00:00Z", text="2026-03-01 18:00 KST")


def test_an_instant_korea_cannot_show_falls_back_to_utc():
    """The last instant a datetime holds is past year 9999 in KST: shown in UTC, no crash."""
    last = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert views.when(last).text == "9999-12-31 23:00 UTC"


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.melon.com/x", True),
        ("HTTP://example.org", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<b>", False),
        ("//evil.example/x", False),
        ("http://[bad", False),
    ],
)
def test_only_http_links_become_links(url, safe):
    """A link is clickable only if it is http(s); anything else is shown as text."""
    assert views.release_facts(Release("d", "r", ("A",), mv=url))["mv"].safe is safe


def change(kind: str, before: dict | None, after: dict, fields: tuple[str, ...]) -> ReleaseChange:
    return ReleaseChange(1, "d", "r", kind, fields, before, after, AT)  # type: ignore[arg-type]


def test_history_says_postponed_from_and_to():
    """A later instant reads "Postponed from <old> to <new>", an earlier one "Moved earlier"."""
    old, new = AT.isoformat(), (AT + timedelta(days=2)).isoformat()
    [line] = views.history(
        [
            change(
                "changed",
                {"at": old, "status": "scheduled"},
                {"at": new, "status": "postponed"},
                ("at", "status"),
            )
        ]
    )
    assert (line.text, line.before, line.after) == (
        "Postponed from",
        views.when(AT),
        views.when(AT + timedelta(days=2)),
    )
    [earlier] = views.history([change("changed", {"at": new}, {"at": old}, ("at",))])
    assert earlier.text == "Moved earlier from"


@pytest.mark.parametrize(
    ("before", "after", "fields", "texts"),
    [
        ({"at": None}, {"at": AT.isoformat()}, ("at",), ["Date announced"]),
        ({"at": AT.isoformat()}, {"at": None}, ("at",), ["Date withdrawn (now TBA), was"]),
        ({"status": "scheduled"}, {"status": "cancelled"}, ("status",), ["Status now cancelled"]),
        ({"status": "scheduled"}, {"status": "postponed"}, ("status",), ["Status now postponed"]),
        ({}, {"time_confirmed": True}, ("time_confirmed",), ["Time confirmed"]),
        ({}, {}, ("mv", "links"), ["Updated: mv, links"]),
        ({"at": "garbage"}, {"at": AT.isoformat()}, ("at",), ["Date announced"]),
    ],
)
def test_history_lines(before, after, fields, texts):
    """Each kind of change in words; a hand-edited, unreadable time is left out, not a crash."""
    assert [
        line.text for line in views.history([change("changed", before, after, fields)])
    ] == texts


def test_an_added_release_reads_added():
    """The first entry of every history."""
    [line] = views.history([change("added", None, {}, ())])
    assert line.text == "Added to the schedule"


def test_control_and_direction_characters_are_stripped_from_text():
    """Schedule text as shown keeps no control characters or bidi overrides."""
    view = views.release_view(Release("d", "r", ("A\u202eB\x07",)), None)
    assert view.artists == (("AB", "/?artist=A%E2%80%AEB%07"),)


def timed(n: int, hours: int) -> Release:
    return Release("d", f"r{n}", ("A",), at=AT + timedelta(hours=hours))


def test_a_page_ending_inside_a_group_of_ties_counts_them():
    """The next page starts at the last instant shown, skipping the ties already shown."""
    listed = [timed(0, 0), timed(1, 1), timed(2, 1), timed(3, 1), timed(4, 2)]
    page = paging.page_of(listed, AT, 0, size=3)
    assert [r.id for r in page.releases] == ["r0", "r1", "r2"]
    assert (page.next_start, page.next_skip) == (AT + timedelta(hours=1), 2)


def test_a_page_inside_the_tba_releases_counts_on_from_its_start():
    """TBA releases have no instant: the next page keeps the start and skips further."""
    listed = [timed(0, 0)] + [Release("d", f"t{n}", ("A",)) for n in range(5)]
    page = paging.page_of(listed, AT, 2, size=2)
    assert [r.id for r in page.releases] == ["t1", "t2"]
    assert (page.next_start, page.next_skip) == (AT, 4)


def test_the_last_page_has_no_next():
    """Fewer than a page and one more: no "more" link."""
    page = paging.page_of([timed(0, 0)], AT, 0, size=3)
    assert page.next_start is None
    assert paging.fetch_limit(4, size=3) == 8


def test_status_is_plain_text():
    """A release's status is the enum's value, for the page's badge."""
    view = views.release_view(Release("d", "r", ("A",), status=Status.CANCELLED), None)
    assert (view.status, view.drama_title, view.url) == ("cancelled", "d", "/dramas/d/r")
