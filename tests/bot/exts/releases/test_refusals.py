"""/ost-admin add, edit and postpone refuse, by class, what files refuse: instants outside
1970-2200, skipped local times, fractions, host zones, harmful characters, links without a
host. Each answer is private, names the option, holds nothing harmful, and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import Status
from bot.domain.text import refused_character
from tests.bot.exts.releases.conftest import only_release

RANGE = "is outside the supported range (1970 to 2200)"
SKIPPED = "does not exist in America/New_York (the clocks skip it)"

EDGE_WHENS = [
    ("0001-01-01 00:00", f'"0001-01-01": year 1 {RANGE}'),
    ("0001-01-01", f'"0001-01-01": year 1 {RANGE}'),
    ("9999-12-31 23:59", f'"9999-12-31": year 9999 {RANGE}'),
    ("9999-12-31", f'"9999-12-31": year 9999 {RANGE}'),
    ("9999-12-31 23:59 Pacific/Kiritimati", f"year 9999 {RANGE}"),
    ("9999-12-31T23:59-12:00", f"year 9999 {RANGE}"),
    ("0001-01-01 00:00 Etc/GMT+12", f"year 1 {RANGE}"),
    ("0001-01-01T00:00+14:00", f"year 1 {RANGE}"),
    ("2201-01-01 00:00 UTC", f"year 2201 {RANGE}"),
    ("1969-12-31 23:59 KST", f"year 1969 {RANGE}"),
    ("2200-12-31 23:00 -12:00", "after the supported range (1970-01-01 to 2200-12-31, UTC)"),
    ("2200-12-31 Etc/GMT+12", "after the supported range"),
    ("2027-03-14 02:30 America/New_York", f"2027-03-14 02:30 {SKIPPED}"),
    ("2027-03-14 02:00 america/new_york", f"2027-03-14 02:00 {SKIPPED}"),
    ("2027-03-28 01:30 Europe/London", "does not exist in Europe/London"),
    ("2030-12-30 18:00:00.5", "fractions of a second are not allowed"),
    ("2030-12-30T18:00:00,001+09:00", "fractions of a second are not allowed"),
    ("2030-12-30 18:00 localtime", '"localtime" is not a time zone'),
    ("2030-12-30 18:00 /etc/localtime", '"/etc/localtime" is not a time zone'),
    ("2030-12-30 18:00 posixrules", '"posixrules" is not a time zone'),
    ("2030-12-30 18:00 \x1b[2J", '"\\x1b[2J" is not a time zone'),
    ("\u202e2030-12-30", '"\\u202e2030-12-30" is not a date'),
]


@pytest.mark.parametrize(("when", "message"), EDGE_WHENS, ids=[w for w, _ in EDGE_WHENS])
async def test_add_refuses_an_instant_outside_the_rules(bot, servers, when, message):
    """An edge year, a skipped local time, a fraction or a host zone: refused, nothing written."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("add", {"drama": "lovely-runner", "artists": "IU", "when": when})
    assert result.ephemeral
    assert result.content.startswith("when: ")
    assert message in result.content
    assert refused_character(result.content, newlines=True) is None
    assert bot.store.database.total_changes == before
    assert await bot.store.own_releases.all(a.guild.id) == []


@pytest.fixture
async def added(bot, servers):
    """Server A's release "Star" by Eclipse, on 2030-12-30 at 18:00 Seoul time."""
    a, _ = servers
    await a.ost(
        "add",
        {
            "drama": "lovely-runner",
            "artists": "Eclipse",
            "title": "Star",
            "when": "2030-12-30 18:00",
        },
    )
    return await only_release(bot, a)


@pytest.mark.parametrize(("when", "message"), EDGE_WHENS, ids=[w for w, _ in EDGE_WHENS])
async def test_postpone_refuses_an_instant_outside_the_rules(bot, servers, added, when, message):
    """postpone reads times with the same rules: refused, the release keeps its instant."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("postpone", {"release": added.key, "when": when})
    assert result.ephemeral
    assert message in result.content
    assert refused_character(result.content, newlines=True) is None
    assert bot.store.database.total_changes == before
    assert (await only_release(bot, a)).at == added.at


async def test_postpone_into_an_autumn_overlap_takes_the_first_occurrence(bot, servers, added):
    """01:30 on New York's fall-back night happens twice; the earlier one (EDT) is meant."""
    a, _ = servers
    await a.ost("postpone", {"release": added.key, "when": "2027-11-07 01:30 America/New_York"})
    release = await only_release(bot, a)
    assert (release.at, release.status) == (
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC),
        Status.POSTPONED,
    )


