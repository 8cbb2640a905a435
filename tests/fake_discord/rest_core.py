"""Connection and metadata routes: gateway discovery, the bot user, application info, commands,
guild/member/role reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aiohttp import web

from .guilds import Guild
from .responses import BODY, UNKNOWN_USER, ApiError, json_body, no_content, not_found, unknown_guild

if TYPE_CHECKING:
    from .server import FakeDiscord


class CoreRoutes:
    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake

    async def gateway(self, request: web.Request) -> web.Response:
        return json_body({"url": self.fake.gateway_url})

    async def gateway_bot(self, request: web.Request) -> web.Response:
        # max_concurrency is the gateway's own: the IDENTIFY buckets it enforces (shard_id %
        # max_concurrency, one IDENTIFY per bucket per 5 s) are the ones announced here.
        return json_body(
            {
                "url": self.fake.gateway_url,
                "shards": self.fake.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": self.fake.gateway.max_concurrency,
                },
            }
        )

    async def me(self, request: web.Request) -> web.Response:
        user = self.fake.bot_user.to_payload()
        return json_body(user | {"verified": True, "mfa_enabled": False, "locale": "en-US"})

    async def user(self, request: web.Request) -> web.Response:
        user = self.fake.world.users.get(int(request.match_info["user_id"]))
        if user is None:
            raise not_found(UNKNOWN_USER, "User")
        return json_body(user.to_payload())

    async def application(self, request: web.Request) -> web.Response:
        return json_body(self.fake.world.application_payload())

    # --- guilds -------------------------------------------------------------------------------

    def _guild(self, request: web.Request) -> Guild:
        guild_id = int(request.match_info["guild_id"])
        guild = self.fake.world.guilds.get(guild_id)
        if guild is None:
            raise unknown_guild(self.fake.world, guild_id)
        return guild

    async def guild(self, request: web.Request) -> web.Response:
        return json_body(self._guild(request).rest_payload())

    async def guild_channels(self, request: web.Request) -> web.Response:
        return json_body([c.to_payload() for c in self._guild(request).channels.values()])

    async def guild_roles(self, request: web.Request) -> web.Response:
        return json_body([r.to_payload() for r in self._guild(request).roles.values()])

    async def guild_member(self, request: web.Request) -> web.Response:
        member = self._guild(request).members.get(int(request.match_info["user_id"]))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return json_body(member.to_payload())

    # --- application commands -----------------------------------------------------------------

    def _scope(self, request: web.Request) -> int | None:
        if request.match_info["application_id"] != str(self.fake.application_id):
            raise ApiError(403, 50001, "Missing Access")
        return int(request.match_info["guild_id"]) if "guild_id" in request.match_info else None

    async def list_commands(self, request: web.Request) -> web.Response:
        return json_body(self.fake.interactions.commands.list(self._scope(request)))

    async def put_commands(self, request: web.Request) -> web.Response:
        body: list[dict[str, Any]] = request[BODY] or []
        return json_body(self.fake.interactions.commands.put_all(self._scope(request), body))

    async def post_command(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = request[BODY] or {}
        return json_body(self.fake.interactions.commands.upsert(self._scope(request), body), 201)

    async def get_command(self, request: web.Request) -> web.Response:
        cmd = self.fake.interactions.commands.get(
            self._scope(request), int(request.match_info["command_id"])
        )
        if cmd is None:
            raise not_found(10063, "application command")
        return json_body(cmd)

    async def edit_command(self, request: web.Request) -> web.Response:
        store = self.fake.interactions.commands
        scope = self._scope(request)
        cmd = store.get(scope, int(request.match_info["command_id"]))
        if cmd is None:
            raise not_found(10063, "application command")
        body: dict[str, Any] = request[BODY] or {}
        return json_body(store.upsert(scope, {**cmd, **body}))

    async def delete_command(self, request: web.Request) -> web.Response:
        if not self.fake.interactions.commands.delete(
            self._scope(request), int(request.match_info["command_id"])
        ):
            raise not_found(10063, "application command")
        return no_content()


def routes(fake: FakeDiscord) -> list[web.RouteDef]:
    r = CoreRoutes(fake)
    defs = [
        web.get("/gateway", r.gateway),
        web.get("/gateway/bot", r.gateway_bot),
        web.get("/users/@me", r.me),
        web.get("/users/{user_id}", r.user),
        web.get("/oauth2/applications/@me", r.application),
        web.get("/applications/@me", r.application),
        web.get("/guilds/{guild_id}", r.guild),
        web.get("/guilds/{guild_id}/channels", r.guild_channels),
        web.get("/guilds/{guild_id}/roles", r.guild_roles),
        web.get("/guilds/{guild_id}/members/{user_id}", r.guild_member),
    ]
    for base in (
        "/applications/{application_id}/commands",
        "/applications/{application_id}/guilds/{guild_id}/commands",
    ):
        defs += [
            web.get(base, r.list_commands),
            web.put(base, r.put_commands),
            web.post(base, r.post_command),
            web.get(base + "/{command_id}", r.get_command),
            web.patch(base + "/{command_id}", r.edit_command),
            web.delete(base + "/{command_id}", r.delete_command),
        ]
    return defs
