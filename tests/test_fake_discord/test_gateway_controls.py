"""RECONNECT, INVALID_SESSION, heartbeat requests and missed heartbeats, with discord.py."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord import gateway_rules as rules
from tests.fake_discord.clients import connected, make_bot
from tests.test_fake_discord.gateway_client import raw_gateway


def _alice(guild: Guild) -> discord.abc.Snowflake:
    return next(m.user for m in guild.members.values() if m.user.username == "alice")


async def _missed_event_arrives(fake: FakeDiscord, guild: Guild, bot: commands.Bot) -> None:
    """A message posted while the bot was away reaches it (replayed on RESUME)."""
    channel = next(c for c in guild.channels.values() if c.type == 0)
    got = asyncio.ensure_future(
        bot.wait_for("message", check=lambda m: m.content == "while away", timeout=5)
    )
    fake.user_says(channel, _alice(guild), "while away")  # type: ignore[arg-type]
    await got


async def test_reconnect_makes_discord_py_resume(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """op 7: discord.py closes, RESUMEs on the same session and identifies only once."""
    bot = make_bot()
    async with connected(fake_discord, bot):
        resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=5))
        assert await fake_discord.gateway.reconnect() == 1
        await resumed
        await _missed_event_arrives(fake_discord, fake_guild, bot)
    assert len(fake_discord.gateway.frames(rules.IDENTIFY)) == 1
    assert len(fake_discord.gateway.frames(rules.RESUME)) == 1


async def test_resumable_invalid_session_is_resumed(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """op 9 with d: true: the session survives, discord.py resumes it and misses nothing."""
    bot = make_bot()
    async with connected(fake_discord, bot):
        resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=5))
        await fake_discord.gateway.invalidate(resumable=True)
        await resumed
        await _missed_event_arrives(fake_discord, fake_guild, bot)
    assert len(fake_discord.gateway.frames(rules.IDENTIFY)) == 1


async def test_invalid_session_makes_discord_py_identify_anew(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """op 9 with d: false ends the session: discord.py waits out identify concurrency (5 s)
    and identifies again, getting a fresh READY."""
    bot = make_bot()
    async with connected(fake_discord, bot):
        [old] = fake_discord.gateway.sessions
        ready_again = asyncio.ensure_future(bot.wait_for("ready", timeout=10))
        await fake_discord.gateway.invalidate(resumable=False)
        await ready_again
        assert old not in fake_discord.gateway.sessions
        assert bot.get_guild(fake_guild.id) is not None
    assert len(fake_discord.gateway.frames(rules.IDENTIFY)) == 2
    assert not fake_discord.gateway.frames(rules.RESUME)


async def test_discord_py_answers_a_heartbeat_request(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """op 1 from the server: discord.py heartbeats back without waiting for its interval."""
    async with connected(fake_discord, make_bot()):
        before = len(fake_discord.gateway.frames(rules.HEARTBEAT))
        await fake_discord.gateway.request_heartbeat()
        await fake_discord.wait_until(
            lambda: len(fake_discord.gateway.frames(rules.HEARTBEAT)) > before,
            what="a heartbeat answering the request",
        )
    assert fake_discord.gateway.sent_frames(rules.HEARTBEAT)


async def test_missed_heartbeats_close_with_4009_and_end_the_session(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """Heartbeats that stop arriving: close 4009 after the interval; RESUME then fails and
    discord.py identifies anew."""
    fake_discord.gateway.heartbeat_interval_ms = 200
    bot = make_bot()
    async with connected(fake_discord, bot):
        ready_again = asyncio.ensure_future(bot.wait_for("ready", timeout=10))
        fake_discord.gateway.lose_heartbeats = True
        await fake_discord.wait_until(
            lambda: fake_discord.gateway.closed_with(rules.SESSION_TIMED_OUT), what="4009"
        )
        fake_discord.gateway.lose_heartbeats = False
        await ready_again
    assert fake_discord.gateway.sent_frames(rules.INVALID_SESSION)  # the failed RESUME
    assert len(fake_discord.gateway.frames(rules.IDENTIFY)) == 2


async def test_a_silent_raw_connection_times_out(fake_discord: FakeDiscord) -> None:
    """A client that never heartbeats is closed with 4009 (no session needed)."""
    fake_discord.gateway.heartbeat_interval_ms = 50
    async with raw_gateway(fake_discord) as client:
        assert client.hello["d"]["heartbeat_interval"] == 50
        assert await client.closed() == rules.SESSION_TIMED_OUT


@pytest.mark.parametrize("beats", [1, 3])
async def test_heartbeating_keeps_a_connection_open(fake_discord: FakeDiscord, beats: int) -> None:
    """Each heartbeat is acknowledged and pushes the deadline back."""
    async with raw_gateway(fake_discord) as client:
        for _ in range(beats):
            await client.send(rules.HEARTBEAT, None)
            assert (await client.until(rules.HEARTBEAT_ACK))["op"] == rules.HEARTBEAT_ACK
        assert not client.ws.closed
