"""Shared fixtures: a fake Discord per test, and a plain discord.py bot connected to it."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator

import pytest

with warnings.catch_warnings():
    # discord.py imports the deprecated `audioop` for voice (unused here); with
    # filterwarnings=error that import would fail. Import it once, quietly, before any test.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401
from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord.clients import connected, make_bot


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A running fake Discord on an ephemeral 127.0.0.1 port: empty world, default limits."""
    async with FakeDiscord() as fake:
        yield fake


@pytest.fixture
def fake_guild(fake_discord: FakeDiscord) -> Guild:
    """Guild "Fans": #general (text), #ost-news (announcement), member "alice"."""
    guild = fake_discord.add_guild("Fans")
    guild.add_text_channel("general")
    guild.add_announcement_channel("ost-news")
    guild.add_member(fake_discord.add_user("alice"))
    return guild


@pytest.fixture
async def discord_py_client(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> AsyncIterator[commands.Bot]:
    """A plain discord.py ``commands.Bot`` (no ostbot code) connected to the fake, past on_ready.

    Build extra world before requesting this fixture (or use ``connected`` yourself) —
    guilds added after connecting arrive as GUILD_CREATE.
    """
    async with connected(fake_discord, make_bot()) as bot:
        yield bot


# TODO(issue: bot wiring): an `ostbot` fixture that builds the real bot class (store, scheduler,
# settings) with DISCORD_API_BASE/DISCORD_GATEWAY_URL from `fake_discord.api_base/.gateway_url`
# and connects it with `tests.fake_discord.clients.connected`.
