"""What every admin command shares: the Manage Server check, deferring, replying, re-planning.

They live under ``/ost-admin``, whose ``default_member_permissions`` (Manage Server) and
``guild_only`` make Discord hide them from other members; the bot checks again here, because a
server can override who sees a command in its integration settings.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

if TYPE_CHECKING:
    from bot.announcer import Announcer
    from bot.app import OstBot

log = logging.getLogger(__name__)

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


def guild_of(interaction: discord.Interaction) -> discord.Guild:
    """The server (``admin_only`` has made sure there is one)."""
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage
    return interaction.guild


async def begin(interaction: discord.Interaction) -> None:
    """Defer privately: store writes and re-planning may outlast Discord's 3 seconds."""
    await interaction.response.defer(ephemeral=True, thinking=True)


async def reply(
    interaction: discord.Interaction, content: str, *, embed: discord.Embed | None = None
) -> None:
    if embed is None:
        await interaction.followup.send(content, ephemeral=True)
    else:
        await interaction.followup.send(content, embed=embed, ephemeral=True)


async def settings_changed(bot: OstBot) -> None:
    """Tell the announcer to re-plan; absent (tests loading this extension alone) is fine.

    The change is already stored; if re-planning fails, the announcer's next tick plans from
    the store anyway, so the admin is told it worked and the failure is logged.
    """
    announcer: Announcer | None = getattr(bot.get_cog("Announcer"), "announcer", None)
    if announcer is None:
        return
    try:
        await announcer.settings_changed()
    except Exception:
        log.exception("re-planning after a settings change failed; the next tick re-plans")


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=value) for name, value in pairs]
