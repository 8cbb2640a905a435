"""Close codes 4000-4014 for what causes them, limits, and what discord.py does after each."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
import pytest

from tests.fake_discord import FakeDiscord, Guild, pointed_at
from tests.fake_discord import gateway_rules as rules
from tests.fake_discord.clients import make_bot
from tests.test_fake_discord.gateway_client import RawGateway, raw_gateway

Provoke = Callable[[FakeDiscord, RawGateway], Awaitable[Any]]


async def _bad_token(fake: FakeDiscord, client: RawGateway) -> None:
    await client.send(2, {"token": "nope", "intents": 1, "properties": {}})


async def _resume_ahead(fake: FakeDiscord, client: RawGateway) -> None:
    session = await client.ready()
    await client.ws.close()
    async with raw_gateway(fake) as again:
        await again.send(6, {"token": fake.token, "session_id": session.id, "seq": 999})
        client.ws = again.ws  # the code to check is this second connection's
        await again.closed()


async def _too_many_frames(fake: FakeDiscord, client: RawGateway) -> None:
    for _ in range(rules.SEND_LIMIT + 1):
        await client.send(1, None)


async def _too_many_guilds(fake: FakeDiscord, client: RawGateway) -> None:
    fake.gateway.max_guilds_per_shard = 0
    await client.identify()


async def _no_privileged(fake: FakeDiscord, client: RawGateway) -> None:
    fake.gateway.privileged_intents = 0
    await client.identify(rules.GUILDS | rules.MESSAGE_CONTENT)


async def _identify_twice(fake: FakeDiscord, client: RawGateway) -> None:
    await client.ready()
    await client.identify()


# What Discord closes the connection for, caused the way a client would cause it.
NATURAL: dict[str, tuple[Provoke, int]] = {
    "unknown opcode": (lambda f, c: c.send(99, None), 4001),
    "not json": (lambda f, c: c.ws.send_str("{nope"), 4002),
    "no op": (lambda f, c: c.ws.send_json({"d": 1}), 4002),
    "request members first": (lambda f, c: c.send(8, {"guild_id": "1"}), 4003),
    "presence first": (lambda f, c: c.send(3, {"status": "online"}), 4003),
    "bad token": (_bad_token, 4004),
    "identify twice": (_identify_twice, 4005),
    "resume ahead of seq": (_resume_ahead, 4007),
    "121 frames in 60 s": (_too_many_frames, 4008),
    "shard id past count": (lambda f, c: c.identify(shard=[2, 2]), 4010),
    "zero shards": (lambda f, c: c.identify(shard=[0, 0]), 4010),
    "negative shard": (lambda f, c: c.identify(shard=[-1, 2]), 4010),
    "too many guilds": (_too_many_guilds, 4011),
    "undefined intent bit": (lambda f, c: c.identify(1 << 30), 4013),
    "intents missing": (lambda f, c: c.identify(None), 4013),
    "negative intents": (lambda f, c: c.identify(-1), 4013),
    "privileged not enabled": (_no_privileged, 4014),
}


@pytest.mark.parametrize("case", NATURAL)
async def test_the_fake_closes_with_discords_code(
    fake_discord: FakeDiscord, fake_guild: Guild, case: str
) -> None:
    """Each misbehaviour closes the connection with the code Discord documents for it."""
    provoke, code = NATURAL[case]
    async with raw_gateway(fake_discord) as client:
        await provoke(fake_discord, client)
        assert await client.closed() == code
    assert fake_discord.gateway.closed_with(code)


@pytest.mark.parametrize("version", ["6", "8", "11"])
async def test_an_unserved_api_version_is_closed_with_4012(
    fake_discord: FakeDiscord, version: str
) -> None:
    """Connecting with a gateway version Discord no longer serves: close 4012."""
    async with raw_gateway(fake_discord, f"?v={version}&encoding=json") as client:
        assert await client.closed() == 4012


async def test_120_frames_a_minute_are_allowed(fake_discord: FakeDiscord) -> None:
    """Up to the limit nothing happens: 120 frames, 120 acknowledgements, still open."""
    async with raw_gateway(fake_discord) as client:
        for _ in range(rules.SEND_LIMIT):
            await client.send(1, None)
        for _ in range(rules.SEND_LIMIT):
            assert (await client.until(11))["op"] == 11
        assert not client.ws.closed


async def test_the_send_window_rolls_on_the_fake_clock(fake_discord: FakeDiscord) -> None:
    """Frames older than 60 s (on the fake's clock) no longer count against the limit."""
    async with raw_gateway(fake_discord) as client:
        for _ in range(rules.SEND_LIMIT):
            await client.send(1, None)
        await client.until(11)
        fake_discord.clock.advance(rules.SEND_WINDOW)
        await client.send(1, None)
        await client.until(11)
        assert not client.ws.closed


async def test_identify_concurrency_answers_invalid_session(fake_discord: FakeDiscord) -> None:
    """max_concurrency 1: a second IDENTIFY within 5 s gets op 9 (false); after 5 s, READY."""
    async with raw_gateway(fake_discord) as first, raw_gateway(fake_discord) as second:
        await first.ready()
        await second.identify()
        refused = await second.until(9)
        assert refused["d"] is False
        fake_discord.clock.advance(rules.IDENTIFY_WINDOW)
        await second.ready()


async def test_identify_buckets_follow_the_announced_max_concurrency(
    fake_discord: FakeDiscord,
) -> None:
    """GET /gateway/bot announces the gateway's max_concurrency, and the gateway keeps to it:
    with 2, shards 0 and 1 (buckets 0 and 1) identify at once, shard 2 (bucket 0) must wait."""
    fake_discord.gateway.max_concurrency = 2
    async with aiohttp.ClientSession() as http:
        answer = await http.get(
            f"{fake_discord.api_base}/gateway/bot",
            headers={"Authorization": f"Bot {fake_discord.token}"},
        )
        limits = (await answer.json())["session_start_limit"]
    assert limits["max_concurrency"] == 2
    async with (
        raw_gateway(fake_discord) as zero,
        raw_gateway(fake_discord) as one,
        raw_gateway(fake_discord) as two,
    ):
        await zero.ready(shard=[0, 3])
        await one.ready(shard=[1, 3])
        await two.identify(shard=[2, 3])
        assert (await two.until(9))["d"] is False
        fake_discord.clock.advance(rules.IDENTIFY_WINDOW)
        assert (await two.ready(shard=[2, 3])).shard_id == 2


@pytest.mark.parametrize("code", [4004, 4010, 4011, 4012, 4013, 4014])
async def test_refused_identify_uses_the_given_code(fake_discord: FakeDiscord, code: int) -> None:
    """``refuse_identify`` closes a valid IDENTIFY with that code (for bots that never err)."""
    fake_discord.gateway.refuse_identify = code
    async with raw_gateway(fake_discord) as client:
        await client.identify()
        assert await client.closed() == code
    assert not fake_discord.gateway.sessions


@contextlib.asynccontextmanager
async def running_client(fake: FakeDiscord, client: discord.Client) -> Any:
    """Start ``client`` against the fake; yields its connect task (to see how it ends)."""
    with pointed_at(fake):
        await client.login(fake.token)
        task = asyncio.create_task(client.connect(reconnect=True))
        try:
            await asyncio.wait_for(client.wait_until_ready(), 5)
            yield task
        finally:
            await client.close()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await task


@pytest.mark.parametrize("code", [4004, 4010, 4011, 4012, 4013])
async def test_discord_py_gives_up_after_a_final_close(
    fake_discord: FakeDiscord, fake_guild: Guild, code: int
) -> None:
    """Codes Discord says not to reconnect after end discord.py's connect with that code."""
    async with running_client(fake_discord, make_bot()) as task:
        await fake_discord.gateway.close(code)
        with pytest.raises(discord.ConnectionClosed) as raised:
            await asyncio.wait_for(task, 5)
        assert raised.value.code == code


async def test_discord_py_names_disallowed_intents(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """4014 (disallowed intents) is PrivilegedIntentsRequired in discord.py."""
    async with running_client(fake_discord, make_bot()) as task:
        await fake_discord.gateway.close(4014)
        with pytest.raises(discord.PrivilegedIntentsRequired):
            await asyncio.wait_for(task, 5)


@pytest.mark.parametrize("code", [4000, 4001, 4002, 4003, 4005, 4008])
async def test_discord_py_resumes_after_a_resumable_close(
    fake_discord: FakeDiscord, fake_guild: Guild, code: int
) -> None:
    """After a close that keeps the session, discord.py RESUMEs; it never identifies again."""
    bot = make_bot()
    async with running_client(fake_discord, bot):
        resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=5))
        await fake_discord.gateway.close(code)
        await resumed
    assert len(fake_discord.gateway.frames(2)) == 1
