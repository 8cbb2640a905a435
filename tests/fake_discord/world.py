"""The fake's in-memory world: users, guilds, channels, roles, members, and their payloads.

Tests build it with a small API (``fake.add_guild("Fans").add_text_channel("ost")``); the REST
and gateway layers read it and serialise it the way Discord does (ids as strings, etc.).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import payloads
from . import permissions as perms
from .ids import SnowflakeFactory, iso_from_snowflake
from .permissions import Overwrite

GUILD_TEXT = 0
DM = 1
GUILD_VOICE = 2
GUILD_CATEGORY = 4
GUILD_ANNOUNCEMENT = 5
GUILD_FORUM = 15


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None
    # The language of the user's Discord client: every interaction they make carries it.
    locale: str = "en-US"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "global_name": self.global_name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }


VOICE_TYPES = frozenset({2, 13})  # voice, stage


@dataclass
class Role:
    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    bot_id: int | None = None

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": self.position,
            "permissions": str(self.permissions),
            "managed": self.managed,
            "mentionable": False,
            "flags": 0,
        }
        if self.bot_id is not None:
            payload["tags"] = {"bot_id": str(self.bot_id)}
        return payload


@dataclass
class Channel:
    """A guild channel or a DM; ``guild`` is None for DMs."""

    id: int
    type: int
    name: str | None
    guild: Guild | None = None
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    recipients: list[User] = field(default_factory=list)
    overwrites: list[Overwrite] = field(default_factory=list)
    last_message_id: int | None = None

    def set_overwrite(self, target: Role | User | Member, *, allow: int = 0, deny: int = 0) -> None:
        """Set (replace) the overwrite for a role or a member, like the channel settings UI."""
        if isinstance(target, Role):
            ow = Overwrite(target.id, 0, allow, deny)
        else:
            ow = Overwrite(target.id, 1, allow, deny)
        self.overwrites = [o for o in self.overwrites if o.id != ow.id] + [ow]
        self._updated()

    def edit(
        self, *, name: str | None = None, topic: str | None = None, kind: int | None = None
    ) -> None:
        """Rename, re-topic or convert (``kind``: text 0 <-> announcement 5): CHANNEL_UPDATE."""
        if name is not None:
            self.name = name
        if topic is not None:
            self.topic = topic
        if kind is not None:
            self.type = kind
        self._updated()

    def _updated(self) -> None:
        if self.guild is not None and self.guild.channels.get(self.id) is self:
            self.guild.emit("CHANNEL_UPDATE", self.to_payload())

    def deny_bot(self, permission: int) -> None:
        """Shortcut: deny ``permission`` to the bot's member in this channel."""
        assert self.guild is not None, "DMs have no overwrites"
        self.set_overwrite(self.guild.me, deny=permission)

    def permissions_for(self, user_id: int) -> int:
        """Effective permissions of a member here (DMs: everything a DM allows)."""
        if self.guild is None:
            return perms.VIEW_CHANNEL | perms.SEND_MESSAGES | perms.EMBED_LINKS | perms.ATTACH_FILES
        member = self.guild.members.get(user_id)
        if member is None:
            return 0
        base = self.guild.base_permissions(member)
        return perms.channel_permissions(
            base, self.guild.id, member.user.id, member.role_ids, self.overwrites
        )

    def to_payload(self) -> dict[str, Any]:
        if self.guild is None:
            return {
                "id": str(self.id),
                "type": self.type,
                "last_message_id": _opt_str(self.last_message_id),
                "recipients": [u.to_payload() for u in self.recipients],
                "flags": 0,
            }
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(self.guild.id),
            "name": self.name,
            "position": self.position,
            "parent_id": _opt_str(self.parent_id),
            "topic": self.topic,
            "nsfw": False,
            "rate_limit_per_user": 0,
            "last_message_id": _opt_str(self.last_message_id),
            "permission_overwrites": [o.to_payload() for o in self.overwrites],
            "flags": 0,
        }
        if self.type in VOICE_TYPES:
            # discord.py reads these for voice and stage channels (KeyError without them).
            payload.update({"bitrate": 64000, "user_limit": 0, "rtc_region": None})
        return payload


@dataclass
class Member:
    user: User
    guild: Guild
    roles: list[Role] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = ""

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def role_ids(self) -> list[int]:
        return [r.id for r in self.roles]

    def to_payload(self, *, with_permissions: bool = False) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "user": self.user.to_payload(),
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "communication_disabled_until": None,
            "premium_since": None,
            "roles": [str(r) for r in self.role_ids],
            "joined_at": self.joined_at,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if with_permissions:
            payload["permissions"] = str(self.guild.base_permissions(self))
        return payload


