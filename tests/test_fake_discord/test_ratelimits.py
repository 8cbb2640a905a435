"""Rate limits: buckets discord.py paces itself by, a global limit, the invalid-request count."""

import asyncio
import contextlib

import aiohttp
import discord

from tests.fake_discord import FakeDiscord, Guild

MESSAGES = "POST /channels/{channel_id}/messages"


async def test_hammering_one_channel_is_paced_by_headers(
    discord_py_client, fake_discord, fake_guild
):
    """12 concurrent sends into one 5-per-window channel wait on headers: no 429 at all."""
    window = 0.4
    fake_discord.rate_limits.buckets[MESSAGES] = (5, window)
    channel = discord_py_client.get_channel(next(iter(fake_guild.channels)))
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(channel.send(f"drop {i}") for i in range(12)))
    elapsed = loop.time() - start
    assert fake_discord.responses_with(429) == []
    assert len(fake_discord.messages_in(channel.id)) == 12
    # 12 requests at 5 per window need at least two full window resets.
    assert elapsed >= 2 * window
    first = fake_discord.requests_to(MESSAGES)[0]
    assert first.headers["X-RateLimit-Limit"] == "5"
    assert first.headers["X-RateLimit-Remaining"] == "4"
    assert {"X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket"} <= set(
        first.headers
    )


async def test_global_limit_answers_429_with_discords_headers(fake_discord: FakeDiscord):
    """Past the global limit a raw client gets 429 with retry_after, global scope and Via."""
    fake_discord.rate_limits.global_per_second = 5
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        statuses = []
        for _ in range(7):
            async with http.get(fake_discord.api_base + "/users/@me") as resp:
                statuses.append(resp.status)
                last_headers, last_body = resp.headers, await resp.json()
    assert statuses == [200] * 5 + [429] * 2
    assert last_headers["Content-Type"] == "application/json"
    assert last_headers["X-RateLimit-Global"] == "true"
    assert last_headers["X-RateLimit-Scope"] == "global"
    assert last_headers["Via"]
    assert last_body["global"] is True
    assert 0 < last_body["retry_after"] <= 1.0
    assert fake_discord.invalid_requests.count(status=429) == 2


async def test_interaction_routes_are_exempt_from_the_global_limit(fake_discord: FakeDiscord):
    """Interaction callbacks are not counted against (nor stopped by) the global limit."""
    fake_discord.rate_limits.global_per_second = 1
    async with aiohttp.ClientSession() as http:
        for _ in range(3):
            async with http.post(
                fake_discord.api_base + "/interactions/1/tok/callback", json={"type": 4}
            ) as resp:
                assert resp.status == 404  # unknown interaction, not 429


async def test_invalid_requests_are_counted(discord_py_client, fake_discord, fake_guild: Guild):
    """401, 403 and 429 answers all count toward the invalid-request total."""
    channel = discord_py_client.get_channel(next(iter(fake_guild.channels)))
    fake_discord.faults.fail_channel(channel.id, 403)
    with contextlib.suppress(discord.Forbidden):
        await channel.send("x")
    async with (
        aiohttp.ClientSession() as http,
        http.get(fake_discord.api_base + "/users/@me") as resp,
    ):
        assert resp.status == 401
    fake_discord.rate_limits.global_per_second = 0
    async with aiohttp.ClientSession() as http:
        headers = {"Authorization": f"Bot {fake_discord.token}"}
        async with http.get(fake_discord.api_base + "/users/@me", headers=headers) as resp:
            assert resp.status == 429
    assert fake_discord.invalid_requests.count() == 3
    assert fake_discord.invalid_requests.count(status=401) == 1


async def test_limits_can_be_switched_off(fake_discord: FakeDiscord):
    """With rate_limits.enabled False there are no headers and no 429s."""
    fake_discord.rate_limits.enabled = False
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        for _ in range(60):
            async with http.get(fake_discord.api_base + "/users/@me") as resp:
                assert resp.status == 200
                assert "X-RateLimit-Limit" not in resp.headers
    assert fake_discord.peak_rate() == 60
