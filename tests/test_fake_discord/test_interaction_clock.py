"""Interaction deadlines on the fake's clock: 3 s for the first answer, 15 min for the token."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild, InteractionResult

CALLBACK = "POST /interactions/{interaction_id}/{token}/callback"


def alice(guild: Guild):
    return next(m for m in guild.members.values() if m.user.username == "alice")


@pytest.fixture
async def gate(discord_py_client: commands.Bot, fake_guild: Guild) -> asyncio.Event:
    """A bot with /later (answers when the returned event is set) and /defer (defers only)."""
    release = asyncio.Event()

    @app_commands.command(name="later", description="Answers when the test says so")
    async def later(interaction: discord.Interaction) -> None:
        await release.wait()
        # A late answer raises NotFound; the test reads the refusal from the fake's record.
        with contextlib.suppress(discord.NotFound):
            await interaction.response.send_message("late")

    @app_commands.command(name="defer", description="Defers and never answers")
    async def defer(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)

    discord_py_client.tree.add_command(later)
    discord_py_client.tree.add_command(defer)
    await discord_py_client.tree.sync()
    return release


@pytest.mark.parametrize(
    ("elapsed", "late"), [(0.0, False), (2.9, False), (3.1, True), (60.0, True), (1200.0, True)]
)
async def test_first_answer_must_come_within_3_seconds(
    gate, fake_discord: FakeDiscord, fake_guild: Guild, elapsed: float, late: bool
):
    """A callback later than 3 s on the fake's clock gets 404 10062 Unknown interaction."""
    result = await fake_discord.invoke("later", user=alice(fake_guild), wait=False)
    fake_discord.clock.advance(elapsed)
    gate.set()
    answered = await fake_discord.wait_until(
        lambda: [r for r in fake_discord.requests_to(CALLBACK) if r.status], 5, "the callback"
    )
    record = answered[0]
    if late:
        assert record.status == 404
        assert record.response == {"code": 10062, "message": "Unknown interaction"}
        assert result.callback is None
    else:
        assert record.status == 200  # discord.py asks with_response=true
        assert result.content == "late"


async def _deferred(fake: FakeDiscord, guild: Guild) -> InteractionResult:
    result = await fake.invoke("defer", user=alice(guild), wait=False)
    await fake.wait_until(lambda: result.callback is not None, 5, "the deferral")
    return result


WEBHOOK_CALLS = [
    ("POST", "", {"content": "follow-up"}),
    ("PATCH", "/messages/@original", {"content": "edited"}),
    ("GET", "/messages/@original", None),
    ("DELETE", "/messages/@original", None),
    ("PATCH", "/messages/{followup}", {"content": "edited"}),
    ("GET", "/messages/{followup}", None),
    ("DELETE", "/messages/{followup}", None),
]


@pytest.mark.parametrize(("method", "tail", "body"), WEBHOOK_CALLS)
@pytest.mark.parametrize(
    ("elapsed", "expired"),
    [(0.0, False), (14 * 60 + 59, False), (15 * 60 + 1, True), (3600.0, True), (86400.0, True)],
)
async def test_the_token_works_for_15_minutes_then_401_50027(
    gate, fake_discord, fake_guild, method, tail, body, elapsed, expired
):
    """Follow-ups, and fetch/edit/delete of @original or a follow-up, answer 401 50027 once the
    token is 15 minutes old."""
    result = await _deferred(fake_discord, fake_guild)
    hook = f"{fake_discord.api_base}/webhooks/{fake_discord.application_id}/{result.token}"
    async with aiohttp.ClientSession() as http:
        # A follow-up sent in time, so its id exists when the token has expired.
        async with http.post(hook, params={"wait": "true"}, json={"content": "early"}) as early:
            followup = (await early.json())["id"]
        fake_discord.clock.advance(elapsed)
        url = hook + tail.format(followup=followup)
        async with http.request(method, url, json=body) as resp:
            answer = await resp.json() if resp.content_type == "application/json" else None
    if expired:
        assert resp.status == 401
        assert answer == {"code": 50027, "message": "Invalid Webhook Token"}
    else:
        assert resp.status in (200, 204)


async def test_a_follow_up_of_an_earlier_interaction_still_expires(gate, fake_discord, fake_guild):
    """Each token has its own 15 minutes: a new interaction does not revive an old token."""
    old = await _deferred(fake_discord, fake_guild)
    fake_discord.clock.advance(10 * 60)
    new = await _deferred(fake_discord, fake_guild)
    fake_discord.clock.advance(6 * 60)
    statuses = []
    async with aiohttp.ClientSession() as http:
        for result in (old, new):
            url = f"{fake_discord.api_base}/webhooks/{fake_discord.application_id}/{result.token}"
            async with http.post(url, json={"content": "x"}) as resp:
                statuses.append(resp.status)
    assert statuses == [401, 204]


def test_the_clock_only_moves_forward(fake_discord: FakeDiscord):
    """Going back in time is refused: deadlines already passed stay passed."""
    fake_discord.clock.advance(10)
    with pytest.raises(ValueError, match="only moves forward"):
        fake_discord.clock.advance(-1)
    assert fake_discord.clock.offset == 10


async def test_a_deferral_answers_without_a_message_resource(gate, fake_discord, fake_guild):
    """with_response for a deferral (5): the loading message's id, but no resource (the spec
    describes a resource only for a message sent or updated)."""
    await _deferred(fake_discord, fake_guild)
    [record] = fake_discord.requests_to(CALLBACK)
    assert "with_response" in record.query  # discord.py asks for the answer
    assert "resource" not in record.response
    interaction = record.response["interaction"]
    assert interaction["response_message_loading"] is True
    assert interaction["response_message_id"].isdigit()
