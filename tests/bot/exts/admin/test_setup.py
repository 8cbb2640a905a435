"""/ost-admin setup channel: where announcements go, checked against the bot's permissions."""

from __future__ import annotations

import pytest

from tests.bot.exts.admin.conftest import NOW
from tests.fake_discord import InvalidInteraction

SETUP = "ost-admin setup channel"


@pytest.mark.latency
async def test_a_channel_and_role_are_stored_and_confirmed(fake_discord, admin_bot, server_a):
    """The admin gets a private confirmation with the channel, the role and the next step."""
    result = await fake_discord.invoke(
        SETUP, {"channel": server_a.general, "role": server_a.fans}, user=server_a.admin
    )
    assert result.deferred
    assert result.ephemeral
    assert f"<#{server_a.general.id}>, pinging <@&{server_a.fans.id}>" in result.content
    assert "follows nothing yet" in result.content
    assert "not mentionable" in result.content  # the fake's roles are not mentionable
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.channel_id == server_a.general.id
    assert settings.ping_role_id == server_a.fans.id
    assert settings.channel_news is False  # kept for processes of other shards


async def test_an_announcement_channel_without_a_role(fake_discord, admin_bot, server_a):
    """Announcement channels are accepted (and kept as such); leaving the role out means no
    ping."""
    result = await fake_discord.invoke(SETUP, {"channel": server_a.news}, user=server_a.admin)
    assert f"<#{server_a.news.id}> (no ping)" in result.content
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert (settings.channel_id, settings.ping_role_id) == (server_a.news.id, None)
    assert settings.channel_news is True


async def test_setting_up_again_clears_a_broken_channel(fake_discord, admin_bot, server_a):
    """A channel marked broken (403) works again once the admin runs setup again."""
    store = admin_bot.store
    await store.servers.set_channel(
        server_a.guild.id, server_a.general.id, ping_role_id=None, now=NOW
    )
    await store.servers.mark_broken(server_a.guild.id, "403 Forbidden: Missing Access", now=NOW)
    await fake_discord.invoke(SETUP, {"channel": server_a.general}, user=server_a.admin)
    settings = await store.servers.get(server_a.guild.id)
    assert settings.broken_reason is None
    assert settings.can_post


async def test_a_missing_permission_is_named_and_nothing_stored(fake_discord, admin_bot, server_a):
    """Without Embed Links in the channel, the reply names exactly that; nothing is stored."""
    result = await fake_discord.invoke(SETUP, {"channel": server_a.closed}, user=server_a.admin)
    assert result.ephemeral
    assert result.content.startswith(f"I can't post announcements in <#{server_a.closed.id}>")
    assert "I need Embed Links there" in result.content
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_every_missing_permission_is_named(fake_discord, admin_bot, server_a):
    """A channel the bot cannot see lists all three permissions posting needs."""
    result = await fake_discord.invoke(SETUP, {"channel": server_a.hidden}, user=server_a.admin)
    assert "I need View Channel, Send Messages and Embed Links there" in result.content
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


@pytest.mark.parametrize(
    ("role", "says"),
    [("everyone", "can't ping @everyone"), ("managed", "is managed by an integration")],
)
async def test_an_unusable_role_is_refused(fake_discord, admin_bot, server_a, role, says):
    """@everyone and integration-managed roles are refused with the reason; nothing stored."""
    chosen = server_a.guild.everyone if role == "everyone" else server_a.managed
    result = await fake_discord.invoke(
        SETUP, {"channel": server_a.general, "role": chosen}, user=server_a.admin
    )
    assert says in result.content
    assert result.ephemeral
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_categories_are_not_offered(fake_discord, admin_bot, server_a):
    """The option takes text and announcement channels only: Discord refuses a category."""
    with pytest.raises(InvalidInteraction, match="channel of types"):
        await fake_discord.invoke(SETUP, {"channel": server_a.category}, user=server_a.admin)


async def test_another_servers_channel_is_refused(fake_discord, admin_bot, server_a, server_b):
    """A channel of server B, named in server A, is not stored for either server."""
    result = await fake_discord.invoke(SETUP, {"channel": server_b.general}, user=server_a.admin)
    assert result.ephemeral
    assert "not a valid value" in result.content
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_publishing_is_on_by_default_and_can_be_turned_off(fake_discord, admin_bot, server_a):
    """/ost-admin setup publish stores the choice and says what it means; status shows it."""
    await fake_discord.invoke(SETUP, {"channel": server_a.news}, user=server_a.admin)
    assert (await admin_bot.store.servers.get(server_a.guild.id)).publish is True
    result = await fake_discord.invoke(
        "ost-admin setup publish", {"enabled": False}, user=server_a.admin
    )
    assert result.ephemeral
    assert "not published" in result.content
    assert (await admin_bot.store.servers.get(server_a.guild.id)).publish is False
    status = await fake_discord.invoke("ost-admin status", user=server_a.admin)
    [embed] = status.embeds
    assert any("not published" in field["value"] for field in embed["fields"])


async def test_publish_needs_a_yes_or_no(fake_discord, admin_bot, server_a):
    """The option is a boolean: Discord (the fake) refuses anything else before the bot."""
    with pytest.raises(InvalidInteraction):
        await fake_discord.invoke(
            "ost-admin setup publish", {"enabled": "sometimes"}, user=server_a.admin
        )
