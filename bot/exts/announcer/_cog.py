"""Starts the announcer when the extension loads and stops it, gracefully, when it unloads;
stops and resumes a server's posts when Discord says the bot left it or its channel is gone."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

import discord
from discord.ext import commands

from bot.exts import StoreAndClock

if TYPE_CHECKING:
    from bot.announcer import Announcer

log = logging.getLogger(__name__)

# Why posting stopped, as /ost-admin status and the ledger show it. A removal is undone by
# inviting the bot back; a deleted channel needs `/ost-admin setup channel` again.
REMOVED = "the bot was removed from this server"
CHANNEL_DELETED = "the announcement channel was deleted"


class AnnouncerServices(StoreAndClock, Protocol):
    """What this extension uses: the announcer it runs, the store and the clock."""

    @property
    def announcer(self) -> Announcer: ...


class AnnouncerCog(commands.Cog, name="Announcer"):
    def __init__(self, services: AnnouncerServices) -> None:
        self.announcer = services.announcer
        self._store = services.store
        self._clock = services.clock

    async def cog_load(self) -> None:
        await self.announcer.start()

    async def cog_unload(self) -> None:
        await self.announcer.stop()

    # Discord says at once (GUILD_DELETE, CHANNEL_DELETE) what a post would learn from a 403 or
    # 404: stop there now, with a reason an admin understands, and spend no invalid request.

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        """Kicked (or the server deleted); an outage is ``on_guild_unavailable``, not this."""
        store = self._store
        settings = await store.servers.get(guild.id)
        if settings is not None and settings.channel_id is not None:
            log.warning("removed from guild %s: its announcements stop", guild.id)
            await store.servers.mark_broken(guild.id, REMOVED, now=self._clock())

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Invited back: what stopped only because of the removal resumes."""
        store = self._store
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
                now=self._clock(),
                news=settings.channel_news,
            )

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        """A channel became an announcement channel or stopped being one: every process
        posting to it (most serve other shards, with no gateway cache of it) reads the kind
        from the store."""
        news = isinstance(after, discord.TextChannel) and after.is_news()
        if news != (isinstance(before, discord.TextChannel) and before.is_news()):
            await self._store.servers.note_channel_kind(
                after.guild.id, after.id, news, now=self._clock()
            )
            kind = "an announcement" if news else "a text"
            log.info("channel %s of guild %s is now %s channel", after.id, after.guild.id, kind)

    @commands.Cog.listener()
    async def on_guild_update(self, before: discord.Guild, after: discord.Guild) -> None:
        """The server changed its language in Discord: the default of its posts' follows."""
        if before.preferred_locale != after.preferred_locale:
            locale = after.preferred_locale.value
            await self._store.servers.note_discord_locale(after.id, locale, now=self._clock())
            log.info("guild %s now has %s as its language in Discord", after.id, locale)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        store = self._store
        settings = await store.servers.get(channel.guild.id)
        if settings is not None and settings.channel_id == channel.id:
            log.warning("guild %s deleted its announcement channel", channel.guild.id)
            reason = f"{CHANNEL_DELETED} (#{channel.name})"
            await store.servers.mark_broken(channel.guild.id, reason, now=self._clock())
