"""Shared fixtures: a fake Discord per test, and a discord.py bot (plain, or ostbot's own)
connected to it."""

from __future__ import annotations

import contextlib
import os
import warnings
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    # discord.py imports the deprecated `audioop` for voice (unused here); with
    # filterwarnings=error that import would fail. Import it once, quietly, before any test.
    warnings.filterwarnings("ignore", "'audioop' is deprecated", DeprecationWarning)
    import discord  # noqa: F401
from discord.ext import commands

from bot.app import OstBot
from bot.settings import Settings
from bot.store import open_store
from bot.wiring import build_bot, utc_now
from tests.fake_discord import FakeDiscord, Guild, Latency, shapes
from tests.fake_discord.clients import GUILD_READY_TIMEOUT, connected, make_bot
from tests.postgres_fixtures import (  # noqa: F401 - fixtures for every test folder
    engine,
    engine_store,
    postgres,
    postgres_url,
    store_target,
)

StartOstbot = Callable[..., AbstractAsyncContextManager[OstBot]]


@pytest.fixture(autouse=True)
def fake_discord_answers_per_spec() -> Iterator[None]:
    """Fails the test if any fake Discord answered outside Discord's OpenAPI description."""
    shapes.RECORDED.clear()
    yield
    found, shapes.RECORDED[:] = list(shapes.RECORDED), []
    if found:
        unique = list(dict.fromkeys(str(d) for d in found))
        pytest.fail(
            f"the fake Discord answered {len(found)} time(s) outside its spec "
            "(fix the fake, or list it with a reason in "
            "tests/fake_discord/spec/allowed_deviations.toml):\n  " + "\n  ".join(unique),
            pytrace=False,
        )


def latency_for(request: pytest.FixtureRequest) -> Latency:
    """Discord-like latency for tests marked ``latency`` (or every test when the environment
    sets FAKE_DISCORD_LATENCY=1), seeded by the test's id so a run can be repeated; else none."""
    if request.node.get_closest_marker("latency") or os.environ.get("FAKE_DISCORD_LATENCY") == "1":
        return Latency.discord_like(seed=zlib.crc32(request.node.nodeid.encode()))
    return Latency.off()


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest) -> AsyncIterator[FakeDiscord]:
    """A running fake Discord on an ephemeral 127.0.0.1 port: empty world, default limits;
    with Discord-like latency when the test is marked ``@pytest.mark.latency``."""
    async with FakeDiscord(latency=latency_for(request)) as fake:
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


@pytest.fixture
def start_ostbot(fake_discord: FakeDiscord, tmp_path: Path) -> StartOstbot:
    """``async with start_ostbot(**overrides) as bot``: the real OstBot, connected, past on_ready.

    It is built as ``ostbot run`` builds it (``bot.wiring.build_bot``) and runs against
    ``fake_discord`` with a real SQLite store (``tmp_path/ostbot.sqlite3``
    unless ``db_path=`` says otherwise, so two starts in one test share it) and a real
    scheduler. Keyword overrides: any ``Settings`` field, ``extensions=`` (default: all),
    ``clock=``, and ``prepare=`` (called with the bot before it logs in, e.g. to add a
    command to the tree). Build the fake's world before entering. The bot, its scheduler and
    the store are closed on exit.
    """

    @contextlib.asynccontextmanager
    async def start(
        *,
        extensions: list[str] | None = None,
        prepare: Callable[[OstBot], None] | None = None,
        clock: Callable[[], datetime] = utc_now,
        **overrides: Any,
    ) -> AsyncIterator[OstBot]:
        settings = Settings(
            **{
                "token": fake_discord.token,
                "db_path": tmp_path / "ostbot.sqlite3",
                "api_base": fake_discord.api_base,
                "gateway_url": fake_discord.gateway_url,
                **overrides,
            }
        )
        async with await open_store(settings.db_path) as store:
            bot = build_bot(
                settings,
                store,
                clock=clock,
                extensions=extensions,
                guild_ready_timeout=GUILD_READY_TIMEOUT,
            )
            if prepare is not None:
                prepare(bot)
            # connected() points discord.py at the fake (as use_endpoints would, from the
            # settings) and restores the patch points afterwards.
            try:
                async with connected(fake_discord, bot):
                    yield bot
            finally:
                await bot.close()  # connected() leaves a bot whose setup_hook failed open

    return start


@pytest.fixture
async def ostbot(start_ostbot: StartOstbot, fake_guild: Guild) -> AsyncIterator[OstBot]:
    """The real OstBot with all its extensions, connected to the fake (guild "Fans")."""
    async with start_ostbot() as bot:
        yield bot
