"""FakeDiscord: the aiohttp server, its request pipeline, and the API tests use.

Pipeline of every REST request (see ``_pipeline``): parse body -> record -> modelled latency
(its first part) and injected latency -> Cloudflare's ban -> auth -> rate limits -> injected
faults -> route handler -> rate-limit headers -> notify waiters -> modelled latency (the rest).
"""

from __future__ import annotations

import asyncio
import json
import socket
from typing import Any

from aiohttp import web

from . import rest_core, rest_events, rest_interactions, rest_messages, shapes
from .api import RecordsApi, WorldApi
from .clock import FakeClock
from .cloudflare import CloudflareBlock
from .commands import CommandStore
from .faults import Faults
from .gateway import Gateway
from .interactions import InteractionResult, Interactions
from .latency import Latency
from .messages import MessageStore
from .ratelimit import (
    MAJOR_PARAMETERS,
    InvalidRequestCounter,
    RateLimitConfig,
    RateLimiter,
    retry_after_header,
)
from .records import Attachment, Notifier, RequestRecord
from .responses import BODY, FILES, ApiError, json_body
from .world import World

API_PREFIX = "/api/v10"
# Routes whose token is in the URL: Discord does not want (nor does discord.py send) a bot token.
_NO_AUTH_PREFIXES = ("/webhooks/", "/interactions/", "/gateway")


