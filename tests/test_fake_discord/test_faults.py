"""Fault injection: failing channels and routes, latency, gateway drops, server restarts."""

import asyncio

import discord
import pytest

from tests.fake_discord import FakeDiscord, fast_server_error_retries

MESSAGES = "POST /channels/{channel_id}/messages"


def first_channel(bot, guild):
    return bot.get_channel(next(iter(guild.channels)))


async def test_channel_fault_403_raises_forbidden(discord_py_client, fake_discord, fake_guild):
    """A channel set to 403 answers Missing Access; discord.py raises Forbidden."""
    channel = first_channel(discord_py_client, fake_guild)
    fake_discord.faults.fail_channel(channel.id, 403)
    with pytest.raises(discord.Forbidden) as err:
        await channel.send("x")
    assert err.value.code == 50001
    fake_discord.faults.fail_channel(channel.id, 404)
    with pytest.raises(discord.NotFound):
        await channel.send("x")
    fake_discord.faults.heal_channel(channel.id)
    await channel.send("back")


async def test_server_errors_for_n_calls_then_success(discord_py_client, fake_discord, fake_guild):
    """Two 502s are retried by discord.py (back-off shortened) and the third call succeeds."""
    channel = first_channel(discord_py_client, fake_guild)
    fake_discord.faults.fail_route(MESSAGES, status=502, times=2, channel_id=channel.id)
    with fast_server_error_retries():
        await channel.send("eventually")
    assert [r.status for r in fake_discord.requests_to(MESSAGES)] == [502, 502, 200]
    assert len(fake_discord.messages_in(channel.id)) == 1


async def test_latency_delays_answers(discord_py_client, fake_discord, fake_guild):
    """Injected latency delays the answer by at least that long."""
    channel = first_channel(discord_py_client, fake_guild)
    fake_discord.faults.add_latency(0.2, MESSAGES)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await channel.send("slow")
    assert loop.time() - start >= 0.2


async def test_dropped_gateway_is_resumed(discord_py_client, fake_discord: FakeDiscord, fake_guild):
    """After a drop the client RESUMEs, missed events are replayed, new ones still arrive."""
    alice = next(m.user for m in fake_guild.members.values() if m.user.username == "alice")
    channel = fake_guild.channels[next(iter(fake_guild.channels))]
    resumed = asyncio.ensure_future(discord_py_client.wait_for("resumed", timeout=5))
    missed = asyncio.ensure_future(
        discord_py_client.wait_for("message", check=lambda m: m.content == "missed", timeout=5)
    )
    await fake_discord.drop_gateway()
    fake_discord.user_says(channel, alice, "missed")  # sent while the socket is down
    await fake_discord.wait_for_gateway_op(6)
    await resumed
    await missed
    after = asyncio.ensure_future(discord_py_client.wait_for("message", timeout=5))
    fake_discord.user_says(channel, alice, "after resume")
    assert (await after).content == "after resume"
    assert len(fake_discord.gateway.frames(2)) == 1  # identified once, never re-identified


async def test_server_restart_on_same_port_is_survived(discord_py_client, fake_discord, fake_guild):
    """Stopping and restarting the server on its port: the client reconnects and resumes."""
    port = fake_discord.port
    resumed = asyncio.ensure_future(discord_py_client.wait_for("resumed", timeout=10))
    await fake_discord.stop()
    await fake_discord.restart()
    assert fake_discord.port == port
    await resumed
    channel = first_channel(discord_py_client, fake_guild)
    await channel.send("still here")
