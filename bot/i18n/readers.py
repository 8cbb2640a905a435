"""Whose language an answer is in: the member's own (``interaction.locale``, their Discord
client's language), for every ephemeral reply, error and button label."""

from __future__ import annotations

import discord

from bot.i18n.languages import Language, language


def reader(interaction: discord.Interaction) -> Language:
    """The language of the member who used the command or pressed the button."""
    return language(interaction.locale.value)


def server_default(interaction: discord.Interaction) -> str | None:
    """The server's preferred locale as Discord sent it with the interaction (None in DMs)."""
    if interaction.guild_id is None or interaction.guild_locale is None:
        return None
    return interaction.guild_locale.value
