"""Changes to the world after connect reach discord.py's cache, and REST agrees with them."""

from __future__ import annotations

import asyncio

import discord
import pytest
from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild, permissions
from tests.fake_discord.objects import GUILD_ANNOUNCEMENT


async def test_channel_created_updated_deleted(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """CHANNEL_CREATE/UPDATE/DELETE keep discord.py's channels in step with the fake's."""
    bot = discord_py_client
    created = asyncio.ensure_future(bot.wait_for("guild_channel_create", timeout=5))
    channel = fake_guild.add_text_channel("drops")
    assert (await created).id == channel.id
    updated = asyncio.ensure_future(bot.wait_for("guild_channel_update", timeout=5))
    channel.edit(name="ost-drops", kind=GUILD_ANNOUNCEMENT)
    _, after = await updated
    assert after.name == "ost-drops"
    assert isinstance(after, discord.TextChannel)
    assert after.is_news()
    deleted = asyncio.ensure_future(bot.wait_for("guild_channel_delete", timeout=5))
    fake_guild.delete_channel(channel)
    assert (await deleted).id == channel.id
    assert bot.get_channel(channel.id) is None


async def test_a_deleted_channel_answers_404(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """Posting to a channel deleted meanwhile: 404 Unknown Channel (10003)."""
    channel = next(c for c in fake_guild.channels.values() if c.type == 0)
    fake_guild.delete_channel(channel)
    with pytest.raises(discord.NotFound) as raised:
        await discord_py_client.get_partial_messageable(channel.id).send("late")
    assert raised.value.code == 10003


async def test_overwrites_changed_after_connect_are_pushed(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """Denying the bot a permission in a channel is a CHANNEL_UPDATE discord.py applies."""
    channel = next(c for c in fake_guild.channels.values() if c.type == 0)
    updated = asyncio.ensure_future(discord_py_client.wait_for("guild_channel_update", timeout=5))
    channel.deny_bot(permissions.SEND_MESSAGES)
    _, after = await updated
    assert not after.permissions_for(after.guild.me).send_messages


async def test_roles_created_updated_deleted(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """GUILD_ROLE_CREATE/UPDATE/DELETE reach discord.py's guild roles."""
    bot = discord_py_client
    created = asyncio.ensure_future(bot.wait_for("guild_role_create", timeout=5))
    role = fake_guild.add_role("ost-pings")
    assert (await created).name == "ost-pings"
    updated = asyncio.ensure_future(bot.wait_for("guild_role_update", timeout=5))
    fake_guild.edit_role(role, name="drops", permissions=permissions.MANAGE_EVENTS)
    _, after = await updated
    assert after.name == "drops"
    assert after.permissions.manage_events
    deleted = asyncio.ensure_future(bot.wait_for("guild_role_delete", timeout=5))
    fake_guild.delete_role(role)
    await deleted
    guild = bot.get_guild(fake_guild.id)
    assert guild is not None
    assert guild.get_role(role.id) is None


async def test_guild_update(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """A renamed server is a GUILD_UPDATE."""
    updated = asyncio.ensure_future(discord_py_client.wait_for("guild_update", timeout=5))
    fake_guild.edit(name="Fans Club")
    _, after = await updated
    assert after.name == "Fans Club"


async def test_the_bot_removed_from_a_server(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """GUILD_DELETE without ``unavailable``: discord.py drops the guild (on_guild_remove); its
    channels answer 403 Missing Access; invited back, GUILD_CREATE brings it back."""
    bot = discord_py_client
    channel = next(c for c in fake_guild.channels.values() if c.type == 0)
    removed = asyncio.ensure_future(bot.wait_for("guild_remove", timeout=5))
    fake_discord.remove_bot_from(fake_guild)
    assert (await removed).id == fake_guild.id
    assert bot.get_guild(fake_guild.id) is None
    with pytest.raises(discord.Forbidden) as raised:
        await bot.get_partial_messageable(channel.id).send("still there?")
    assert raised.value.code == 50001
    with pytest.raises(discord.Forbidden):
        await bot.fetch_guild(fake_guild.id)
    joined = asyncio.ensure_future(bot.wait_for("guild_join", timeout=5))
    fake_discord.add_bot_to(fake_guild)
    assert (await joined).id == fake_guild.id
    await bot.get_partial_messageable(channel.id).send("back")


async def test_a_deleted_server_answers_404(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """A deleted server: GUILD_DELETE, then 404 Unknown Channel / Unknown Guild."""
    channel = next(c for c in fake_guild.channels.values() if c.type == 0)
    removed = asyncio.ensure_future(discord_py_client.wait_for("guild_remove", timeout=5))
    fake_discord.delete_guild(fake_guild)
    await removed
    with pytest.raises(discord.NotFound) as raised:
        await discord_py_client.get_partial_messageable(channel.id).send("hello?")
    assert raised.value.code == 10003
    with pytest.raises(discord.NotFound):
        await discord_py_client.fetch_guild(fake_guild.id)


async def test_an_outage_makes_a_server_unavailable_then_back(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """GUILD_DELETE with ``unavailable: true`` (not a removal), then GUILD_CREATE."""
    bot = discord_py_client
    gone = asyncio.ensure_future(bot.wait_for("guild_unavailable", timeout=5))
    fake_discord.outage(fake_guild)
    assert (await gone).id == fake_guild.id
    back = asyncio.ensure_future(bot.wait_for("guild_available", timeout=5))
    fake_discord.outage(fake_guild, unavailable=False)
    assert (await back).id == fake_guild.id


async def test_a_server_that_adds_the_bot(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord
) -> None:
    """A new server arrives as GUILD_CREATE (on_guild_join), channels added later as their own
    CHANNEL_CREATE."""
    bot = discord_py_client
    joined = asyncio.ensure_future(bot.wait_for("guild_join", timeout=5))
    guild = fake_discord.add_guild("Newcomers")
    assert (await joined).name == "Newcomers"
    created = asyncio.ensure_future(bot.wait_for("guild_channel_create", timeout=5))
    guild.add_announcement_channel("news")
    assert (await created).guild.id == guild.id


async def test_a_server_in_an_outage_at_connect_is_unavailable(
    fake_discord: FakeDiscord, fake_guild: Guild
) -> None:
    """At IDENTIFY, a server in an outage comes as GUILD_DELETE (unavailable), not GUILD_CREATE."""
    from tests.fake_discord.clients import connected, make_bot

    fake_discord.outage(fake_guild)
    async with connected(fake_discord, make_bot()) as bot:
        [session] = fake_discord.gateway.sessions.values()
        names = [p["t"] for p in session.buffer]
        assert "GUILD_CREATE" not in names
        assert "GUILD_DELETE" in names
        guild = bot.get_guild(fake_guild.id)
        assert guild is None or guild.unavailable
