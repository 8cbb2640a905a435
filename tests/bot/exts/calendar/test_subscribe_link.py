"""/ost calendar with the web configured: the file, and the public feed's link with the same
filters to subscribe to instead; without the web, no link."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import OstBot
from bot.domain import Schedule
from tests.bot.exts.calendar.conftest import (
    A_DRAMA,
    A_OWN,
    CURATED,
    GOBLIN,
    NOW,
    attachments,
    member,
)
from tests.conftest import StartOstbot
from tests.fake_discord import Guild

PUBLIC_URL = "https://ost.example.org"


@pytest.fixture
async def web_calendar_bot(
    start_ostbot: StartOstbot, guilds: tuple[Guild, Guild]
) -> AsyncIterator[OstBot]:
    """As calendar_bot, with OSTBOT_PUBLIC_URL set."""
    extensions = ["bot.exts.browse", "bot.exts.calendar"]
    async with start_ostbot(extensions=extensions, clock=lambda: NOW, public_url=PUBLIC_URL) as bot:
        await bot.store.releases.import_schedules(
            [Schedule("goblin.toml", GOBLIN, CURATED)], now=NOW
        )
        await bot.store.own_releases.save(guilds[0].id, A_OWN, now=NOW, new_drama=A_DRAMA)
        yield bot


@pytest.mark.parametrize(
    ("options", "link"),
    [
        ({}, "ost.example.org/calendar.ics"),
        (
            {"drama": "goblin", "artist": "Crush"},
            "ost.example.org/calendar.ics?drama=goblin&artist=Crush",
        ),
    ],
)
async def test_the_reply_has_the_subscribe_link_and_the_file(
    fake_discord, guilds, web_calendar_bot, options, link
):
    """webcal:// and https:// links with the command's filters, next to the .ics file."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", options, user=member(a))
    assert result.ephemeral
    assert f"<webcal://{link}>" in result.content
    assert f"<https://{link}>" in result.content
    assert "/ost-admin setup web" in result.content  # where the server's own releases are
    [file] = attachments(fake_discord, result)
    assert file.filename.endswith(".ics")


async def test_a_servers_own_drama_gets_no_public_link(fake_discord, guilds, web_calendar_bot):
    """Its releases are never in the public feed: the file only."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", {"drama": "our-show"}, user=member(a))
    assert len(attachments(fake_discord, result)) == 1
    assert "webcal://" not in result.content


async def test_without_the_web_there_is_no_link(fake_discord, guilds, calendar_bot):
    """OSTBOT_PUBLIC_URL unset: the reply is the file and its text, as before."""
    a, _ = guilds
    result = await fake_discord.invoke("ost calendar", user=member(a))
    assert "webcal://" not in result.content
    assert len(attachments(fake_discord, result)) == 1
