"""Every post built from a valid schedule fits Discord's limits, cut gracefully and visibly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.announcer.packing import Due, plan_rows
from bot.domain import ANNOUNCE, Credit, Drama, GuildSettings, Link, Release, Schedule
from bot.i18n import SUPPORTED, language
from bot.render import announcement_embed, limits, render_part, render_post
from bot.render.announcement import fit_announcement
from bot.render.cuts import release_cuts
from bot.render.escape import clean, plain
from bot.render.post import embed_length
from tests.bot.render.every_post import check_all, events, every_payload

AT = datetime(2030, 1, 1, 9, tzinfo=UTC)
NOW = AT - timedelta(days=3)
LONG_ID = "x" * 64


def worst(release_id: str = LONG_ID, *, char: str = "N", **overrides: Any) -> Release:
    """A release at every limit of the schedule format, names made of ``char``."""
    values: dict[str, Any] = {
        "artists": tuple(char * 100 for _ in range(25)),
        "title": char * 200,
        "part": 999,
        "at": AT,
        "time_confirmed": True,
        "mv": "https://youtu.be/" + "v" * 495,
        "links": tuple(
            Link(f"service-{i:02}" + "_" * 22, f"https://e.com/{i}" + "p" * 490) for i in range(25)
        ),
        "credits": tuple(
            Credit(f"role-{i:02}" + "_" * 24, tuple(char * 100 for _ in range(25)))
            for i in range(25)
        ),
        "notes": char * 500,
        "genre": char * 100,
    }
    values.update(overrides)
    return Release(LONG_ID, release_id, **values)


def drama(char: str = "D") -> Drama:
    return Drama(id=LONG_ID, title=char * 200, title_native=char * 200, year=2030)


# Characters that grow when escaped (markdown doubles them; markup gains a zero-width space).
CHARS = ["N", "*", "_", "\\", "<", "@", "한", "👩‍👩‍👧"]
MARKUP = ["<t:1700000000:R>", "</ost info:123>", "<:e:1>", "<a:e:22>", "<#1>", "<@1>", "<@!1>"]
MARKUP += ["<@&1>", "@everyone", "@here", "<id:browse>", "<T:1:f>"]


@pytest.mark.parametrize("char", CHARS + MARKUP)
def test_one_release_at_every_limit_fits_in_every_post(char):
    """Longest names, 25 credits of 25, 25 links, any escaping: every post kind passes the fake."""
    release = worst(char=char)
    schedule = Schedule("w.toml", drama(char), (release,))
    assert check_all([schedule], NOW) > 10


@pytest.mark.parametrize("locale", sorted(SUPPORTED))
@pytest.mark.parametrize("count", [1, 10, 11])
def test_grouped_announcements_fit_in_every_language(locale, count):
    """Worst-case drops at one instant, packed by their English parts as the sweep packs them,
    then posted in the server's language (the longest included): every post passes the fake."""
    releases = tuple(worst(f"r{i:02}", char="*", part=i + 1) for i in range(count))
    schedule = Schedule("w.toml", drama("*"), releases)
    assert check_all([schedule], NOW, language(locale)) > 0


@pytest.mark.parametrize("count", [2, 10, 11, 21])
@pytest.mark.parametrize("char", ["N", "*"])
def test_many_releases_at_one_instant_all_fit_and_none_is_dropped(count, char):
    """Several worst-case drops at one instant: each message fits, and every release is in one."""
    releases = tuple(worst(f"r{i:02}", char=char, part=i + 1) for i in range(count))
    schedule = Schedule("w.toml", drama(char), releases)
    check_all([schedule], NOW)
    guild = GuildSettings(1, NOW - timedelta(days=1), channel_id=10)
    dues = [Due(r, ANNOUNCE, AT) for r in releases]
    parts = {r.key: render_part(schedule.drama, r) for r in releases}
    rows = plan_rows(dues, {r.key: [guild] for r in releases}, parts, now=AT)
    assert sorted(row.release_id for row in rows) == sorted(r.id for r in releases)


