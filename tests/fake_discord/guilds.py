"""A server in the fake's world: its channels, roles and members, built by tests
(``fake.add_guild("Fans").add_text_channel("ost")``), and the gateway event each change makes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import payloads
from . import permissions as perms
from .ids import iso_from_snowflake
from .objects import (
    GUILD_ANNOUNCEMENT,
    GUILD_CATEGORY,
    GUILD_FORUM,
    GUILD_TEXT,
    GUILD_VOICE,
    Channel,
    Member,
    Role,
    User,
)

if TYPE_CHECKING:
    from .world import World


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


def _opt_id(channel: Channel | None) -> int | None:
    return None if channel is None else channel.id
