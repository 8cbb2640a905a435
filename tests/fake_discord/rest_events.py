"""Guild scheduled events: list, create, get, edit, delete (with gateway events)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import permissions as perms
from .responses import (
    BODY,
    UNKNOWN_EVENT,
    UNKNOWN_GUILD,
    forbidden,
    json_body,
    no_content,
    not_found,
)
from .validation import validate_event
from .world import Guild

if TYPE_CHECKING:
    from .server import FakeDiscord

STAGE, VOICE, EXTERNAL = 1, 2, 3
EDITABLE = (
    "name", "description", "scheduled_start_time", "scheduled_end_time", "privacy_level",
    "entity_type", "entity_metadata", "channel_id", "status", "image", "recurrence_rule",
)  # fmt: skip


class EventRoutes:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def _guild(self, request: web.Request) -> Guild:
        guild = self.fake.world.guilds.get(int(request.match_info["guild_id"]))
        if guild is None:
            raise not_found(UNKNOWN_GUILD, "Guild")
        return guild

    def _event(self, guild: Guild, request: web.Request) -> dict[str, Any]:
        event = guild.scheduled_events.get(int(request.match_info["event_id"]))
        if event is None:
            raise not_found(UNKNOWN_EVENT, "Guild Scheduled Event")
        return event

    def _require_manage(self, guild: Guild) -> None:
        if not guild.base_permissions(guild.me) & (perms.MANAGE_EVENTS | perms.CREATE_EVENTS):
            raise forbidden()

    async def list(self, request: web.Request) -> web.Response:
        return json_body(list(self._guild(request).scheduled_events.values()))

    async def get(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        return json_body(self._event(guild, request))

    async def create(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        self._require_manage(guild)
        body: dict[str, Any] = request[BODY] or {}
        world = self.fake.world
        event: dict[str, Any] = {
            "id": str(world.ids.next()),
            "guild_id": str(guild.id),
            "channel_id": None,
            "creator_id": str(world.bot_user.id),
            "creator": world.bot_user.to_payload(),
            "description": None,
            "scheduled_end_time": None,
            "status": 1,
            "entity_id": None,
            "entity_metadata": None,
            "user_count": 0,
            "image": None,
            "recurrence_rule": None,
        }
        event.update({k: body[k] for k in EDITABLE if k in body})
        validate_event(event)
        guild.scheduled_events[int(event["id"])] = event
        self.fake.gateway.dispatch("GUILD_SCHEDULED_EVENT_CREATE", event, guild.id)
        return json_body(event)

    async def edit(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        self._require_manage(guild)
        event = self._event(guild, request)
        body: dict[str, Any] = request[BODY] or {}
        updated = {**event, **{k: body[k] for k in EDITABLE if k in body}}
        validate_event(updated)
        event.update(updated)
        self.fake.gateway.dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event, guild.id)
        return json_body(event)

    async def delete(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        self._require_manage(guild)
        event = self._event(guild, request)
        del guild.scheduled_events[int(event["id"])]
        self.fake.gateway.dispatch("GUILD_SCHEDULED_EVENT_DELETE", event, guild.id)
        return no_content()


def routes(fake: FakeDiscord) -> list[web.RouteDef]:
    r = EventRoutes(fake)
    base = "/guilds/{guild_id}/scheduled-events"
    return [
        web.get(base, r.list),
        web.post(base, r.create),
        web.get(base + "/{event_id}", r.get),
        web.patch(base + "/{event_id}", r.edit),
        web.delete(base + "/{event_id}", r.delete),
    ]
