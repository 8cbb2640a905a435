"""The fake's in-memory world: every user, server, channel and message it knows, and the bot's
joins, removals and DMs. Its objects are in ``objects.py`` and its servers in ``guilds.py``.

Tests build it with a small API (``fake.add_guild("Fans").add_text_channel("ost")``); the REST
and gateway layers read it and serialise it the way Discord does (ids as strings, etc.).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import payloads
from . import permissions as perms
from .guilds import Guild
from .ids import SnowflakeFactory
from .objects import DM, Channel, User


class World:
    """Everything the fake Discord knows; one per :class:`FakeDiscord`."""

    def __init__(self, bot_name: str = "ostbot") -> None:
        self.ids = SnowflakeFactory()
        self.bot_user = User(self.ids.next(), bot_name, bot=True)
        self.owner = User(self.ids.next(), "app-owner")
        self.application_id = self.bot_user.id  # modern apps share the bot user's id
        self.users: dict[int, User] = {self.bot_user.id: self.bot_user, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        # Servers the bot was removed from (still there for others): REST answers 403 there.
        self.former_guilds: dict[int, Guild] = {}
        # Where world changes go (FakeDiscord sets it: the gateway, after the shape check).
        self.emit: Callable[[str, dict[str, Any], int | None], None] = _nowhere
        # channel id -> message id -> message payload (insertion order = creation order)
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}
        # Servers that ever had a scheduled event, in that order: the events' automation runs
        # before every request, and walking every server made a fan-out's fake O(n²).
        self.event_guilds: dict[int, None] = {}

    def add_user(self, username: str, *, bot: bool = False) -> User:
        user = User(self.ids.next(), username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self, name: str, *, owner: User | None = None, bot_permissions: int = perms.BOT_DEFAULT
    ) -> Guild:
        owner = owner or self.add_user(f"{name.lower().replace(' ', '-')}-owner")
        guild = Guild(self, self.ids.next(), name, owner, bot_permissions)
        self._join(guild)
        return guild

    def _join(self, guild: Guild) -> None:
        """The bot is (again) in ``guild``: GUILD_CREATE to connected bots."""
        self.former_guilds.pop(guild.id, None)
        self.guilds[guild.id] = guild
        self.channels.update(guild.channels)
        # A join carries no ``unavailable`` (discord.py: on_guild_join); ``unavailable: false``
        # means a known server became available (on_guild_available).
        joined = {k: v for k, v in guild.to_payload().items() if k != "unavailable"}
        guild.emit("GUILD_CREATE", joined)

    def _leave(self, guild: Guild, *, deleted: bool) -> None:
        """The bot is no longer in ``guild``: GUILD_DELETE without ``unavailable``."""
        guild.emit("GUILD_DELETE", {"id": str(guild.id)})
        del self.guilds[guild.id]
        for channel_id in guild.channels:
            self.channels.pop(channel_id, None)
        if not deleted:
            self.former_guilds[guild.id] = guild

    def remove_bot(self, guild: Guild) -> None:
        """The bot is kicked from ``guild``: REST there answers 403 Missing Access."""
        self._leave(guild, deleted=False)

    def delete_guild(self, guild: Guild) -> None:
        """The owner deletes ``guild``: REST there answers 404 Unknown Guild/Channel."""
        self._leave(guild, deleted=True)

    def readd_bot(self, guild: Guild) -> None:
        """The bot is invited back to a server it was removed from."""
        self._join(guild)

    def set_unavailable(self, guild: Guild, unavailable: bool) -> None:
        """An outage starts (GUILD_DELETE ``unavailable: true``) or ends (GUILD_CREATE)."""
        if guild.unavailable == unavailable:
            return
        guild.unavailable = unavailable
        if unavailable:
            guild.emit("GUILD_DELETE", {"id": str(guild.id), "unavailable": True})
        else:
            guild.emit("GUILD_CREATE", guild.to_payload())

    def closed_channel(self, channel_id: int) -> Channel | None:
        """A channel of a server the bot was removed from (REST: 403, not 404)."""
        for guild in self.former_guilds.values():
            if channel_id in guild.channels:
                return guild.channels[channel_id]
        return None

    def open_dm(self, user: User) -> Channel:
        """The DM channel between the bot and ``user`` (one per user, as on Discord)."""
        for ch in self.channels.values():
            if ch.type == DM and ch.recipients and ch.recipients[0].id == user.id:
                return ch
        ch = Channel(self.ids.next(), DM, None, None, recipients=[user])
        self.channels[ch.id] = ch
        return ch

    def application_payload(self) -> dict[str, Any]:
        return payloads.application(self)


def _nowhere(event: str, data: dict[str, Any], guild_id: int | None) -> None:
    return None
