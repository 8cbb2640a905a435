"""Intents: a session gets only the events it asked for, and message content only with
MESSAGE_CONTENT (Discord's "List of Intents" and "Message Content Intent")."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import discord
import pytest

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord import gateway_rules as rules
from tests.fake_discord.clients import connected, make_bot
from tests.test_fake_discord.gateway_client import events_of, raw_gateway

Trigger = Callable[[FakeDiscord, Guild], Any]


def _alice(guild: Guild) -> Any:
    return next(m.user for m in guild.members.values() if m.user.username == "alice")


def _first_text(guild: Guild) -> Any:
    return next(c for c in guild.channels.values() if c.type == 0)


# name -> (intent Discord requires, the change that causes it, the dispatch it causes)
TRIGGERS: dict[str, tuple[int, Trigger, str]] = {
    "guild message": (
        rules.GUILD_MESSAGES,
        lambda fake, g: fake.user_says(_first_text(g), _alice(g), "hi"),
        "MESSAGE_CREATE",
    ),
    "direct message": (
        rules.DIRECT_MESSAGES,
        lambda fake, g: fake.user_says(fake.open_dm(_alice(g)), _alice(g), "hi"),
        "MESSAGE_CREATE",
    ),
    "channel created": (rules.GUILDS, lambda f, g: g.add_text_channel("new"), "CHANNEL_CREATE"),
    "channel updated": (
        rules.GUILDS,
        lambda f, g: _first_text(g).edit(name="renamed"),
        "CHANNEL_UPDATE",
    ),
    "channel deleted": (
        rules.GUILDS,
        lambda f, g: g.delete_channel(_first_text(g)),
        "CHANNEL_DELETE",
    ),
    "role created": (rules.GUILDS, lambda f, g: g.add_role("mods"), "GUILD_ROLE_CREATE"),
    "role updated": (
        rules.GUILDS,
        lambda f, g: g.edit_role(g.bot_role, permissions=0),
        "GUILD_ROLE_UPDATE",
    ),
    "role deleted": (
        rules.GUILDS,
        lambda f, g: g.delete_role(g.add_role("tmp")),
        "GUILD_ROLE_DELETE",
    ),
    "guild updated": (rules.GUILDS, lambda f, g: g.edit(name="Fans 2"), "GUILD_UPDATE"),
    "bot removed": (rules.GUILDS, lambda f, g: f.remove_bot_from(g), "GUILD_DELETE"),
    "outage": (rules.GUILDS, lambda f, g: f.outage(g), "GUILD_DELETE"),
    "new server": (rules.GUILDS, lambda f, g: f.add_guild("Other"), "GUILD_CREATE"),
    "member joined": (
        rules.GUILD_MEMBERS,
        lambda f, g: g.add_member(f.add_user("bob")),
        "GUILD_MEMBER_ADD",
    ),
}


@pytest.mark.parametrize("asked", [True, False], ids=["asked", "not-asked"])
@pytest.mark.parametrize("name", TRIGGERS)
async def test_an_event_reaches_only_sessions_that_asked_for_its_intent(
    fake_discord: FakeDiscord, fake_guild: Guild, name: str, asked: bool
) -> None:
    """Each gated event is queued for a session with its intent and never for one without."""
    intent, trigger, event = TRIGGERS[name]
    # Without: every other intent Discord defines (so a DM intent never lets a guild one in).
    intents = intent if asked else rules.VALID_INTENTS & ~intent
    async with raw_gateway(fake_discord) as client:
        session = await client.ready(intents)
        before = len(events_of(session))
        trigger(fake_discord, fake_guild)
        assert (event in events_of(session)[before:]) is asked


async def test_a_guilds_only_bot_gets_no_message_events(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """ostbot's intents (Guilds only): a user's message is not even queued for it."""
    bot = make_bot(intents=discord.Intents(guilds=True))
    async with connected(fake_discord, bot):
        [session] = fake_discord.gateway.sessions.values()
        fake_discord.user_says(_first_text(fake_guild), _alice(fake_guild), "hello?")
        assert "MESSAGE_CREATE" not in events_of(session)
        assert "GUILD_CREATE" in events_of(session)


CONTENT_CASES = {
    # name: (intents, where, text, content kept)
    "no intent": (rules.GUILD_MESSAGES, "guild", "secret", False),
    "with intent": (rules.GUILD_MESSAGES | rules.MESSAGE_CONTENT, "guild", "secret", True),
    "mentions the bot": (rules.GUILD_MESSAGES, "guild", "hey <@{bot}>", True),
    "in a DM": (rules.DIRECT_MESSAGES, "dm", "secret", True),
}


@pytest.mark.parametrize("case", CONTENT_CASES)
async def test_message_content_needs_its_intent(
    fake_discord: FakeDiscord, fake_guild: Guild, case: str
) -> None:
    """Without MESSAGE_CONTENT a guild message arrives with empty content and embeds, except
    when it mentions the bot or is a DM."""
    intents, where, text, kept = CONTENT_CASES[case]
    text = text.format(bot=fake_discord.bot_user.id)
    alice = _alice(fake_guild)
    channel = _first_text(fake_guild) if where == "guild" else fake_discord.open_dm(alice)
    async with raw_gateway(fake_discord) as client:
        session = await client.ready(intents)
        fake_discord.user_says(channel, alice, text)
        [created] = [p for p in session.buffer if p["t"] == "MESSAGE_CREATE"]
        assert created["d"]["content"] == (text if kept else "")
        assert created["d"]["author"]["id"] == str(alice.id)


async def test_the_bots_own_messages_keep_their_content(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """What the bot itself posted comes back with its content even without the intent."""
    bot = make_bot(intents=discord.Intents(guilds=True, guild_messages=True))
    async with connected(fake_discord, bot):
        [session] = fake_discord.gateway.sessions.values()
        channel = bot.get_channel(_first_text(fake_guild).id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("from the bot")
        [created] = [p for p in session.buffer if p["t"] == "MESSAGE_CREATE"]
        assert created["d"]["content"] == "from the bot"
