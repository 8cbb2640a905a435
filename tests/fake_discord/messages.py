"""Messages: create/edit/delete with validation, permissions, nonces and gateway events.

Shared by channel routes, DMs and interaction responses so every path behaves the same way.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from . import permissions as perms
from . import shapes
from .ids import iso_from_snowflake
from .objects import GUILD_ANNOUNCEMENT, Channel
from .records import Attachment
from .responses import (
    ALREADY_CROSSPOSTED,
    MISSING_ACCESS,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    ApiError,
    forbidden,
    not_found,
)
from .validation import validate_message

if TYPE_CHECKING:
    from .server import FakeDiscord

NONCE_WINDOW = 300.0  # Discord keeps enforced nonces for "a few minutes"
CROSSPOSTED = 1 << 0
EPHEMERAL = 1 << 6
# Flags a client may set on create/edit (suppress embeds, ephemeral, suppress notifications).
SETTABLE_FLAGS = (1 << 2) | EPHEMERAL | (1 << 12)
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})  # string, user, role, mentionable, channel selects


class MessageStore:
    def __init__(self, fake: FakeDiscord) -> None:
        self._fake = fake
        self._world = fake.world
        self._nonces: dict[tuple[int, str], tuple[int, float]] = {}
        # message id -> the last request body that produced it (allowed_mentions etc.)
        self.bodies: dict[int, dict[str, Any]] = {}

    # --- lookups ------------------------------------------------------------------------------

    def channel(self, channel_id: int | str) -> Channel:
        ch = self._world.channels.get(int(channel_id))
        if ch is None:
            if self._world.closed_channel(int(channel_id)) is not None:
                raise forbidden(MISSING_ACCESS)  # the bot was removed from its server
            raise not_found(UNKNOWN_CHANNEL, "Channel")
        return ch

    def get(self, channel_id: int, message_id: int) -> dict[str, Any]:
        msg = self._world.messages.get(channel_id, {}).get(message_id)
        if msg is None:
            raise not_found(UNKNOWN_MESSAGE, "Message")
        return msg

    def in_channel(self, channel_id: int) -> list[dict[str, Any]]:
        return list(self._world.messages.get(channel_id, {}).values())

    # --- permission checks --------------------------------------------------------------------

    def require(self, channel: Channel, needed: int) -> None:
        """403 like Discord: 50001 without VIEW_CHANNEL, 50013 for any other missing bit."""
        have = channel.permissions_for(self._world.bot_user.id)
        if not have & perms.VIEW_CHANNEL:
            raise forbidden(MISSING_ACCESS)
        if have & needed != needed:
            raise forbidden()

    # --- mutations ----------------------------------------------------------------------------

    def post(
        self, channel: Channel, body: dict[str, Any], files: list[Attachment]
    ) -> tuple[dict[str, Any], bool]:
        """A bot message in a channel; returns (message, created) — created False on a nonce hit."""
        needed = perms.SEND_MESSAGES
        if body.get("embeds"):
            needed |= perms.EMBED_LINKS
        if files:
            needed |= perms.ATTACH_FILES
        self.require(channel, needed)
        validate_message(body, has_files=bool(files))
        nonce = body.get("nonce")
        key = (channel.id, str(nonce))
        now = time.monotonic()
        if nonce is not None and body.get("enforce_nonce"):
            hit = self._nonces.get(key)
            if hit is not None and now - hit[1] < NONCE_WINDOW:
                existing = self._world.messages.get(channel.id, {}).get(hit[0])
                if existing is not None:
                    return existing, False
        msg = self.create(channel, body, files)
        if nonce is not None:
            self._nonces[key] = (int(msg["id"]), now)
        return msg, True

    def create(
        self,
        channel: Channel | None,
        body: dict[str, Any],
        files: list[Attachment],
        *,
        channel_id: int | None = None,
        author: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        store: bool = True,
    ) -> dict[str, Any]:
        """Build (and unless ``store`` is False, keep and dispatch) a message payload."""
        world = self._world
        mid = world.ids.next()
        cid = channel.id if channel is not None else channel_id
        msg: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(cid),
            "author": author or world.bot_user.to_payload(),
            "content": body.get("content") or "",
            "timestamp": iso_from_snowflake(mid),
            "edited_timestamp": None,
            "tts": bool(body.get("tts")),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._attachments(body, files),
            "embeds": [_rich(e) for e in body.get("embeds") or []],
            "components": echoed_components(body.get("components") or []),
            "pinned": False,
            "type": 0,
            "flags": int(body.get("flags") or 0) & SETTABLE_FLAGS,
            "sticker_items": [],
        }
        if body.get("nonce") is not None:
            msg["nonce"] = body["nonce"]
        if body.get("message_reference"):
            msg["message_reference"] = body["message_reference"]
            msg["type"] = 19
        msg.update(extra or {})
        if store and channel is not None:
            world.messages.setdefault(channel.id, {})[mid] = msg
            channel.last_message_id = mid
            self.bodies[mid] = body
            self._dispatch("MESSAGE_CREATE", msg, channel)
        return msg

    def edit(
        self, channel: Channel, message_id: int, body: dict[str, Any], files: list[Attachment]
    ) -> dict[str, Any]:
        msg = self.get(channel.id, message_id)
        if msg["author"]["id"] != str(self._world.bot_user.id) and "webhook_id" not in msg:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        self.apply_edit(msg, body, files)
        self._dispatch("MESSAGE_UPDATE", msg, channel)
        return msg

    def apply_edit(
        self, msg: dict[str, Any], body: dict[str, Any], files: list[Attachment]
    ) -> None:
        """Patch semantics: only the keys present change (``null`` clears), as on Discord."""
        validate_message(body, has_files=bool(files), edit=True)
        mid = int(msg["id"])
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "components" in body:
            msg["components"] = echoed_components(body["components"] or [])
        if "embeds" in body:
            msg["embeds"] = [_rich(e) for e in body["embeds"] or []]
        if "flags" in body and body["flags"] is not None:
            msg["flags"] = (msg["flags"] & ~SETTABLE_FLAGS) | (int(body["flags"]) & SETTABLE_FLAGS)
        if "attachments" in body or files:
            msg["attachments"] = self._attachments(body, files, keep=msg["attachments"])
        msg["edited_timestamp"] = iso_from_snowflake(self._world.ids.next())
        self.bodies[mid] = {**self.bodies.get(mid, {}), **body}

    def delete(self, channel: Channel, message_id: int) -> None:
        msg = self.get(channel.id, message_id)
        if msg["author"]["id"] != str(self._world.bot_user.id):
            self.require(channel, perms.MANAGE_MESSAGES)
        del self._world.messages[channel.id][message_id]
        event = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if channel.guild is not None:
            event["guild_id"] = str(channel.guild.id)
        self._dispatch("MESSAGE_DELETE", event, channel)

    def crosspost(self, channel: Channel, message_id: int) -> dict[str, Any]:
        if channel.type != GUILD_ANNOUNCEMENT:
            raise ApiError(400, 50068, "Invalid message type for this operation")
        msg = self.get(channel.id, message_id)
        own = msg["author"]["id"] == str(self._world.bot_user.id)
        self.require(channel, perms.SEND_MESSAGES if own else perms.MANAGE_MESSAGES)
        if msg["flags"] & CROSSPOSTED:
            raise ApiError(400, ALREADY_CROSSPOSTED, "This message has already been crossposted.")
        msg["flags"] |= CROSSPOSTED
        self._dispatch("MESSAGE_UPDATE", msg, channel)
        return msg

    # --- helpers ------------------------------------------------------------------------------

    def _attachments(
        self,
        body: dict[str, Any],
        files: list[Attachment],
        keep: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """Map uploaded ``files[n]`` parts to attachment payloads (bytes stay in the record)."""
        kept_ids = {str(a.get("id")) for a in body.get("attachments") or []}
        result = [a for a in keep or [] if a["id"] in kept_ids]
        for upload in files:
            aid = self._world.ids.next()
            result.append(
                {
                    "id": str(aid),
                    "filename": upload.filename,
                    "size": len(upload.data),
                    "content_type": upload.content_type,
                    "url": f"{self._fake.base_url}/attachments/{aid}/{upload.filename}",
                    "proxy_url": f"{self._fake.base_url}/attachments/{aid}/{upload.filename}",
                }
            )
        return result

    def dispatch_update(self, msg: dict[str, Any], channel: Channel) -> None:
        self._dispatch("MESSAGE_UPDATE", msg, channel)

    def _dispatch(self, event: str, data: dict[str, Any], channel: Channel) -> None:
        guild_id = channel.guild.id if channel.guild is not None else None
        if guild_id is not None:
            # The gateway's message events carry guild_id; REST message objects do not.
            data = {**data, "guild_id": str(guild_id)}
        if self._fake.check_shapes:
            self._fake.shape_deviations += shapes.check_dispatch(event, data)
        self._fake.gateway.dispatch(event, data, guild_id)


def echoed_components(components: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``components`` as Discord stores and echoes them: each has an ``id`` (Discord numbers
    those the bot left without one 1, 2, 3... depth-first, skipping ids the bot chose), and
    select menus carry min/max_values (default 1) but not ``required``, which only means
    something in a modal."""
    taken: set[int] = set()

    def collect(items: list[dict[str, Any]]) -> None:
        for comp in items:
            if isinstance(comp.get("id"), int):
                taken.add(comp["id"])
            collect(comp.get("components") or [])

    collect(components)
    counter = 0

    def number(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        nonlocal counter
        out = []
        for comp in items:
            copy = dict(comp)
            if not isinstance(copy.get("id"), int):
                counter += 1
                while counter in taken:
                    counter += 1
                copy["id"] = counter
            if "components" in copy:
                copy["components"] = number(copy["components"] or [])
            if copy.get("type") in SELECT_TYPES:
                copy.pop("required", None)
                copy.setdefault("min_values", 1)
                copy.setdefault("max_values", 1)
            out.append(copy)
        return out

    return number(components)


def _rich(embed: dict[str, Any]) -> dict[str, Any]:
    return {"type": "rich", **embed}
