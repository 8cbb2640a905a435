"""Who may use the admin commands: members with Manage Server, in a server, nobody else."""

from __future__ import annotations

import pytest

from bot.exts.admin import COMMANDS

MANAGE_SERVER = "You need the Manage Server permission to use this command."

# Every admin command with valid options, as a member would send it.
INVOCATIONS = [
    ("ost-admin setup channel", "general"),
    ("ost-admin follow all", None),
    ("ost-admin follow drama", {"drama": "goblin"}),
    ("ost-admin follow artist", {"name": "Crush"}),
    ("ost-admin unfollow all", None),
    ("ost-admin unfollow drama", {"drama": "goblin"}),
    ("ost-admin unfollow artist", {"name": "Crush"}),
    ("ost-admin follows", None),
    ("ost-admin reminders", {"offsets": "1h"}),
    ("ost-admin catchup", {"hours": 1}),
    ("ost-admin status", None),
    ("ost-admin setup publish", {"enabled": False}),
    ("ost-admin setup web", None),
]


def options_for(server, options):
    return {"channel": server.general} if options == "general" else options


@pytest.mark.parametrize(("command", "options"), INVOCATIONS)
async def test_a_member_without_manage_server_is_denied(
    fake_discord, admin_bot, server_a, command, options
):
    """The bot refuses each admin command to a plain member, privately; nothing is stored."""
    result = await fake_discord.invoke(
        command, options_for(server_a, options), user=server_a.member
    )
    assert result.ephemeral
    assert result.content == MANAGE_SERVER
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_admin_commands_need_a_server(fake_discord, admin_bot, server_a):
    """In a DM there is no server to set up: the reply says the command works in servers."""
    result = await fake_discord.invoke("ost-admin follow all", user=server_a.admin.user)
    assert result.ephemeral
    assert result.content == "This command works only in a server."


async def test_the_owner_may_without_a_role(fake_discord, admin_bot, server_a):
    """The server owner has every permission, Manage Server included."""
    owner = server_a.guild.members[server_a.guild.owner.id]
    result = await fake_discord.invoke("ost-admin follow all", user=owner)
    assert result.content.startswith("✅")


async def test_synced_commands_and_their_default_permissions(fake_discord, admin_bot):
    """Every admin command is synced under /ost-admin, which asks Discord to show it only to
    members with Manage Server (32), in servers only."""
    [ost] = [c for c in fake_discord.commands.list(None) if c["name"] == "ost-admin"]
    assert str(ost["default_member_permissions"]) == "32"
    assert ost.get("dm_permission") is False or ost.get("contexts") == [0]
    synced = {option["name"]: option for option in ost["options"]}
    assert set(COMMANDS) <= set(synced)
    assert {o["name"] for o in synced["follow"]["options"]} == {"all", "drama", "artist"}
    assert {o["name"] for o in synced["unfollow"]["options"]} == {"all", "drama", "artist"}
    channel, publish, events, language, web = synced["setup"]["options"]
    names = (channel["name"], publish["name"], events["name"], language["name"], web["name"])
    assert names == ("channel", "publish", "events", "language", "web")
    [channel_option, _role] = channel["options"]
    assert sorted(channel_option["channel_types"]) == [0, 5]  # text and announcement
    [hours] = synced["catchup"]["options"]
    assert (hours["min_value"], hours["max_value"]) == (0, 72)
