"""What extensions are handed: the services ``bot.wiring`` built, and the host that carries them.

An extension's ``setup(bot)`` receives a :class:`Host` (``bot.app.OstBot`` is one) and passes
each command factory or cog only the services it uses, typed by a small protocol of its own
(e.g. ``bot.exts.admin._common.AdminServices``): a store, a clock, the announcer as "releases
changed", the catalog. :class:`Services` satisfies them all; a test may hand a factory anything
else that does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import discord
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from discord import app_commands
    from discord.ext import commands

    from bot.announcer import Announcer
    from bot.announcer.pacing import Gate
    from bot.services.catalog import Catalog
    from bot.settings import Settings
    from bot.store import Store

Clock = Callable[[], datetime]


class StoreAndClock(Protocol):
    """What nearly every command uses; features' protocols extend it with what else they need."""

    @property
    def store(self) -> Store: ...

    @property
    def clock(self) -> Clock: ...


class Browsing(StoreAndClock, Protocol):
    """The browse and calendar commands': the store and clock, and the autocomplete catalog."""

    @property
    def catalog(self) -> Catalog: ...


class Replanning(Protocol):
    """The announcer as commands see it: told that releases or a server's settings changed."""

    async def releases_changed(self) -> None: ...

    async def settings_changed(self) -> None: ...


class Blockage(Protocol):
    """Whether Discord is blocking the bot, and until when (the announcer's gate)."""

    @property
    def blocked_until(self) -> datetime | None: ...


@dataclass(frozen=True)
class Services:
    """Everything ``ostbot run`` builds once (``bot.wiring.build_bot``) and hands down."""

    settings: Settings
    store: Store
    scheduler: AsyncIOScheduler
    clock: Clock
    announcer: Announcer
    gate: Gate  # shut while Discord blocks the bot; posts and scheduled events share it
    catalog: Catalog  # the autocomplete index (the browse extension warms it)


@runtime_checkable
class Host(Protocol):
    """What ``setup(bot)`` is handed: the two command groups, the services, and the few
    ``commands.Bot`` methods extensions call. Runtime-checkable, so a component pressed after a
    restart (which reaches the bot only as ``interaction.client``) can check it got one."""

    @property
    def ost(self) -> app_commands.Group: ...

    @property
    def ost_admin(self) -> app_commands.Group: ...

    @property
    def services(self) -> Services: ...

    async def add_cog(self, cog: commands.Cog, /) -> None: ...

    def add_dynamic_items(self, *items: type[discord.ui.DynamicItem[Any]]) -> None: ...

    def remove_dynamic_items(self, *items: type[discord.ui.DynamicItem[Any]]) -> None: ...
