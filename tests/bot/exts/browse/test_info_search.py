"""/ost info and /ost search: one release in full, and matches by name."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain import Drama, Release, Schedule
from tests.bot.exts.browse.conftest import NOW


@pytest.mark.latency
async def test_info_shows_the_release_with_link_buttons(fake_discord, browse_bot, alice):
    """info shows credits, notes, drama and status, with the MV and streaming links."""
    result = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
    embed = result.embeds[0]
    assert embed["title"] == 'Goblin (도깨비) OST Part 1 "Stay With Me"'
    assert "The main theme." in embed["description"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Producer"] == "Rocoberry"
    assert fields["Drama"] == "Goblin (도깨비), 2016"
    assert fields["Status"] == "scheduled"
    links, remind = result.components
    assert [b["url"] for b in links["components"]] == [
        "https://youtu.be/stay",
        "https://melon.com/stay",
    ]
    assert [b["custom_id"] for b in remind["components"]] == ["ostbot:remind:goblin/part-1"]


async def test_info_malformed_value(fake_discord, browse_bot, alice):
    """A value that is not drama/release explains how to name one."""
    result = await fake_discord.invoke("ost info", {"release": "stay with me"}, user=alice)
    assert result.ephemeral
    assert "Pick one from the suggestions" in result.content


async def test_info_unknown_release(fake_discord, browse_bot, alice):
    """An unknown release is a clear not-found, privately."""
    result = await fake_discord.invoke("ost info", {"release": "goblin/part-99"}, user=alice)
    assert result.ephemeral
    assert 'no release "goblin/part-99"' in result.content


async def test_info_hides_another_servers_release(fake_discord, browse_bot, alice):
    """A server's own release is not found from another server."""
    await browse_bot.store.own_releases.save(
        12345, Release("goblin", "theirs", ("X",), title="Theirs"), now=NOW
    )
    result = await fake_discord.invoke("ost info", {"release": "goblin/theirs"}, user=alice)
    assert 'no release "goblin/theirs"' in result.content


@pytest.mark.parametrize("locale", ["en-US", "ko", "es-ES", "pt-BR", "id", "ja", "zh-TW"])
async def test_autocomplete_matches_hangul_and_shows_native_titles_in_every_locale(
    fake_discord, browse_bot, alice, locale
):
    """Whatever the member's client language, Hangul finds the drama and its releases, and the
    choices name the drama in Korean beside its romanized title."""
    alice.user.locale = locale
    found = await fake_discord.autocomplete(
        "ost info", "release", {"release": "도깨비"}, user=alice
    )
    assert found.choices
    assert all(c["name"].startswith("Goblin (도깨비)") for c in found.choices)
    dramas = await fake_discord.autocomplete("ost upcoming", "drama", {"drama": "도깨"}, user=alice)
    assert dramas.choices[0] == {"name": "Goblin (도깨비)", "value": "goblin"}


@pytest.mark.latency
async def test_autocomplete_fuzzy_korean_and_per_server(
    fake_discord, fake_guild, browse_bot, alice
):
    """Autocomplete matches typos, half-typed Korean, and the server's own releases only."""
    typo = await fake_discord.autocomplete(
        "ost info", "release", {"release": "stay wth"}, user=alice
    )
    assert typo.choices[0] == {
        "name": 'Goblin (도깨비) · Part 1 "Stay With Me" — Chanyeol, Punch',
        "value": "goblin/part-1",
    }
    korean = await fake_discord.autocomplete("ost info", "release", {"release": "사라"}, user=alice)
    assert korean.choices[0]["value"] == "goblin/part-3"
    await browse_bot.store.own_releases.save(
        fake_guild.id, Release("goblin", "ours", ("Us",), title="Zebra Ours"), now=NOW
    )
    await browse_bot.store.own_releases.save(
        12345, Release("goblin", "theirs", ("Them",), title="Zebra Theirs"), now=NOW
    )
    zebra = await fake_discord.autocomplete("ost info", "release", {"release": "zebra"}, user=alice)
    assert [c["value"] for c in zebra.choices] == ["goblin/ours"]


async def test_autocomplete_sees_a_new_import(fake_discord, browse_bot, alice):
    """Releases imported after start-up are offered (the catalog follows the change log)."""
    drama = Drama(id="crash", title="Crash Landing on You", title_native="사랑의 불시착")
    await browse_bot.store.releases.import_schedules(
        [Schedule("crash.toml", drama, (Release("crash", "p1", ("IU",), title="Give You"),))],
        now=NOW,
    )
    found = await fake_discord.autocomplete("ost info", "release", {"release": "불시"}, user=alice)
    assert found.choices[0]["value"] == "crash/p1"


async def test_search_sections(fake_discord, browse_bot, alice):
    """search answers (deferred) with dramas, releases and artists that match."""
    result = await fake_discord.invoke("ost search", {"text": "go"}, user=alice)
    assert result.deferred
    names = [f["name"] for f in result.embeds[0]["fields"]]
    assert names == ["Dramas (1)", "Releases (1)"]  # Goblin; "Gone Song"


async def test_search_nothing_found(fake_discord, browse_bot, alice):
    """No match is one clear sentence."""
    result = await fake_discord.invoke("ost search", {"text": "zzzz"}, user=alice)
    assert result.content.startswith('Nothing matches "zzzz"')


async def test_search_defers_before_slow_work(fake_discord, browse_bot, alice, monkeypatch):
    """A slow store still gets an answer in time: the command defers before it reads."""
    gate = asyncio.Event()
    search = browse_bot.store.releases.search

    async def slow_search(*args, **kwargs):
        await gate.wait()
        return await search(*args, **kwargs)

    monkeypatch.setattr(browse_bot.store.releases, "search", slow_search)
    result = await fake_discord.invoke("ost search", {"text": "go"}, user=alice, wait=False)
    await fake_discord.wait_until(lambda: result.callback is not None, 5, "the defer")
    assert result.deferred
    assert not result.final
    gate.set()
    await result.wait_final()
    assert result.embeds[0]["title"] == 'Search: "go"'
