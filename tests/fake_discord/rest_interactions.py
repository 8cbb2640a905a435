"""Interaction callbacks and the interaction webhook (follow-ups, @original edits).

Interaction replies do not need channel permissions (they are not bot posts) and are exempt from
the global rate limit; ephemeral messages (flags 64) are never stored in the channel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .interactions import (
    AUTOCOMPLETE_RESULT,
    DEFERRED_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL,
    MESSAGE,
    MODAL,
    UPDATE,
    InteractionResult,
)
from .responses import (
    BODY,
    FILES,
    INTERACTION_ACKNOWLEDGED,
    INVALID_FORM_BODY,
    INVALID_WEBHOOK_TOKEN,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    ApiError,
    json_body,
    no_content,
    not_found,
)
from .validation import validate_choices, validate_message

if TYPE_CHECKING:
    from .server import FakeDiscord

LOADING = 1 << 7


class InteractionRoutes:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    def _result(self, request: web.Request) -> InteractionResult:
        fake = self.fake
        result = fake.interactions.by_token(request.match_info["token"])
        if result is None or request.match_info["app_id"] != str(fake.application_id):
            raise not_found(UNKNOWN_WEBHOOK, "Webhook")
        if fake.clock.monotonic() - result.created > fake.interactions.token_lifetime:
            # Discord: an interaction token is valid for 15 minutes; after that every
            # follow-up, edit, fetch or delete of its messages is refused.
            raise ApiError(401, INVALID_WEBHOOK_TOKEN, "Invalid Webhook Token")
        if result.callback is None:
            # Follow-ups and edits need an acknowledged interaction.
            raise not_found(UNKNOWN_WEBHOOK, "Webhook")
        return result

    async def callback(self, request: web.Request) -> web.Response:
        fake = self.fake
        result = fake.interactions.by_id(int(request.match_info["interaction_id"]))
        if result is None or result.token != request.match_info["token"]:
            raise not_found(UNKNOWN_INTERACTION, "interaction")
        if fake.clock.monotonic() - result.created > fake.interactions.response_deadline:
            raise not_found(UNKNOWN_INTERACTION, "interaction")
        if result.callback is not None:
            raise ApiError(
                400, INTERACTION_ACKNOWLEDGED, "Interaction has already been acknowledged."
            )
        body: dict[str, Any] = request[BODY] or {}
        ctype = body.get("type")
        data: dict[str, Any] = body.get("data") or {}
        files = request[FILES]
        message: dict[str, Any] | None = None
        channel = fake.messages.channel(result.payload["channel_id"])
        if ctype == MESSAGE:
            validate_message(data, has_files=bool(files))
            message = self._new_message(result, data, files)
        elif ctype == DEFERRED_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            message = self._new_message(result, {"flags": flags}, [], raw_flags=flags)
        elif ctype == UPDATE:
            message = self._component_message(result)
            fake.messages.apply_edit(message, data, files)
            fake.messages.dispatch_update(message, channel)
        elif ctype == DEFERRED_UPDATE:
            message = self._component_message(result)
        elif ctype == AUTOCOMPLETE_RESULT:
            validate_choices(data.get("choices") or [])
        elif ctype != MODAL:
            raise ApiError(400, INVALID_FORM_BODY, f"Invalid interaction response type {ctype}")
        result.callback = {"type": ctype, "data": data}
        if message is not None:
            result.original = message
        for hook in fake.interactions.after_callback:
            hook(result)
        if "with_response" not in request.query:
            return no_content()
        interaction: dict[str, Any] = {"id": str(result.id), "type": result.payload["type"]}
        if message is not None:
            interaction |= {
                "response_message_id": message["id"],
                "response_message_loading": ctype == DEFERRED_MESSAGE,
                "response_message_ephemeral": bool(message["flags"] & EPHEMERAL),
            }
        payload: dict[str, Any] = {"interaction": interaction}
        if message is not None and ctype in (MESSAGE, UPDATE):
            # Discord describes a resource only for a message sent or updated (4, 7) and for
            # an activity launched; a deferred answer's message comes with the edit later.
            payload["resource"] = {"type": ctype, "message": message}
        return json_body(payload)

    async def followup(self, request: web.Request) -> web.Response:
        result = self._result(request)
        body: dict[str, Any] = request[BODY] or {}
        files = request[FILES]
        validate_message(body, has_files=bool(files))
        message = self._new_message(result, body, files)
        result.followups.append(message)
        if request.query.get("wait") in ("true", "1", "True"):
            return json_body(message)
        return no_content()

    async def get_message(self, request: web.Request) -> web.Response:
        return json_body(self._target(request))

    async def edit_message(self, request: web.Request) -> web.Response:
        result = self._result(request)
        message = self._target(request)
        body: dict[str, Any] = request[BODY] or {}
        self.fake.messages.apply_edit(message, body, request[FILES])
        message["flags"] &= ~LOADING
        if message is result.original:
            result.edits.append(body)
        channel = self.fake.world.channels.get(int(message["channel_id"]))
        if channel is not None and not message["flags"] & EPHEMERAL:
            self.fake.messages.dispatch_update(message, channel)
        return json_body(message)

    async def delete_message(self, request: web.Request) -> web.Response:
        message = self._target(request)
        channel_msgs = self.fake.world.messages.get(int(message["channel_id"]), {})
        channel_msgs.pop(int(message["id"]), None)
        return no_content()

    def _target(self, request: web.Request) -> dict[str, Any]:
        result = self._result(request)
        mid = request.match_info["message_id"]
        if mid == "@original":
            if result.original is None:
                raise not_found(UNKNOWN_MESSAGE, "Message")
            return result.original
        for msg in result.followups:
            if msg["id"] == mid:
                return msg
        raise not_found(UNKNOWN_MESSAGE, "Message")

    def _component_message(self, result: InteractionResult) -> dict[str, Any]:
        message = result.payload.get("message")
        if message is None:
            raise ApiError(
                400, INVALID_FORM_BODY, "Only component interactions can update a message"
            )
        return message

    def _new_message(
        self,
        result: InteractionResult,
        body: dict[str, Any],
        files: list[Any],
        raw_flags: int | None = None,
    ) -> dict[str, Any]:
        fake = self.fake
        channel = fake.messages.channel(result.payload["channel_id"])
        flags = raw_flags if raw_flags is not None else int(body.get("flags") or 0)
        ephemeral = bool(flags & EPHEMERAL)
        extra = {
            "webhook_id": str(fake.application_id),
            "application_id": str(fake.application_id),
            "interaction_metadata": {
                "id": str(result.id),
                "type": result.payload["type"],
                "user": (result.payload.get("member") or {}).get("user")
                or result.payload.get("user"),
                "authorizing_integration_owners": result.payload["authorizing_integration_owners"],
            },
        }
        if "message" in result.payload:
            extra["interaction_metadata"]["interacted_message_id"] = result.payload["message"]["id"]
        if raw_flags is not None:
            extra["flags"] = raw_flags
        return fake.messages.create(channel, body, files, extra=extra, store=not ephemeral)


def routes(fake: FakeDiscord) -> list[web.RouteDef]:
    r = InteractionRoutes(fake)
    hook = "/webhooks/{app_id}/{token}"
    return [
        web.post("/interactions/{interaction_id}/{token}/callback", r.callback),
        web.post(hook, r.followup),
        web.get(hook + "/messages/{message_id}", r.get_message),
        web.patch(hook + "/messages/{message_id}", r.edit_message),
        web.delete(hook + "/messages/{message_id}", r.delete_message),
    ]