class FakeDiscord(WorldApi, RecordsApi):
    """A local Discord for tests. Start it, point discord.py at it, build a world, assert.

    >>> async with FakeDiscord() as fake:           # doctest: +SKIP
    ...     guild = fake.add_guild("Fans"); ch = guild.add_text_channel("ost")
    ...     with pointed_at(fake): await bot.start(fake.token)
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        bot_name: str = "ostbot",
        rate_limits: RateLimitConfig | None = None,
        check_shapes: bool = True,
        latency: Latency | None = None,
    ) -> None:
        from .ids import new_token

        self.token = token or new_token()
        self.world = World(bot_name)
        self.clock = FakeClock()
        self.clock.on_tick(lambda: rest_events.run_automation(self))
        self.rate_limits = rate_limits or RateLimitConfig()
        self.limiter = RateLimiter(
            self.rate_limits, self.clock.monotonic, lambda: self.clock.now().timestamp()
        )
        self.faults = Faults()
        # Network + processing delay per answer and gateway frame (latency.py); off unless set.
        self.latency = latency or Latency.off()
        # The IP ban (see cloudflare.py): fake.cloudflare.start() from a test, or by itself
        # when invalid requests reach rate_limits.invalid_request_limit.
        self.cloudflare = CloudflareBlock(self.clock.monotonic)
        self.invalid_requests = InvalidRequestCounter(
            self.rate_limits,
            self.clock.monotonic,
            on_limit=lambda seconds: self.cloudflare.start(seconds, by_itself=True),
        )
        self.requests: list[RequestRecord] = []
        self.notifier = Notifier()
        self.gateway = Gateway(
            self.world,
            lambda: self.token,
            lambda: self.gateway_url,
            self.notifier.notify,
            self.clock,
            lambda: self.latency,
        )
        self.world.emit = self._world_changed
        self.messages = MessageStore(self)
        self.interactions = Interactions(self)
        # Every answer is checked against Discord's OpenAPI description (shapes.py); off only
        # where the check's cost would distort a measurement (the throughput benchmark).
        self.check_shapes = check_shapes
        self.shape_deviations: list[shapes.Deviation] = []
        self.recommended_shards = 1  # what GET /gateway/bot answers (AutoShardedBot reads it)
        self.port: int | None = None
        self._runner: web.AppRunner | None = None

    # --- lifecycle ----------------------------------------------------------------------------

    async def start(self, port: int = 0) -> FakeDiscord:
        """Listen on 127.0.0.1 (``port`` 0: an ephemeral one). Returns self."""
        app = web.Application(middlewares=[self._pipeline], client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        for route in (
            *rest_core.routes(self),
            *rest_messages.routes(self),
            *rest_events.routes(self),
            *rest_interactions.routes(self),
        ):
            app.router.add_route(route.method, API_PREFIX + route.path, route.handler)
        app.router.add_route("*", "/{tail:.*}", _unknown_route)
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # Lets restart() bind the same port again at once (no TIME_WAIT wait).
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            await runner.cleanup()
            raise
        site = web.SockSite(runner, sock)
        await site.start()
        self.port = sock.getsockname()[1]
        self._runner = runner
        return self

    async def stop(self) -> None:
        """Stop listening and close every socket (clients see the connection go). Idempotent."""
        if self._runner is None:
            return
        runner, self._runner = self._runner, None
        await self.gateway.shutdown()
        await runner.cleanup()

    async def restart(self) -> None:
        """Start again on the same port with the same state, so clients can reconnect/RESUME."""
        await self.stop()
        await self.start(self.port or 0)

    close = stop

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def running(self) -> bool:
        return self._runner is not None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What ``discord.http.Route.BASE`` (or DISCORD_API_BASE) should be set to."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> str:
        """What ``DiscordWebSocket.DEFAULT_GATEWAY`` (or DISCORD_GATEWAY_URL) should be set to."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    # --- interactions ------------------------------------------------------------------------

    @property
    def commands(self) -> CommandStore:
        """What the bot synced: ``fake.commands.list(None)`` (global) / ``.list(guild.id)``."""
        return self.interactions.commands

    async def invoke(
        self, command: str, options: dict[str, Any] | None = None, **kw: Any
    ) -> InteractionResult:
        """Run ``/command sub`` with ``options`` as ``user=`` (User or Member); see
        :meth:`Interactions.invoke`. Returns when the answer is final (``wait=False``: at once)."""
        return await self.interactions.invoke(command, options, **kw)

    async def autocomplete(
        self, command: str, focused: str, options: dict[str, Any] | None = None, **kw: Any
    ) -> InteractionResult:
        """Ask for choices of option ``focused`` while typing; ``result.choices``."""
        return await self.interactions.autocomplete(command, focused, options, **kw)

    async def press_button(
        self, message: dict[str, Any], custom_id: str, **kw: Any
    ) -> InteractionResult:
        """Click a component of ``message`` (a payload from ``messages_in`` or a result)."""
        return await self.interactions.press_button(message, custom_id, **kw)

    # --- gateway controls ---------------------------------------------------------------------

    async def drop_gateway(self, code: int = 4000) -> int:
        """Close the bot's gateway socket(s) with a resumable code; the client must RESUME."""
        return await self.gateway.drop(code)

    def _world_changed(self, event: str, data: dict[str, Any], guild_id: int | None) -> None:
        """A change made after connect reaches the bots (checked against the spec first)."""
        if self.check_shapes:
            self.shape_deviations += shapes.check_dispatch(event, data)
        self.gateway.dispatch(event, data, guild_id)
        self.notifier.notify()

    # --- the pipeline -------------------------------------------------------------------------

    @web.middleware
    async def _pipeline(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.path == "/gateway":
            return await handler(request)
        resource = request.match_info.route.resource
        canonical = resource.canonical if resource is not None else request.path
        known = canonical.startswith(API_PREFIX) and canonical != "/{tail}"
        template = (canonical if known else request.path).removeprefix(API_PREFIX)
        route_key = f"{request.method} {template}"
        params = {k: v for k, v in request.match_info.items() if k != "tail"}
        self.clock.tick()  # what became due since (scheduled events starting, ending)
        body, files = await _parse_body(request)
        request[BODY], request[FILES] = body, files
        record = RequestRecord(
            time=asyncio.get_running_loop().time(),
            method=request.method,
            path=request.path.removeprefix(API_PREFIX),
            route=route_key,
            params=params,
            query=dict(request.query),
            json=body,
            files=files,
        )
        self.requests.append(record)
        before, after = self.latency.rest_delays()
        delay = before + self.faults.delay_for(route_key)
        if delay:
            # Each request sleeps on its own: concurrent requests overlap, as on a network.
            await asyncio.sleep(delay)
        banned = self.cloudflare.answer()
        if banned is not None:
            record.status, record.scope = 429, "cloudflare"
            self.invalid_requests.observe(429, "cloudflare")
            self.notifier.notify()
            if after:
                await asyncio.sleep(after)
            return banned
        rl_headers: dict[str, str] = {}
        try:
            if not template.startswith(_NO_AUTH_PREFIXES) and (
                request.headers.get("Authorization") != f"Bot {self.token}"
            ):
                raise ApiError(401, 0, "401: Unauthorized")
            major = ";".join(f"{k}={params[k]}" for k in MAJOR_PARAMETERS if k in params)
            decision = self.limiter.check(route_key, template, major)
            rl_headers = decision.headers
            if decision.limited:
                record.scope = decision.scope
                response = _too_many_requests(decision.retry_after or 0.0, decision.scope)
            else:
                fault = self.faults.check(route_key, params)
                if fault is not None:
                    raise fault
                response = await handler(request)
        except ApiError as err:
            response = err.to_response()
        response.headers.update(rl_headers)
        record.status = response.status
        record.headers = dict(rl_headers)
        if isinstance(response, web.Response) and response.content_type == "application/json":
            assert isinstance(response.body, bytes)
            record.response = json.loads(response.body)
        if self.check_shapes and isinstance(response, web.Response):
            body = response.body if isinstance(response.body, bytes) else None
            path = request.path.removeprefix(API_PREFIX)
            self.shape_deviations += shapes.check(
                request.method, path, response.status, body, response.content_type
            )
        self.invalid_requests.observe(response.status, record.scope)
        self.notifier.notify()
        if after:
            await asyncio.sleep(after)  # the answer's way back: done on Discord, not yet seen
        return response


async def _parse_body(request: web.Request) -> tuple[Any, list[Attachment]]:
    """JSON bodies as-is; multipart: ``payload_json`` plus each file part's bytes."""
    if not request.can_read_body:
        return None, []
    if request.content_type.startswith("multipart/"):
        reader = await request.multipart()
        payload: Any = {}
        files: list[Attachment] = []
        while (part := await reader.next()) is not None:
            if part.name == "payload_json":
                payload = json.loads(await part.text())  # type: ignore[union-attr]
            else:
                data = await part.read(decode=False)  # type: ignore[union-attr]
                ctype = part.headers.get("Content-Type", "application/octet-stream")
                files.append(Attachment(part.name or "", part.filename or "", ctype, bytes(data)))  # type: ignore[union-attr]
        return payload, files
    raw = await request.read()
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode(errors="replace"), []


def _too_many_requests(retry_after: float, scope: str | None) -> web.Response:
    """A 429 as Discord sends it. ``Via`` matters: without it discord.py assumes Cloudflare."""
    is_global = scope == "global"
    shared = "The resource is being rate limited."  # Discord's wording for the shared scope
    body = {
        "message": shared if scope == "shared" else "You are being rate limited.",
        "retry_after": round(retry_after, 3),
        "global": is_global,
        "code": 0,
    }
    headers = {
        "Retry-After": retry_after_header(retry_after),
        "X-RateLimit-Scope": scope or "user",
        "Via": "1.1 google",
    }
    if is_global:
        headers["X-RateLimit-Global"] = "true"
    return json_body(body, 429, headers)


async def _unknown_route(request: web.Request) -> web.Response:
    # Unimplemented routes surface in fake.requests with this status, easy to spot in a failure.
    return json_body({"message": "404: Not Found", "code": 0}, 404)
