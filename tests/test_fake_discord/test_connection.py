"""The fake as seen by an unmodified discord.py client: login, gateway, READY, GUILD_CREATE."""

from discord.ext import commands

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord.clients import connected, make_bot


async def test_client_reaches_ready_and_sees_guilds(
    discord_py_client: commands.Bot, fake_discord: FakeDiscord, fake_guild: Guild
):
    """on_ready fires and the client's cache holds the guild with its channels and roles."""
    bot = discord_py_client
    assert bot.user is not None
    assert bot.user.id == fake_discord.bot_user.id
    guild = bot.get_guild(fake_guild.id)
    assert guild is not None
    assert guild.name == "Fans"
    assert {c.name for c in guild.channels} == {"general", "ost-news"}
    news = guild.get_channel(next(c.id for c in fake_guild.channels.values() if c.type == 5))
    assert news is not None
    assert news.is_news()
    assert guild.me is not None
    assert guild.me.guild_permissions.send_messages
    assert {r.name for r in guild.roles} >= {"@everyone", "ostbot"}
    assert bot.application_id == fake_discord.application_id


async def test_voice_channels_reach_discord_py(fake_discord, fake_guild):
    """A voice channel is a full channel to discord.py (bitrate and user limit included)."""
    voice = fake_guild.add_voice_channel("karaoke")
    async with connected(fake_discord, make_bot()) as bot:
        channel = bot.get_channel(voice.id)
        assert channel is not None
        assert channel.bitrate == 64000