def test_a_post_whose_facts_grew_after_packing_still_fits():
    """Ten small drops share a message; grown to the limits (an edit), they share 6,000."""
    small = [Release(LONG_ID, f"r{i}", ("A",), at=AT) for i in range(10)]
    post = render_post({LONG_ID: drama()}, [replace(worst(), id=r.id) for r in small])
    assert len(post.embeds) == 10
    assert sum(embed_length(e) for e in post.embeds) <= limits.EMBED_TOTAL
    assert all(e["footer"]["text"].startswith(LONG_ID) for e in post.embeds)


@pytest.mark.parametrize("budget", [6000, 4000, 2000, 1000, 600, 300, 50])
def test_every_budget_is_kept(budget):
    """However little room a release gets, its embed stays within it, and says what it cut."""
    for char in CHARS:
        for release in (worst(char=char), worst(char=char, artists=(char * 100,), credits=())):
            whole = fit_announcement(drama(char), release, budget=10**6)
            fitted = fit_announcement(drama(char), release, budget=budget)
            assert embed_length(fitted.embed) <= budget
            assert fitted.cuts or fitted.embed == whole.embed


def test_cut_lists_end_with_how_many_more():
    """Cut credit and artist lists say how many names are not shown; nothing is cut silently."""
    fitted = fit_announcement(drama(), worst())
    assert "… and " in fitted.embed["description"]
    assert all(re.search(r"… and \d+ more$", f["value"]) for f in fitted.embed["fields"])
    assert {c.field for c in fitted.cuts} >= {"artists", "credits.role-00________________________"}


def test_a_release_that_fits_is_shown_whole_and_reports_no_cut():
    """A normal release loses nothing: no cut, every credit name shown."""
    release = worst(
        artists=("Kyuhyun",), credits=(Credit("producer", ("DOKO", "Song")),), links=(), notes="n"
    )
    release = replace(release, title="Love", mv="https://youtu.be/x")
    assert release_cuts(Drama(id=LONG_ID, title="Soundtrack #1"), release) == []
    embed = announcement_embed(Drama(id=LONG_ID, title="Soundtrack #1"), release)
    assert embed["fields"][0]["value"] == "DOKO, Song"


_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _texts(body: Any) -> Iterator[str]:
    """Every string of a payload that Discord shows as text (not URLs, ids or option values)."""
    if isinstance(body, dict):
        for key, value in body.items():
            option_value = key == "value" and "label" in body  # a select option's, not shown
            if key not in ("url", "custom_id", "allowed_mentions") and not option_value:
                yield from _texts(value)
    elif isinstance(body, list):
        for item in body:
            yield from _texts(item)
    elif isinstance(body, str):
        yield body


FIELDS = ["drama", "native", "title", "artists", "notes", "credits"]
BAD = [*MARKUP, "\x00", "\x1b[31mred", "\u202eevil", "\u2066iso\u2069", "\x85", "\x7f", "a\rb"]


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("bad", BAD)
def test_markup_and_control_characters_are_never_posted(field, bad):
    """Markup is defused and control/bidi characters are stripped in every post kind and field."""
    text = f"x {bad} y"
    the_drama = Drama(
        id="d",
        title=text if field == "drama" else "D",
        title_native=text if field == "native" else None,
    )
    release = Release(
        "d",
        "r",
        (text if field == "artists" else "A",),
        title=text if field == "title" else "T",
        at=AT,
        notes=text if field == "notes" else None,
        credits=(Credit("producer", (text if field == "credits" else "P",)),),
        links=(Link("x" if field != "service" else "b_<t_1>", "https://e.com"),),
    )
    schedule = Schedule("s.toml", the_drama, (release,))
    texts = 0
    bodies = [body for _, body in every_payload([schedule], NOW)] + list(events([schedule]))
    for body in bodies:
        for shown in _texts(body):
            assert bad not in MARKUP or bad not in shown, shown
            assert not _UNSAFE.search(shown), repr(shown)
            texts += "x " in shown
    assert texts  # the text was rendered somewhere (a vacuous pass would prove nothing)


@pytest.mark.parametrize("bad", MARKUP)
def test_defused_markup_still_reads_as_typed(bad):
    """Defusing only inserts an invisible character: the text reads the same."""
    assert clean(bad).replace("\u200b", "") == bad
    assert plain(bad).replace("\u200b", "").replace("\\", "") == bad.replace("\\", "")
