"""How a pressed button finds the services the browse commands are handed."""

from __future__ import annotations

import discord

from bot.exts import Browsing, Host


def services_of(interaction: discord.Interaction) -> Browsing:
    """The services of the bot an interaction reached.

    A button pressed after a restart is rebuilt from its custom_id alone (``DynamicItem``),
    and discord.py registers the classes, not instances, so the client the interaction came
    to is the one way back to the services; this checks it is an ostbot ``Host``.
    """
    client = interaction.client
    if not isinstance(client, Host):
        raise TypeError(f"{type(client).__name__} carries no ostbot services")
    return client.services
