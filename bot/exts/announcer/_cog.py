"""Starts the announcer when the extension loads and stops it, gracefully, when it unloads."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from bot.announcer import Announcer
from bot.announcer.dispatcher import workers_for
from bot.announcer.events import EventSyncer
from bot.announcer.pacing import Gate, Pacer
from bot.announcer.poster import DiscordPoster

if TYPE_CHECKING:
    from bot.app import OstBot

log = logging.getLogger(__name__)

# Why posting stopped, as /ost-admin status and the ledger show it. A removal is undone by
# inviting the bot back; a deleted channel needs `/ost-admin setup channel` again.
REMOVED = "the bot was removed from this server"
CHANNEL_DELETED = "the announcement channel was deleted"


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
                bot.store,
                bot.scheduler,
                poster,
                bot.clock,
                events=events,
                gate=gate,
                concurrency=workers_for(bot.settings.rate_per_second),
            )
        self.announcer = announcer
        self._bot = bot

    async def cog_load(self) -> None:
        await self.announcer.start()

    async def cog_unload(self) -> None:
        await self.announcer.stop()

    # Discord says at once (GUILD_DELETE, CHANNEL_DELETE) what a post would learn from a 403 or
    # 404: stop there now, with a reason an admin understands, and spend no invalid request.

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Kicked (or the server deleted); an outage is ``on_guild_unavailable``, not this."""
        store = self._bot.store
        settings = await store.servers.get(guild.id)
        if settings is not None and settings.channel_id is not None:
            log.warning("removed from guild %s: its announcements stop", guild.id)
            await store.servers.mark_broken(guild.id, REMOVED, now=self._bot.clock())

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Invited back: what stopped only because of the removal resumes."""
        store = self._bot.store
        settings = await store.servers.get(guild.id)
        if (
            settings is not None
            and settings.channel_id is not None
            and settings.broken_reason == REMOVED
        ):
            log.info("back in guild %s: its announcements resume", guild.id)
            await store.servers.set_channel(
                guild.id,
                settings.channel_id,
                ping_role_id=settings.ping_role_id,
                now=self._bot.clock(),
            )

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        store = self._bot.store
        settings = await store.servers.get(channel.guild.id)
        if settings is not None and settings.channel_id == channel.id:
            log.warning("guild %s deleted its announcement channel", channel.guild.id)
            reason = f"{CHANNEL_DELETED} (#{channel.name})"
            await store.servers.mark_broken(channel.guild.id, reason, now=self._bot.clock())
