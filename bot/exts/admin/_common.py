"""What every admin command shares: the services it uses, the Manage Server check
(``bot/exts/_checks.py``), deferring, replying, re-planning."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

import discord
from discord import app_commands

from bot.exts import StoreAndClock
from bot.exts._checks import admin_only

if TYPE_CHECKING:
    from bot.exts._host import Blockage, Replanning

log = logging.getLogger(__name__)

__all__ = ["AdminServices", "admin_only", "begin", "choices", "guild_of", "reply"]


class AdminServices(StoreAndClock, Protocol):
    """What the admin commands use: also the announcer to re-plan, and its gate for status."""

    @property
    def announcer(self) -> Replanning: ...

    @property
    def gate(self) -> Blockage: ...


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


async def settings_changed(services: AdminServices) -> None:
    """Tell the announcer to re-plan now (it does nothing while not running).

    The change is already stored; if re-planning fails, the announcer's next tick plans from
    the store anyway, so the admin is told it worked and the failure is logged.
    """
    try:
        await services.announcer.settings_changed()
    except Exception:
        log.exception("re-planning after a settings change failed; the next tick re-plans")


def choices(pairs: list[tuple[str, str]]) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=value) for name, value in pairs]
