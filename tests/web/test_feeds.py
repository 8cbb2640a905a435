"""/calendar.ics: the coming curated releases as a subscribable calendar, filtered, validated
with ETag and Last-Modified, and answered 304 while unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar

from bot.domain import Schedule
from bot.services.calendar import export_calendar
from bot.services.web_feeds import FEED_MAX_EVENTS, feed_window
from tests.web.served_store import GOBLIN, GOBLIN_RELEASES, NOW

FEED = "/calendar.ics"


def events(body: bytes) -> dict[str, object]:
    """The calendar's events by UID."""
    return {str(e["UID"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


async def test_the_feed_holds_the_coming_curated_releases_as_ost_calendar_does(served):
    """Same events, UIDs and bytes as /ost calendar's export; no server's own release."""
    response = await served.client.get(FEED)
    assert response.status == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    body = await response.read()
    expected = await export_calendar(
        served.store,
        now=feed_window(NOW),
        guild_id=None,
        limit=FEED_MAX_EVENTS,
        refresh=timedelta(hours=1),
    )
    assert body == expected.ics
    uids = set(events(body))
    assert "goblin/part-1@ostbot" in uids
    assert "goblin/gone@ostbot" in uids  # cancelled: kept, marked
    assert "goblin/old@ostbot" not in uids  # passed
    assert not any(uid.startswith("our-show/") for uid in uids)  # a server's own


async def test_the_feed_asks_to_be_fetched_hourly_and_says_how_to_cache(served):
    """REFRESH-INTERVAL and X-PUBLISHED-TTL say an hour; strong ETag, Last-Modified, public."""
    response = await served.client.get(FEED)
    calendar = Calendar.from_ical(await response.read())
    assert calendar["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert calendar["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert b"X-PUBLISHED-TTL:PT1H\r\n" in calendar.to_ical()
    assert response.headers["ETag"].startswith('"')
    assert "Last-Modified" in response.headers
    assert response.headers["Cache-Control"].startswith("public")


@pytest.mark.parametrize(
    ("query", "uids"),
    [
        ({"drama": "signal"}, {"signal/part-1@ostbot", "signal/part-2@ostbot"}),
        ({"artist": "PUNCH"}, {"goblin/part-1@ostbot"}),
        ({"drama": "goblin", "artist": "crush"}, {"goblin/part-2@ostbot", "goblin/gone@ostbot"}),
        ({"artist": "nobody"}, set()),
        ({"drama": "", "unknown": "x"}, None),
    ],
)
async def test_filters_narrow_the_feed(served, query, uids):
    """drama and artist (any case) filter as /ost calendar does; unknown parameters are ignored."""
    if uids is None:  # an empty drama is not a drama id
        response = await served.client.get(FEED, params=query)
        assert response.status == 400
        return
    response = await served.client.get(FEED, params=query)
    assert response.status == 200
    assert set(events(await response.read())) == uids


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ({"drama": "Goblin!"}, "drama: 'Goblin!' is not a drama id"),
        ([("drama", "goblin"), ("drama", "signal")], "drama: given 2 times"),
        ({"artist": "x" * 101}, "artist: give a name of 1 to 100 characters"),
        ({"artist": "Crush\x1b[2J"}, "artist: the name contains U+001B (ESCAPE)"),
        ({"artist": "a\u202eb"}, "RIGHT-TO-LEFT OVERRIDE"),
    ],
)
async def test_bad_parameters_are_a_400_saying_which(served, query, says):
    """A parameter the feed cannot use: 400, plain text, naming it and why."""
    response = await served.client.get(FEED, params=query)
    assert response.status == 400
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert says in await response.text()


@pytest.mark.parametrize("drama", ["no-such-drama", "our-show"])
async def test_an_unknown_or_private_drama_is_a_404(served, drama):
    """No such drama, or a server's own: the same 404 (existence is not leaked)."""
    response = await served.client.get(FEED, params={"drama": drama})
    assert response.status == 404
    assert await response.text() == f'There is no drama "{drama}".\n'


async def test_an_unchanged_feed_is_a_304_with_no_body(served):
    """If-None-Match (strong or weak) or If-Modified-Since on an unchanged feed: 304, no body,
    the same validators."""
    first = await served.client.get(FEED)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", W/{etag}'},
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
    ):
        again = await served.client.get(FEED, headers=headers)
        assert again.status == 304, headers
        assert await again.read() == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Last-Modified"] == modified


async def test_a_stale_validator_gets_the_whole_feed(served):
    """Another ETag gets a 200 even with a current If-Modified-Since (If-None-Match wins)."""
    first = await served.client.get(FEED)
    headers = {"If-None-Match": '"old"', "If-Modified-Since": first.headers["Last-Modified"]}
    again = await served.client.get(FEED, headers=headers)
    assert again.status == 200
    assert await again.read() == await first.read()


async def test_filters_have_their_own_etags(served):
    """A filtered feed's tag is not the unfiltered one's: a 304 never serves the wrong feed."""
    whole = await served.client.get(FEED)
    signal = await served.client.get(FEED, params={"drama": "signal"})
    assert whole.headers["ETag"] != signal.headers["ETag"]
    again = await served.client.get(
        FEED, params={"drama": "signal"}, headers={"If-None-Match": whole.headers["ETag"]}
    )
    assert again.status == 200


class CountingReleases:
    """The store's releases, counting the listings read (renderings start with one)."""

    def __init__(self, releases):
        self._releases = releases
        self.listings = 0

    def __getattr__(self, name):
        if name == "upcoming":
            self.listings += 1
        return getattr(self._releases, name)


async def test_a_304_renders_nothing(served, monkeypatch):
    """Answering an unchanged feed reads the store's version only, no listing."""
    first = await served.client.get(FEED)
    counting = CountingReleases(served.store.releases)
    monkeypatch.setattr(served.store, "releases", counting)
    again = await served.client.get(FEED, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status == 304
    assert counting.listings == 0


async def test_the_next_hour_is_a_new_feed_without_the_passed_release(served):
    """Once the hour turns, a release that dropped in the last one leaves; the tag changes."""
    first = await served.client.get(FEED, params={"drama": "goblin"})
    served.clock.now = NOW + timedelta(hours=24, minutes=31)  # part-1 came out at +24h
    same_hour = await served.client.get(FEED, params={"drama": "goblin"})
    assert same_hour.headers["ETag"] != first.headers["ETag"]
    assert "goblin/part-1@ostbot" not in events(await same_hour.read())


async def test_a_renamed_drama_changes_the_feed(served):
    """A drama's new title records no release change, yet the feed's tag and text follow it."""
    first = await served.client.get(FEED, params={"drama": "goblin"})
    renamed = Schedule("goblin.toml", replace(GOBLIN, title="Dokkaebi"), GOBLIN_RELEASES)
    report = await served.store.releases.import_schedules([renamed], now=NOW)  # same second
    assert report.dramas[0].drama_fields == ["title"]
    assert not report.dramas[0].changed
    again = await served.client.get(
        FEED, params={"drama": "goblin"}, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status == 200
    assert "Dokkaebi" in (await again.read()).decode()
