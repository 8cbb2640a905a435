"""/ost-admin edit, postpone, cancel: only a server's own releases, every change logged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import Status
from tests.bot.exts.releases.conftest import only_release

CURATED_KEY = "lovely-runner/part-1"


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
            "notes": "Teaser first",
        },
    )
    return await only_release(bot, a)


async def last_change(bot):
    return (await bot.store.releases.changes_since(await bot.store.releases.latest_change() - 1))[0]


async def test_edit_changes_only_the_given_fields(bot, servers, added):
    """Title and artists change, notes are cleared with "-", the change is recorded."""
    a, _ = servers
    result = await a.ost(
        "edit", {"release": added.key, "title": "Stars", "artists": "Eclipse, IU", "notes": "-"}
    )
    release = await only_release(bot, a)
    assert (release.title, release.artists, release.notes) == ("Stars", ("Eclipse", "IU"), None)
    assert (release.at, release.mv) == (added.at, added.mv)
    assert result.ephemeral
    assert result.content == f"Updated `{added.key}`: title, artists, notes changed."
    change = await last_change(bot)
    assert (change.kind, change.fields) == ("changed", ("title", "artists", "notes"))


async def test_edit_with_the_same_values_changes_nothing(bot, servers, added):
    """Typing the current values writes nothing and says so."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("edit", {"release": added.key, "title": "Star"})
    assert result.content == f"Nothing changed: `{added.key}` already says that."
    assert bot.store.database.total_changes == before


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "Nothing to change: give at least one of"),
        ({"artists": "-"}, "artists: a release needs at least one artist"),
        ({"mv": "ftp://x"}, 'mv: "ftp://x" is not an https:// URL'),
        ({"part": 3}, "part: the curated schedule numbers this drama's parts"),
    ],
)
async def test_edit_refuses_bad_options(bot, servers, added, options, message):
    """Each bad edit is answered privately, naming the option, and writes nothing."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("edit", {"release": added.key, **options})
    assert result.ephemeral
    assert message in result.content
    assert bot.store.database.total_changes == before
    assert await only_release(bot, a) == added


@pytest.mark.parametrize("command", ["edit", "postpone", "cancel"])
@pytest.mark.parametrize(
    ("key", "message"),
    [
        (CURATED_KEY, '"lovely-runner/part-1" comes from the curated schedule'),
        ("lovely-runner/nope", 'Your server has no release "lovely-runner/nope"'),
        ("just-text", '"just-text" is not a release: pick one from the list'),
    ],
)
async def test_curated_unknown_and_malformed_releases_are_refused(
    bot, servers, command, key, message
):
    """No command changes a curated release, a missing one or a mistyped reference."""
    a, _ = servers
    options = {"release": key, "title": "X"} if command == "edit" else {"release": key}
    if command == "postpone":
        options["when"] = "2031-01-01"
    before = bot.store.database.total_changes
    result = await a.ost(command, options)
    assert message in result.content
    assert bot.store.database.total_changes == before


@pytest.mark.latency
async def test_postpone_moves_the_release_and_marks_it_postponed(bot, servers, added):
    """A new instant (here with an explicit zone) and status postponed, both recorded."""
    a, _ = servers
    result = await a.ost("postpone", {"release": added.key, "when": "2031-01-02 12:00 UTC"})
    release = await only_release(bot, a)
    assert release.at == datetime(2031, 1, 2, 12, tzinfo=UTC)
    assert release.status is Status.POSTPONED
    assert result.content == f"Postponed `{added.key}`: at, status changed."
    assert "Postponed" in result.embeds[0]["description"]


async def test_a_tba_release_given_its_first_date_stays_scheduled(bot, servers):
    """Dating a TBA release is no postponement: it stays scheduled."""
    a, _ = servers
    await a.ost("add", {"drama": "lovely-runner", "artists": "IU"})
    tba = await only_release(bot, a)
    result = await a.ost("postpone", {"release": tba.key, "when": "2031-01-02"})
    release = await only_release(bot, a)
    assert (release.status, release.time_confirmed) == (Status.SCHEDULED, False)
    assert result.content.startswith(f"Scheduled `{tba.key}`")


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("2001-01-01 18:00", 'when: "2001-01-01 18:00" is in the past'),
        ("2031-02-29", 'when: "2031-02-29": February 2031 has no day 29 (1 to 28)'),
        ("2031-01-01 18:00 Narnia", 'when: "Narnia" is not a time zone'),
    ],
)
async def test_postpone_refuses_bad_times(bot, servers, added, when, message):
    """A past or unreadable time is refused with the part that is wrong; nothing changes."""
    a, _ = servers
    result = await a.ost("postpone", {"release": added.key, "when": when})
    assert message in result.content
    assert await only_release(bot, a) == added


@pytest.mark.latency
async def test_cancel_marks_the_release_cancelled_once(bot, servers, added):
    """Cancelled and recorded; cancelling again is refused."""
    a, _ = servers
    result = await a.ost("cancel", {"release": added.key})
    assert (await only_release(bot, a)).status is Status.CANCELLED
    assert result.content == f"Cancelled `{added.key}`: status changed."
    assert "Cancelled" in result.embeds[0]["description"]
    again = await a.ost("cancel", {"release": added.key})
    assert again.content == f'release: "{added.key}" is already cancelled.'


@pytest.mark.parametrize("command", ["edit", "postpone", "cancel"])
async def test_a_member_without_manage_server_cannot_change_releases(bot, servers, added, command):
    """Plain members are denied before anything is read or written."""
    a, _ = servers
    options = {"release": added.key, "title": "X", "when": "2031-01-01"}
    wanted = {"edit": ("release", "title"), "postpone": ("release", "when"), "cancel": ("release",)}
    result = await a.ost(command, {k: options[k] for k in wanted[command]}, as_admin=False)
    assert result.content == "You need the Manage Server permission to use this command."
    assert await only_release(bot, a) == added


async def test_release_autocomplete_lists_only_the_servers_own(bot, servers, added):
    """Server A sees its release in the choices; server B sees nothing of A's."""
    a, b = servers
    mine = await a.fake.autocomplete("ost-admin edit", "release", {"release": "star"}, user=a.admin)
    assert mine.choices == [
        {
            "name": 'Lovely Runner "Star" by Eclipse (2030-12-30 09:00 UTC)',
            "value": added.key,
        }
    ]
    theirs = await b.fake.autocomplete("ost-admin cancel", "release", {"release": ""}, user=b.admin)
    assert theirs.choices == []
