"""The poster's per-message lookups stay inside the server a ledger row names (issue 13, item 1)."""

from __future__ import annotations

from typing import Any

import pytest
from discord.ext import commands

from bot.announcer.pacing import Pacer
from bot.announcer.poster import DiscordPoster
from tests.fake_discord import FakeDiscord, Guild


def channel_named(guild: Guild, name: str) -> int:
    return next(c.id for c in guild.channels.values() if c.name == name)


@pytest.fixture
def poster(discord_py_client: commands.Bot, monkeypatch: pytest.MonkeyPatch) -> DiscordPoster:
    """A poster whose client refuses ``get_channel``: it walks every server per call."""

    def walks_every_server(*_: Any) -> None:
        raise AssertionError("Client.get_channel walks every server the bot is in")

    monkeypatch.setattr(discord_py_client, "get_channel", walks_every_server)
    return DiscordPoster(discord_py_client, Pacer(1000.0))


async def test_the_announcement_check_reads_the_rows_own_server(
    poster: DiscordPoster, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """Announcement or text channel is answered from its server's cache, with no request."""
    before = len(fake_discord.requests)
    news, general = channel_named(fake_guild, "ost-news"), channel_named(fake_guild, "general")
    assert await poster.in_announcement_channel(fake_guild.id, news) is True
    assert await poster.in_announcement_channel(fake_guild.id, general) is False
    assert len(fake_discord.requests) == before


async def test_a_server_missing_from_the_cache_asks_discord_once(
    poster: DiscordPoster, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """A server the cache does not hold (yet) costs one channel fetch, then the answer is kept."""
    news = channel_named(fake_guild, "ost-news")
    unknown_guild = fake_guild.id + 1
    assert await poster.in_announcement_channel(unknown_guild, news) is True
    assert await poster.in_announcement_channel(unknown_guild, news) is True
    assert len(fake_discord.requests_to("GET /channels/{channel_id}")) == 1


@pytest.mark.parametrize("stored", [True, False])
async def test_a_server_of_another_shard_is_answered_by_the_stored_kind(
    poster: DiscordPoster, fake_discord: FakeDiscord, fake_guild: Guild, stored: bool
) -> None:
    """Not in the cache but kept in the store (set-up): that kind, with no request."""
    before = len(fake_discord.requests)
    news = channel_named(fake_guild, "ost-news")
    other_shards_guild = fake_guild.id + 1
    assert await poster.in_announcement_channel(other_shards_guild, news, stored=stored) is stored
    assert len(fake_discord.requests) == before


async def test_the_gateway_cache_outranks_the_stored_kind(
    poster: DiscordPoster, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """A channel in this process's cache is answered as the gateway last described it."""
    news = channel_named(fake_guild, "ost-news")
    assert await poster.in_announcement_channel(fake_guild.id, news, stored=False) is True
