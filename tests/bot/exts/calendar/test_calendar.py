"""/ost calendar: a private .ics attachment of what the server may see, TBA left out."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from icalendar import Calendar

from bot.domain import Schedule
from tests.bot.exts.calendar.conftest import A_OWN, CURATED, GOBLIN, NOW, attachments, member


def uids(data: bytes) -> list[str]:
    return [str(e["UID"]) for e in Calendar.from_ical(data).walk("VEVENT")]


@pytest.mark.latency
async def test_replies_with_a_calendar_file(fake_discord, guilds, calendar_bot):
    """Deferred, then a private reply with ostbot-upcoming.ics: every timed upcoming release,
    in time order, the TBA one left out and said so."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", user=member(a))
    assert result.deferred
    assert result.ephemeral
    [file] = attachments(fake_discord, result)
    assert file.filename == "ostbot-upcoming.ics"
    assert [m["filename"] for m in result.message["attachments"]] == ["ostbot-upcoming.ics"]
    assert uids(file.data) == [
        "our-show/first-light@ostbot",
        "goblin/part-1@ostbot",
        "goblin/part-2@ostbot",
        "goblin/gone@ostbot",
    ]
    events = {str(e["UID"]): e for e in Calendar.from_ical(file.data).walk("VEVENT")}
    assert events["goblin/part-1@ostbot"].decoded("DTSTART").timestamp() == NOW.timestamp() + 86400
    assert str(events["goblin/part-2@ostbot"]["SUMMARY"]).endswith("(time unconfirmed)")
    assert str(events["goblin/gone@ostbot"]["STATUS"]) == "CANCELLED"
    assert "4 upcoming release(s)" in result.content
    assert "1 release(s) with no date yet (TBA) are left out" in result.content


async def test_filters_by_drama_and_artist(fake_discord, guilds, calendar_bot):
    """drama and artist narrow the file and name it; the calendar is named after the drama."""
    a, _ = guilds
    by_drama = await fake_discord.invoke("ost calendar", {"drama": "goblin"}, user=member(a))
    [file] = attachments(fake_discord, by_drama)
    assert file.filename == "ostbot-goblin.ics"
    assert "our-show/first-light@ostbot" not in uids(file.data)
    assert str(Calendar.from_ical(file.data)["X-WR-CALNAME"]).startswith("Goblin:")
    by_artist = await fake_discord.invoke("ost calendar", {"artist": "punch"}, user=member(a))
    [file] = attachments(fake_discord, by_artist)
    assert uids(file.data) == ["goblin/part-1@ostbot"]


async def test_same_request_twice_gives_the_same_uids(fake_discord, guilds, calendar_bot):
    """A second export has the same UIDs, so importing it updates instead of duplicating."""
    a, _ = guilds
    first = await fake_discord.invoke("ost calendar", user=member(a))
    second = await fake_discord.invoke("ost calendar", user=member(a))
    [one] = attachments(fake_discord, first)
    [two] = attachments(fake_discord, second)
    assert uids(one.data) == uids(two.data)


async def test_change_count_becomes_the_sequence(fake_discord, guilds, calendar_bot):
    """After a server moves its release, the event's SEQUENCE grows, and the UID stays."""
    a, _ = guilds
    before = await fake_discord.invoke("ost calendar", {"drama": "our-show"}, user=member(a))
    moved = replace(A_OWN, at=NOW + timedelta(hours=6))
    await calendar_bot.store.own_releases.save(a.id, moved, now=NOW)
    after = await fake_discord.invoke("ost calendar", {"drama": "our-show"}, user=member(a))
    [old] = Calendar.from_ical(attachments(fake_discord, before)[0].data).walk("VEVENT")
    [new] = Calendar.from_ical(attachments(fake_discord, after)[0].data).walk("VEVENT")
    assert str(old["UID"]) == str(new["UID"])
    assert (old.decoded("SEQUENCE"), new.decoded("SEQUENCE")) == (0, 1)
    assert new.decoded("DTSTART") == moved.at


async def test_server_b_never_gets_server_a_releases(fake_discord, guilds, calendar_bot):
    """B's calendar has the curated releases only; A's own release is not in it."""
    _, b = guilds
    result = await fake_discord.invoke("ost calendar", user=member(b))
    [file] = attachments(fake_discord, result)
    assert "our-show/first-light@ostbot" not in uids(file.data)
    assert b"First Light" not in file.data
    named = await fake_discord.invoke("ost calendar", {"drama": "our-show"}, user=member(b))
    assert attachments(fake_discord, named) == []
    assert "nothing upcoming for drama our-show" in named.content


async def test_no_upcoming_release_is_a_message_not_a_file(fake_discord, guilds, calendar_bot):
    """A drama with nothing upcoming gets a clear private message and no file."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", {"drama": "nope"}, user=member(a))
    assert result.ephemeral
    assert attachments(fake_discord, result) == []
    assert result.content.startswith("No calendar file: nothing upcoming for drama nope.")


async def test_only_tba_releases_is_a_message_not_a_file(fake_discord, guilds, calendar_bot):
    """When every match is TBA, the message says they have no date yet."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", {"artist": "Ailee"}, user=member(a))
    assert attachments(fake_discord, result) == []
    assert result.content.startswith(
        "No calendar file: the 1 upcoming release(s) for artist Ailee have no date yet (TBA)."
    )


@pytest.mark.latency
async def test_options_autocomplete(fake_discord, guilds, calendar_bot):
    """drama autocompletes over dramas (Korean too), artist over artists, per server."""
    a, b = guilds
    dramas = await fake_discord.autocomplete(
        "ost calendar", "drama", {"drama": "도깨"}, user=member(a)
    )
    assert dramas.choices[0]["value"] == "goblin"
    artists = await fake_discord.autocomplete(
        "ost calendar", "artist", {"artist": "han"}, user=member(b)
    )
    assert "Hana" not in [c["value"] for c in artists.choices]


async def test_autocomplete_without_the_browse_extension(fake_discord, guilds, start_ostbot):
    """The calendar suggests dramas from the catalog bot.wiring built, browse loaded or not."""
    a, _ = guilds
    async with start_ostbot(extensions=["bot.exts.calendar"], clock=lambda: NOW) as bot:
        await bot.store.releases.import_schedules(
            [Schedule("goblin.toml", GOBLIN, CURATED)], now=NOW
        )
        dramas = await fake_discord.autocomplete(
            "ost calendar", "drama", {"drama": "gob"}, user=member(a)
        )
    assert [c["value"] for c in dramas.choices] == ["goblin"]


async def test_a_korean_member_gets_event_texts_in_korean(fake_discord, guilds, calendar_bot):
    """The events' summaries and descriptions follow the member's language; the UIDs, times
    and statuses calendar apps read stay as they are."""
    a, _ = guilds
    member(a).user.locale = "ko"
    result = await fake_discord.invoke("ost calendar", {"drama": "goblin"}, user=member(a))
    [file] = attachments(fake_discord, result)
    events = {str(e["UID"]): e for e in Calendar.from_ical(file.data).walk("VEVENT")}
    unconfirmed = events["goblin/part-2@ostbot"]
    assert str(unconfirmed["SUMMARY"]).endswith("(시각 미확정)")
    assert str(unconfirmed["DESCRIPTION"]).startswith("아티스트: Crush\n시각 미확정: 날짜만")
    gone = events["goblin/gone@ostbot"]
    assert "상태: 취소됨" in str(gone["DESCRIPTION"])
    assert str(gone["STATUS"]) == "CANCELLED"
