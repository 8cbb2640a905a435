"""/ost-admin setup web: the server's private calendar link, shown once when made, replaced by
rotate; without OSTBOT_PUBLIC_URL the reply says how to set the web up."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import pytest

from bot.app import OstBot
from bot.services.web_feeds import token_digest
from tests.bot.exts.admin.conftest import ADMIN_ONLY, NOW, SCHEDULES, Server
from tests.conftest import StartOstbot

SETUP_WEB = "ost-admin setup web"
PUBLIC_URL = "https://ost.example.org/fans"
LINK = re.compile(r"<webcal://ost\.example\.org/fans/s/([A-Za-z0-9_-]{43})/calendar\.ics>")


@pytest.fixture
async def web_bot(
    start_ostbot: StartOstbot, server_a: Server, server_b: Server
) -> AsyncIterator[OstBot]:
    """The admin commands with the web configured at PUBLIC_URL."""
    async with start_ostbot(extensions=ADMIN_ONLY, public_url=PUBLIC_URL) as bot:
        await bot.store.releases.import_schedules(SCHEDULES, now=NOW)
        yield bot


def token_in(content: str) -> str:
    found = LINK.search(content)
    assert found, content
    return found.group(1)


async def test_the_first_run_shows_a_link_that_opens_this_servers_feed(
    fake_discord, web_bot, server_a
):
    """A private reply with the webcal:// and https:// links; the store knows the token's
    digest, for this server, and not the token."""
    result = await fake_discord.invoke(SETUP_WEB, user=server_a.admin)
    assert result.deferred
    assert result.ephemeral
    token = token_in(result.content)
    assert f"<{PUBLIC_URL}/s/{token}/calendar.ics>" in result.content
    feeds = web_bot.store.feed_tokens
    assert await feeds.guild_of(token_digest(token)) == server_a.guild.id
    assert await feeds.guild_of(token) is None


async def test_running_it_again_keeps_the_link_and_says_it_is_shown_once(
    fake_discord, web_bot, server_a
):
    """No second showing (the token is not kept), no new link: the old one still works."""
    token = token_in((await fake_discord.invoke(SETUP_WEB, user=server_a.admin)).content)
    again = await fake_discord.invoke(SETUP_WEB, user=server_a.admin)
    assert again.ephemeral
    assert "shown only once" in again.content
    assert "rotate:True" in again.content
    assert LINK.search(again.content) is None
    assert await web_bot.store.feed_tokens.guild_of(token_digest(token)) == server_a.guild.id


async def test_rotate_replaces_the_link(fake_discord, web_bot, server_a, server_b):
    """rotate:True shows a new link; the old one opens nothing; another server is untouched."""
    old = token_in((await fake_discord.invoke(SETUP_WEB, user=server_a.admin)).content)
    other = token_in((await fake_discord.invoke(SETUP_WEB, user=server_b.admin)).content)
    rotated = await fake_discord.invoke(SETUP_WEB, {"rotate": True}, user=server_a.admin)
    assert "the old one no longer works" in rotated.content
    new = token_in(rotated.content)
    feeds = web_bot.store.feed_tokens
    assert new != old
    assert await feeds.guild_of(token_digest(old)) is None
    assert await feeds.guild_of(token_digest(new)) == server_a.guild.id
    assert await feeds.guild_of(token_digest(other)) == server_b.guild.id


async def test_without_a_public_url_the_reply_says_how_and_makes_nothing(
    fake_discord, admin_bot, server_a
):
    """OSTBOT_PUBLIC_URL unset: no link, no token stored; the reply names the setting."""
    result = await fake_discord.invoke(SETUP_WEB, user=server_a.admin)
    assert result.ephemeral
    assert "`OSTBOT_PUBLIC_URL`" in result.content
    assert "webcal://" not in result.content
    assert await admin_bot.store.feed_tokens.made_at(server_a.guild.id) is None