HARMFUL = [
    ("\x1b[31m", "U+001B (ESCAPE), a control character"),
    ("\x00", "U+0000 (NULL), a control character"),
    ("\x7f", "U+007F (DELETE), a control character"),
    ("\x9b", "U+009B (CONTROL SEQUENCE INTRODUCER), a control character"),
    ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE), an invisible character"),
    ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE), an invisible character"),
    ("\u200b", "U+200B (ZERO WIDTH SPACE), an invisible character"),
    ("\u2028", "U+2028 (LINE SEPARATOR), an invisible character"),
    ("\ufeff", "U+FEFF (ZERO WIDTH NO-BREAK SPACE), an invisible character"),
]
FIELDS = [
    ("title", "Star{}"),
    ("artists", "Eclipse, I{}U"),
    ("notes", "Teaser{} first"),
    ("mv", "https://youtu.be/x{}"),
]


@pytest.mark.parametrize(("char", "named"), HARMFUL, ids=[n for _, n in HARMFUL])
@pytest.mark.parametrize(("option", "template"), FIELDS, ids=[f for f, _ in FIELDS])
async def test_add_refuses_harmful_characters_in_any_text(
    bot, servers, char, named, option, template
):
    """A control or invisible character in any text option is named, escaped, never stored."""
    a, _ = servers
    before = bot.store.database.total_changes
    options = {"drama": "lovely-runner", "artists": "IU", option: template.format(char)}
    result = await a.ost("add", options)
    assert result.ephemeral
    assert result.content.startswith(f"{option}: contains {named}")
    assert refused_character(result.content, newlines=True) is None
    assert bot.store.database.total_changes == before


@pytest.mark.parametrize(("char", "named"), HARMFUL, ids=[n for _, n in HARMFUL])
async def test_add_refuses_harmful_characters_in_a_new_dramas_title(bot, servers, char, named):
    """Text that would become a new drama's title is held to the same rule."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("add", {"drama": f"Our{char} Show", "artists": "IU"})
    assert result.content.startswith(f"drama: contains {named}")
    assert bot.store.database.total_changes == before


# Each character once, the options taken in turn (add above covers every pair).
EDIT_CASES = [(*HARMFUL[i], *FIELDS[i % len(FIELDS)]) for i in range(len(HARMFUL))]


@pytest.mark.parametrize(("char", "named", "option", "template"), EDIT_CASES)
async def test_edit_refuses_harmful_characters_in_any_text(
    bot, servers, added, char, named, option, template
):
    """edit is held to the same rule; the release keeps its values."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("edit", {"release": added.key, option: template.format(char)})
    assert result.content.startswith(f"{option}: contains {named}")
    assert refused_character(result.content, newlines=True) is None
    assert bot.store.database.total_changes == before
    assert await only_release(bot, a) == added


@pytest.mark.parametrize(
    ("mv", "message"),
    [
        ("https://", "has no valid host name"),
        ("https://x", "has no valid host name"),
        ("https://localhost/x", "has no valid host name"),
        ("https://127.0.0.1/x", "has no valid host name"),
        ("https://user:pw@youtu.be/x", "carries a user name or password"),
        ("https://youtu.be\\@evil.com", "contains a backslash"),
        ("https://youtu.be/a b", "contains a space"),
    ],
)
async def test_links_need_a_real_host_name(bot, servers, added, mv, message):
    """add and edit refuse an mv link without a dotted host, with a user, or with spaces."""
    a, _ = servers
    before = bot.store.database.total_changes
    for command, options in (
        ("add", {"drama": "lovely-runner", "artists": "IU", "mv": mv}),
        ("edit", {"release": added.key, "mv": mv}),
    ):
        result = await a.ost(command, options)
        assert result.content.startswith("mv: ")
        assert message in result.content
    assert bot.store.database.total_changes == before


async def test_a_release_key_with_an_escape_sequence_is_quoted_escaped(bot, servers):
    """A typed release that is no release is refused, the escape shown, not sent raw."""
    a, _ = servers
    result = await a.ost("postpone", {"release": "\x1b[31mnope", "when": "TBA"})
    assert result.content.startswith('release: "\\x1b[31mnope" is not a release')
