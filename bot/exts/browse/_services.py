"""What the browse commands and buttons use, and how a pressed button finds it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import discord

from bot.exts import Host

if TYPE_CHECKING:
    from bot.exts import Clock
    from bot.services.catalog import Catalog
    from bot.store import Store


class BrowseServices(Protocol):
    """The store, the clock, and the autocomplete catalog (``bot.exts.Services`` has them)."""

    @property
    def store(self) -> Store: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def catalog(self) -> Catalog: ...


def services_of(interaction: discord.Interaction) -> BrowseServices:
    """The services of the bot an interaction reached.

    A button pressed after a restart is rebuilt from its custom_id alone (``DynamicItem``),
    and discord.py registers the classes, not instances, so the client the interaction came
    to is the one way back to the services; this checks it is an ostbot ``Host``.
    """
    client = interaction.client
    if not isinstance(client, Host):
        raise TypeError(f"{type(client).__name__} carries no ostbot services")
    return client.services
