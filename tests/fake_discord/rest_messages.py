"""Channel and message routes: post/get/list/edit/delete, crosspost, DMs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import permissions as perms
from .objects import Channel
from .responses import BODY, FILES, UNKNOWN_USER, ApiError, json_body, no_content, not_found

if TYPE_CHECKING:
    from .server import FakeDiscord


class MessageRoutes:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self.store = fake.messages

    def _channel(self, request: web.Request) -> Channel:
        return self.store.channel(request.match_info["channel_id"])

    def _mid(self, request: web.Request) -> int:
        return int(request.match_info["message_id"])

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        self.store.require(channel, perms.VIEW_CHANNEL)
        return json_body(channel.to_payload())

    async def post(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = request[BODY] or {}
        msg, _created = self.store.post(self._channel(request), body, request[FILES])
        return json_body(msg)

    async def get(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        self.store.require(channel, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        return json_body(self.store.get(channel.id, self._mid(request)))

    async def history(self, request: web.Request) -> web.Response:
        """Newest first, with ``limit`` (max 100) and ``before``/``after`` as on Discord."""
        channel = self._channel(request)
        self.store.require(channel, perms.VIEW_CHANNEL | perms.READ_MESSAGE_HISTORY)
        limit = min(int(request.query.get("limit", 50)), 100)
        msgs = self.store.in_channel(channel.id)
        if "before" in request.query:
            msgs = [m for m in msgs if int(m["id"]) < int(request.query["before"])]
        if "after" in request.query:
            after = [m for m in msgs if int(m["id"]) > int(request.query["after"])]
            return json_body(list(reversed(after[:limit])))
        return json_body(list(reversed(msgs))[:limit])

    async def edit(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        body: dict[str, Any] = request[BODY] or {}
        return json_body(self.store.edit(channel, self._mid(request), body, request[FILES]))

    async def delete(self, request: web.Request) -> web.Response:
        self.store.delete(self._channel(request), self._mid(request))
        return no_content()

    async def crosspost(self, request: web.Request) -> web.Response:
        return json_body(self.store.crosspost(self._channel(request), self._mid(request)))

    async def typing(self, request: web.Request) -> web.Response:
        self.store.require(self._channel(request), perms.SEND_MESSAGES)
        return no_content()

    async def create_dm(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = request[BODY] or {}
        try:
            user = self.fake.world.users[int(body["recipient_id"])]
        except (KeyError, ValueError, TypeError):
            raise not_found(UNKNOWN_USER, "User") from None
        if user.bot:
            raise ApiError(400, 50007, "Cannot send messages to this user")
        return json_body(self.fake.world.open_dm(user).to_payload())


def routes(fake: FakeDiscord) -> list[web.RouteDef]:
    r = MessageRoutes(fake)
    msgs = "/channels/{channel_id}/messages"
    one = msgs + "/{message_id}"
    return [
        web.get("/channels/{channel_id}", r.get_channel),
        web.post(msgs, r.post),
        web.get(msgs, r.history),
        web.get(one, r.get),
        web.patch(one, r.edit),
        web.delete(one, r.delete),
        web.post(one + "/crosspost", r.crosspost),
        web.post("/channels/{channel_id}/typing", r.typing),
        web.post("/users/@me/channels", r.create_dm),
    ]