class Guild:
    """A server. Created through :meth:`World.add_guild`; the bot is a member from the start."""

    def __init__(self, world: World, gid: int, name: str, owner: User, bot_permissions: int):
        self.world = world
        self.id = gid
        self.name = name
        self.owner = owner
        self.channels: dict[int, Channel] = {}
        self.roles: dict[int, Role] = {}
        self.members: dict[int, Member] = {}
        self.scheduled_events: dict[int, dict[str, Any]] = {}
        # The server's language (Server Settings → Community): on the guild object and as
        # every interaction's guild_locale.
        self.preferred_locale = "en-US"
        self.unavailable = False  # an outage: see FakeDiscord.outage()
        # @everyone has the guild's id, as on Discord.
        self.everyone = Role(gid, gid, "@everyone", perms.EVERYONE_DEFAULT)
        self.roles[gid] = self.everyone
        self.bot_role = self.add_role(
            world.bot_user.username, permissions=bot_permissions, managed=True
        )
        self.bot_role.bot_id = world.bot_user.id
        self.me = self.add_member(world.bot_user, roles=[self.bot_role])
        self.add_member(owner)

    def add_role(self, name: str, *, permissions: int = 0, managed: bool = False) -> Role:
        role = Role(self.world.ids.next(), self.id, name, permissions, len(self.roles), managed)
        self.roles[role.id] = role
        self.emit("GUILD_ROLE_CREATE", {"guild_id": str(self.id), "role": role.to_payload()})
        return role

    def edit_role(
        self, role: Role, *, name: str | None = None, permissions: int | None = None
    ) -> None:
        """Rename a role or change its permissions: GUILD_ROLE_UPDATE."""
        if name is not None:
            role.name = name
        if permissions is not None:
            role.permissions = permissions
        self.emit("GUILD_ROLE_UPDATE", {"guild_id": str(self.id), "role": role.to_payload()})

    def delete_role(self, role: Role) -> None:
        """Delete a role (members lose it): GUILD_ROLE_DELETE."""
        assert role.id != self.id, "@everyone cannot be deleted"
        del self.roles[role.id]
        for member in self.members.values():
            member.roles = [r for r in member.roles if r.id != role.id]
        for channel in self.channels.values():
            channel.overwrites = [o for o in channel.overwrites if o.id != role.id]
        self.emit("GUILD_ROLE_DELETE", {"guild_id": str(self.id), "role_id": str(role.id)})

    def edit(self, *, name: str | None = None, preferred_locale: str | None = None) -> None:
        """Change the server's settings: GUILD_UPDATE."""
        if name is not None:
            self.name = name
        if preferred_locale is not None:
            self.preferred_locale = preferred_locale
        self.emit("GUILD_UPDATE", self.rest_payload())

    def _add_channel(self, name: str, ctype: int, **kw: Any) -> Channel:
        ch = Channel(self.world.ids.next(), ctype, name, self, position=len(self.channels), **kw)
        self.channels[ch.id] = ch
        self.world.channels[ch.id] = ch
        self.emit("CHANNEL_CREATE", ch.to_payload())
        return ch

    def delete_channel(self, channel: Channel) -> None:
        """Delete a channel: CHANNEL_DELETE; REST to it then answers 404 Unknown Channel.
        ``fake.messages_in`` still lists what it held (for assertions)."""
        del self.channels[channel.id]
        self.world.channels.pop(channel.id, None)
        self.emit("CHANNEL_DELETE", channel.to_payload())

    @property
    def live(self) -> bool:
        """The bot is in this server (its changes reach the gateway)."""
        return self.world.guilds.get(self.id) is self

    def emit(self, event: str, data: dict[str, Any]) -> None:
        """Tell connected bots about a change (only once the server is part of the world)."""
        if self.live:
            self.world.emit(event, data, self.id)

    def add_text_channel(
        self, name: str, *, category: Channel | None = None, topic: str | None = None
    ) -> Channel:
        return self._add_channel(name, GUILD_TEXT, parent_id=_opt_id(category), topic=topic)

    def add_announcement_channel(self, name: str, *, category: Channel | None = None) -> Channel:
        return self._add_channel(name, GUILD_ANNOUNCEMENT, parent_id=_opt_id(category))

    def add_voice_channel(self, name: str, *, category: Channel | None = None) -> Channel:
        return self._add_channel(name, GUILD_VOICE, parent_id=_opt_id(category))

    def add_category(self, name: str) -> Channel:
        return self._add_channel(name, GUILD_CATEGORY)

    def add_forum_channel(self, name: str) -> Channel:
        return self._add_channel(name, GUILD_FORUM)

    def add_member(
        self,
        user: User,
        *,
        roles: list[Role] | None = None,
        permissions: int | None = None,
        nick: str | None = None,
    ) -> Member:
        """Add ``user`` as a member; ``permissions`` gives them a personal role with those bits."""
        member_roles = list(roles or [])
        if permissions is not None:
            member_roles.append(self.add_role(f"{user.username}-perms", permissions=permissions))
        member = Member(user, self, member_roles, nick, iso_from_snowflake(self.world.ids.next()))
        self.members[user.id] = member
        self.emit("GUILD_MEMBER_ADD", member.to_payload() | {"guild_id": str(self.id)})
        return member

    def base_permissions(self, member: Member) -> int:
        return perms.base_permissions(
            self.everyone.permissions,
            (r.permissions for r in member.roles),
            member.user.id == self.owner.id,
        )

    def rest_payload(self) -> dict[str, Any]:
        """A guild object as ``GET /guilds/{id}`` answers it (the spec's GuildResponse)."""
        return payloads.guild_rest(self)

    def to_payload(self) -> dict[str, Any]:
        """The GUILD_CREATE payload: the guild plus channels, members, events (gateway only)."""
        return payloads.guild_create(self)


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


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def _opt_id(channel: Channel | None) -> int | None:
    return None if channel is None else channel.id
