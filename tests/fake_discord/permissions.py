"""Discord permission bits and the channel-permission computation Discord documents.

Only the bits the fake checks are named; any int is accepted where permissions are given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

CREATE_INSTANT_INVITE = 1 << 0
ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
MANAGE_EVENTS = 1 << 33
CREATE_EVENTS = 1 << 44
ALL = (1 << 51) - 1

# What a freshly invited bot with a sensible invite link gets; tests narrow it where needed.
BOT_DEFAULT = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | MANAGE_MESSAGES
    | MANAGE_EVENTS
    | CREATE_EVENTS
)
# Discord's default @everyone permissions in a new server (without the voice bits).
EVERYONE_DEFAULT = (
    CREATE_INSTANT_INVITE
    | VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
)


@dataclass
class Overwrite:
    """A channel permission overwrite; ``type`` 0 is a role, 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def to_payload(self) -> dict[str, object]:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


def base_permissions(everyone: int, role_permissions: Iterable[int], is_owner: bool) -> int:
    """Guild-level permissions: @everyone OR each role; owner and administrator get everything."""
    if is_owner:
        return ALL
    perms = everyone
    for role_perms in role_permissions:
        perms |= role_perms
    return ALL if perms & ADMINISTRATOR else perms


def channel_permissions(
    base: int,
    guild_id: int,
    member_id: int,
    member_role_ids: Iterable[int],
    overwrites: Iterable[Overwrite],
) -> int:
    """Apply overwrites in Discord's order: @everyone, then roles (combined), then the member."""
    if base & ADMINISTRATOR:
        return ALL
    by_id = {ow.id: ow for ow in overwrites}
    perms = base
    everyone = by_id.get(guild_id)
    if everyone is not None:
        perms = (perms & ~everyone.deny) | everyone.allow
    allow = deny = 0
    for role_id in member_role_ids:
        ow = by_id.get(role_id)
        if ow is not None and ow.type == 0:
            allow |= ow.allow
            deny |= ow.deny
    perms = (perms & ~deny) | allow
    member = by_id.get(member_id)
    if member is not None and member.type == 1:
        perms = (perms & ~member.deny) | member.allow
    # Without VIEW_CHANNEL nothing else in the channel applies.
    return perms if perms & VIEW_CHANNEL else 0
