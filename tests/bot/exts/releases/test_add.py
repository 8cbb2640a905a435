"""/ost-admin add: a server tracks a release of its own; bad input is refused, nothing written."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain import NotFound, Status
from bot.services import server_releases as service
from tests.bot.exts.releases.conftest import CURATED_PART_1, only_release

WHEN = "2030-12-30 18:00"
WHEN_UTC = datetime(2030, 12, 30, 9, tzinfo=UTC)  # 18:00 in Seoul, the drama's zone


@pytest.mark.latency
async def test_add_to_a_curated_drama(bot, servers):
    """Added to a curated drama: stored for this server, a private reply with a preview."""
    a, _ = servers
    result = await a.ost(
        "add",
        {
            "drama": "lovely-runner",
            "artists": "Eclipse, Kim Hye Yoon",
            "title": "Star",
            "when": WHEN,
            "mv": "https://youtu.be/star",
        },
    )
    release = await only_release(bot, a)
    assert release.drama_id == "lovely-runner"
    assert release.id.startswith("star-")
    assert (release.artists, release.title, release.mv) == (
        ("Eclipse", "Kim Hye Yoon"),
        "Star",
        "https://youtu.be/star",
    )
    assert (release.at, release.time_confirmed, release.part) == (WHEN_UTC, True, None)
    assert result.deferred
    assert result.ephemeral
    assert result.content.startswith(f"Added `{release.key}`. Only this server sees it")
    [embed] = result.embeds
    assert embed["title"] == 'Lovely Runner OST "Star"'
    assert f"<t:{int(WHEN_UTC.timestamp())}:F>" in embed["description"]


async def test_add_with_a_new_title_makes_a_drama_of_the_servers_own(bot, servers):
    """Text that names no drama becomes the server's own drama; a date alone is unconfirmed."""
    a, b = servers
    result = await a.ost(
        "add", {"drama": "Our Little Show", "artists": "IU", "part": 2, "when": "2030-12-30"}
    )
    release = await only_release(bot, a)
    assert release.drama_id.startswith("our-little-show-")
    assert (release.part, release.at, release.time_confirmed) == (2, WHEN_UTC, False)
    assert "new drama of this server's own" in result.content
    assert "time unconfirmed" in result.embeds[0]["description"]
    drama = await bot.store.releases.visible_drama(release.drama_id, guild_id=a.guild.id)
    assert drama.title == "Our Little Show"
    with pytest.raises(NotFound):
        await bot.store.releases.visible_drama(release.drama_id, guild_id=b.guild.id)


async def test_add_by_exact_title_uses_the_existing_drama_and_no_time_is_tba(bot, servers):
    """A curated drama's exact title (any case) picks it; without a time the release is TBA."""
    a, _ = servers
    result = await a.ost("add", {"drama": "lovely runner", "artists": "Eclipse"})
    release = await only_release(bot, a)
    assert (release.drama_id, release.at, release.status) == (
        "lovely-runner",
        None,
        Status.SCHEDULED,
    )
    assert "It is TBA" in result.content


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"when": "2020-12-30 18:00"}, 'when: "2020-12-30 18:00" is in the past'),
        ({"when": "2030-13-30"}, 'when: "2030-13-30": month 13 does not exist'),
        ({"when": "2030-12-30 18:00 Mars/Base"}, 'when: "Mars/Base" is not a time zone'),
        ({"mv": "http://youtu.be/x"}, 'mv: "http://youtu.be/x" is not an https:// URL'),
        ({"title": "x" * 201}, "title: is 201 characters long; the limit is 200"),
        ({"artists": "IU, "}, "artists: must not be empty"),
        ({"part": 2}, "part: the curated schedule numbers this drama's parts"),
    ],
)
async def test_add_refuses_bad_options_and_writes_nothing(bot, servers, options, message):
    """Each bad option is answered privately, naming it; the store is untouched."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("add", {"drama": "lovely-runner", "artists": "IU", **options})
    assert result.ephemeral
    assert message in result.content
    assert bot.store.database.total_changes == before
    assert await bot.store.own_releases.all(a.guild.id) == []


async def test_add_to_another_servers_drama_makes_a_new_one_instead(bot, servers):
    """Server B naming A's own drama by id cannot reach it: B gets a drama of its own."""
    a, b = servers
    await a.ost("add", {"drama": "Secret Show", "artists": "IU"})
    theirs = (await only_release(bot, a)).drama_id
    await b.ost("add", {"drama": theirs, "artists": "IU"})
    mine = await only_release(bot, b)
    assert mine.drama_id != theirs
    assert mine.drama_id.startswith(f"{theirs}-")


async def test_a_member_without_manage_server_is_denied(bot, servers):
    """A plain member gets the permission message and nothing is written."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.ost("add", {"drama": "lovely-runner", "artists": "IU"}, as_admin=False)
    assert result.ephemeral
    assert result.content == "You need the Manage Server permission to use this command."
    assert bot.store.database.total_changes == before


async def test_drama_autocomplete_offers_what_the_server_sees_and_a_new_drama(bot, servers):
    """Choices: curated and the server's own dramas (not other servers'), then "new"."""
    a, b = servers
    await b.ost("add", {"drama": "Lovely Secret", "artists": "IU"})
    result = await a.fake.autocomplete("ost-admin add", "drama", {"drama": "lovely"}, user=a.admin)
    assert result.choices == [
        {"name": "Lovely Runner (lovely-runner)", "value": "lovely-runner"},
        {"name": 'New drama of this server: "lovely"', "value": "lovely"},
    ]
    assert CURATED_PART_1.drama_id == "lovely-runner"


async def test_in_a_direct_message_the_command_says_it_needs_a_server(bot, servers):
    """Outside a server there is no server to own the release: refused, nothing written."""
    a, _ = servers
    before = bot.store.database.total_changes
    result = await a.fake.invoke(
        "ost-admin add", {"drama": "lovely-runner", "artists": "IU"}, user=a.admin.user
    )
    assert result.content == "This command works only in a server."
    assert bot.store.database.total_changes == before


async def test_a_server_cannot_pile_up_releases_without_end(bot, servers, monkeypatch):
    """Past the limit of waiting releases, add is refused; another server is unaffected."""
    monkeypatch.setattr(service, "MAX_WAITING", 1)
    a, b = servers
    await a.ost("add", {"drama": "lovely-runner", "artists": "IU"})
    result = await a.ost("add", {"drama": "lovely-runner", "artists": "IU"})
    assert "already has 1 releases of its own waiting (the limit is 1)" in result.content
    assert len(await bot.store.own_releases.all(a.guild.id)) == 1
    await b.ost("add", {"drama": "lovely-runner", "artists": "IU"})
    assert len(await bot.store.own_releases.all(b.guild.id)) == 1


async def test_several_problems_are_reported_together(bot, servers):
    """Every bad option is named in one reply, a repeated problem once."""
    a, _ = servers
    result = await a.ost(
        "add", {"drama": "lovely-runner", "artists": ", ,", "mv": "http://x", "notes": "n" * 501}
    )
    assert result.content.splitlines() == [
        "artists: must not be empty",
        'mv: "http://x" is not an https:// URL',
        "notes: is 501 characters long; the limit is 500",
    ]
