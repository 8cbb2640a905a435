"""Discord's objects as the fake's world holds them: users, roles, channels and members, each
with the payload Discord sends for it (ids as strings, etc.). Servers are ``guilds.Guild``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import permissions as perms
from .permissions import Overwrite

if TYPE_CHECKING:
    from .guilds import Guild

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


def _opt_str(value: int | None) -> str | None:
    return None if value is None else str(value)
