"""Starts the announcer when the extension loads and stops it, gracefully, when it unloads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from discord.ext import commands

from bot.announcer import Announcer
from bot.announcer.events import EventSyncer
from bot.announcer.pacing import Gate, Pacer
from bot.announcer.poster import DiscordPoster

if TYPE_CHECKING:
    from bot.app import OstBot


class AnnouncerCog(commands.Cog, name="Announcer"):
    """Other cogs reach the announcer as ``bot.get_cog("Announcer").announcer``."""

    def __init__(self, bot: OstBot, announcer: Announcer | None = None) -> None:
        if announcer is None:
            # One budget for posts and events, and one gate shut for all while Discord blocks us.
            gate = Gate(clock=bot.clock)
            pacer = Pacer(bot.settings.rate_per_second, gate)
            poster = DiscordPoster(bot, pacer)
            events = EventSyncer(bot, bot.store, bot.clock, pacer)
            announcer = Announcer(
                bot.store, bot.scheduler, poster, bot.clock, events=events, gate=gate
            )
        self.announcer = announcer

    async def cog_load(self) -> None:
        await self.announcer.start()

    async def cog_unload(self) -> None:
        await self.announcer.stop()
