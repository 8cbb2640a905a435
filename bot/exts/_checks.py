"""``admin_only``: the check every ``/ost-admin`` command carries (admin and releases alike).

``/ost-admin``'s ``default_member_permissions`` (Manage Server) and ``guild_only`` make Discord
hide its commands from other members; the bot checks again on every call, because a server can
override who sees a command in its integration settings.
"""

from __future__ import annotations

from typing import TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


def _in_server(interaction: discord.Interaction) -> bool:
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage
    return True


def admin_only(func: T) -> T:
    """In a server, by a member with Manage Server (else the tree says what is missing)."""
    # Checks run in the order added: "works only in a server" before "you need Manage Server".
    func = app_commands.check(_in_server)(func)
    return app_commands.checks.has_permissions(manage_guild=True)(func)
