"""Valid schedule files become the domain values the format promises."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.domain import Credit, Link, Status
from bot.schedules import load_paths, parse_text

REPO = Path(__file__).resolve().parents[3]


def test_soundtrack_1_schedule_holds_the_sourced_facts():
    """The shipped Soundtrack #1 file says what the source says and nothing more."""
    [schedule] = load_paths([REPO / "schedules"])
    drama = schedule.drama
    assert (drama.id, drama.title, drama.year) == ("soundtrack-1", "Soundtrack #1", 2022)
    assert drama.cast == ("Park Hyung Sik", "Han So Hee")
    assert drama.sources == ()
    part1, part2, davichi, kjk = schedule.releases
    assert (part1.part, part1.title, part1.artists) == (1, "Love Beyond Words", ("Kyuhyun",))
    assert part1.credits == (Credit("producer", ("DOKO",)),)
    assert part1.at == datetime(2021, 12, 30, 9, tzinfo=UTC)  # 18:00 KST, unconfirmed
    assert part1.time_confirmed is False
    assert (part2.part, part2.title, part2.artists) == (2, "Want to Be Happy", ("Park Bo Ram",))
    assert part2.credits == (Credit("lyrics", ("Park Bo Ram",)),)
    assert part2.at == datetime(2022, 1, 6, 9, tzinfo=UTC)
    assert (part1.genre, part2.genre) == (
        "ballad",
        "ballad",
    )  # "an emotional ballad", "this ballad"
    for tba, artist in ((davichi, "Davichi"), (kjk, "Kim Jong Kook")):
        assert tba.artists == (artist,)
        assert (tba.part, tba.title, tba.at) == (None, None, None)
    for release in schedule.releases:
        assert release.mv is None
        assert release.links == ()
        assert release.status is Status.SCHEDULED


def test_time_forms_resolve_per_the_format():
    """Offset, local and date-only times resolve as the format says; no time means TBA."""
    text = """
[drama]
id = "d"
title = "D"
timezone = "America/New_York"

[[release]]
id = "offset"
artists = ["A"]
at = 2026-03-01T18:00:00+09:00

[[release]]
id = "local"
artists = ["A"]
at = 2026-07-01T12:30:00

[[release]]
id = "day"
artists = ["A"]
date = "2026-01-15"

[[release]]
id = "tba"
artists = ["A"]
"""
    offset, local, day, tba = parse_text(text, "d.toml").releases
    assert (offset.at, offset.time_confirmed) == (datetime(2026, 3, 1, 9, tzinfo=UTC), True)
    assert (local.at, local.time_confirmed) == (datetime(2026, 7, 1, 16, 30, tzinfo=UTC), True)
    assert (day.at, day.time_confirmed) == (datetime(2026, 1, 15, 23, tzinfo=UTC), False)
    assert (tba.at, tba.is_tba) == (None, True)


def test_links_credits_genre_and_status_are_read():
    """Links keep their service names and order; credits keep roles; genre and status are
    read."""
    text = """
[drama]
id = "d"
title = "D"

[[release]]
id = "r"
artists = ["A", "B"]
mv = "https://youtu.be/abc"
links = { melon = "https://melon.com/1", spotify = "https://open.spotify.com/t/2" }
credits = { lyrics = ["X"], composer = ["Y", "Z"] }
genre = "ballad"
status = "postponed"
"""
    [release] = parse_text(text, "d.toml").releases
    assert release.mv == "https://youtu.be/abc"
    assert release.links == (
        Link("melon", "https://melon.com/1"),
        Link("spotify", "https://open.spotify.com/t/2"),
    )
    assert release.credits == (Credit("lyrics", ("X",)), Credit("composer", ("Y", "Z")))
    assert release.genre == "ballad"
    assert release.status is Status.POSTPONED
