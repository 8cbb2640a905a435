"""Guild scheduled events: list, create, get, edit, delete (with gateway events), and Discord's
rules for them:

- at most 100 SCHEDULED or ACTIVE events per server (400, code 30038);
- a start time in the past is refused on create, and on edit when it changes while SCHEDULED
  (400 50035, ``GUILD_SCHEDULED_EVENT_SCHEDULE_PAST``);
- status moves only SCHEDULED -> ACTIVE or CANCELED, ACTIVE -> COMPLETED; a COMPLETED or CANCELED
  event cannot be edited at all (400, code 180000);
- EXTERNAL events become ACTIVE at their start and COMPLETED at their end by themselves, on the
  fake's clock (checked before every request and on every ``fake.clock.advance``), with a
  GUILD_SCHEDULED_EVENT_UPDATE for bots that asked for the GUILD_SCHEDULED_EVENTS intent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import permissions as perms
from . import shapes
from .gateway_rules import GUILD_SCHEDULED_EVENTS
from .guilds import Guild
from .responses import (
    BODY,
    EVENT_FINISHED,
    INVALID_FORM_BODY,
    MAX_SCHEDULED_EVENTS,
    UNKNOWN_EVENT,
    ApiError,
    forbidden,
    json_body,
    no_content,
    not_found,
    unknown_guild,
)
from .validation import validate_event

if TYPE_CHECKING:
    from .server import FakeDiscord

STAGE, VOICE, EXTERNAL = 1, 2, 3
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
OPEN = (SCHEDULED, ACTIVE)
MAX_OPEN_EVENTS = 100
# The valid transitions Discord documents (guild-scheduled-event: "Valid Guild Scheduled Event
# Status Transitions").
TRANSITIONS = {SCHEDULED: {ACTIVE, CANCELED}, ACTIVE: {COMPLETED}}
EDITABLE = (
    "name", "description", "scheduled_start_time", "scheduled_end_time", "privacy_level",
    "entity_type", "entity_metadata", "channel_id", "status", "image", "recurrence_rule",
)  # fmt: skip


def run_automation(fake: FakeDiscord) -> None:
    """EXTERNAL events start at their start time and complete at their end, by themselves."""
    now = fake.clock.now()
    for guild_id in list(fake.world.event_guilds):
        guild = fake.world.guilds.get(guild_id)
        if guild is None:  # the bot was removed from it: Discord tells it nothing more
            continue
        for event in guild.scheduled_events.values():
            if event["entity_type"] != EXTERNAL:
                continue
            status = event["status"]
            if status == SCHEDULED and _instant(event["scheduled_start_time"]) <= now:
                status = ACTIVE
            end = event.get("scheduled_end_time")
            if status == ACTIVE and end and _instant(end) <= now:
                status = COMPLETED
            if status != event["status"]:
                event["status"] = status
                _dispatch(fake, "GUILD_SCHEDULED_EVENT_UPDATE", event, guild)
                fake.notifier.notify()


def _dispatch(fake: FakeDiscord, name: str, event: dict[str, Any], guild: Guild) -> None:
    # Discord sends these only to bots that asked for the GUILD_SCHEDULED_EVENTS intent.
    if fake.check_shapes:
        fake.shape_deviations += shapes.check_dispatch(name, event)
    fake.gateway.dispatch(name, event, guild.id, intent=GUILD_SCHEDULED_EVENTS)


class EventRoutes:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def _dispatch(self, name: str, event: dict[str, Any], guild: Guild) -> None:
        _dispatch(self.fake, name, event, guild)

    def _guild(self, request: web.Request) -> Guild:
        guild_id = int(request.match_info["guild_id"])
        guild = self.fake.world.guilds.get(guild_id)
        if guild is None:
            raise unknown_guild(self.fake.world, guild_id)
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
            "status": SCHEDULED,
            "entity_id": None,
            "entity_metadata": None,
            "user_count": 0,
            "image": None,
            "recurrence_rule": None,
            "guild_scheduled_event_exceptions": [],
        }
        event.update({k: body[k] for k in EDITABLE if k in body})
        event["status"] = SCHEDULED  # a new event is always scheduled
        _validate(event)
        if _times(event)[0] < self.fake.clock.now():
            raise _past_start()
        if sum(e["status"] in OPEN for e in guild.scheduled_events.values()) >= MAX_OPEN_EVENTS:
            raise ApiError(
                400,
                MAX_SCHEDULED_EVENTS,
                "Maximum number of uncompleted guild scheduled events reached (100)",
            )
        guild.scheduled_events[int(event["id"])] = event
        self.fake.world.event_guilds[guild.id] = None
        self._dispatch("GUILD_SCHEDULED_EVENT_CREATE", event, guild)
        return json_body(event)

    async def edit(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        self._require_manage(guild)
        event = self._event(guild, request)
        body: dict[str, Any] = request[BODY] or {}
        if event["status"] not in OPEN:
            raise ApiError(400, EVENT_FINISHED, "Cannot update a finished event")
        updated = {**event, **{k: body[k] for k in EDITABLE if k in body}}
        _validate(updated)
        new_status = updated["status"]
        if new_status != event["status"] and new_status not in TRANSITIONS[event["status"]]:
            raise _form_error(
                "status", "INVALID_STATUS_TRANSITION", "Invalid guild scheduled event status"
            )
        start = _times(updated)[0]
        if (
            event["status"] == SCHEDULED
            and new_status == SCHEDULED
            and start != _instant(event["scheduled_start_time"])
            and start < self.fake.clock.now()
        ):
            raise _past_start()
        event.update(updated)
        self._dispatch("GUILD_SCHEDULED_EVENT_UPDATE", event, guild)
        return json_body(event)

    async def delete(self, request: web.Request) -> web.Response:
        guild = self._guild(request)
        self._require_manage(guild)
        event = self._event(guild, request)
        del guild.scheduled_events[int(event["id"])]
        self._dispatch("GUILD_SCHEDULED_EVENT_DELETE", event, guild)
        return no_content()


def _past_start() -> ApiError:
    return _form_error(
        "scheduled_start_time",
        "GUILD_SCHEDULED_EVENT_SCHEDULE_PAST",
        "Cannot schedule event in the past.",
    )


def _form_error(field: str, code: str, message: str) -> ApiError:
    errors = {field: {"_errors": [{"code": code, "message": message}]}}
    return ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


def _times(event: dict[str, Any]) -> tuple[datetime, datetime | None]:
    """Start and end as Discord reads them (ISO 8601, naive means UTC); unreadable -> 400."""
    parsed: list[datetime | None] = []
    for field in ("scheduled_start_time", "scheduled_end_time"):
        value = event.get(field)
        try:
            parsed.append(None if value is None else _instant(str(value)))
        except ValueError:
            raise _form_error(field, "DATE_TIME_TYPE_PARSE", "Could not parse time.") from None
    start, end = parsed
    assert start is not None  # _validate required it
    return start, end


def _instant(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _validate(event: dict[str, Any]) -> None:
    """Discord's required fields and lengths (shared with the other payload checks), and a
    status Discord knows."""
    validate_event(event)
    if event.get("status") not in (SCHEDULED, ACTIVE, COMPLETED, CANCELED):
        raise _form_error("status", "BASE_TYPE_REQUIRED", "This field is required")


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
