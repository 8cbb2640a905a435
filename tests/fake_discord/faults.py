"""Fault injection: channels that answer 403/404, routes that fail N times, added latency.

Reached through ``fake.faults``; gateway drops and server stop/restart live on FakeDiscord itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from aiohttp import web

from .responses import MISSING_ACCESS, UNKNOWN_CHANNEL, ApiError

_REASONS = {500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Timeout", 524: "A timeout occurred"}  # fmt: skip


@dataclass
class RouteFault:
    """Answers ``status`` for matching requests; ``times=None`` means until removed."""

    route: str | None
    status: int
    times: int | None
    params: dict[str, str] = field(default_factory=dict)
    code: int = 0
    hits: int = 0
    html: bool = False  # answer a proxy's HTML page instead of Discord's JSON (e.g. a 502)

    def matches(self, route_key: str, match_info: Mapping[str, str]) -> bool:
        if self.route is not None and self.route != route_key:
            return False
        return all(match_info.get(k) == v for k, v in self.params.items())

    @property
    def exhausted(self) -> bool:
        return self.times is not None and self.hits >= self.times


class Faults:
    """The registry of active faults. All methods take effect for the next request."""

    def __init__(self) -> None:
        self.channel_status: dict[int, int] = {}
        self.route_faults: list[RouteFault] = []
        self.latency: float = 0.0
        self.route_latency: dict[str, float] = {}

    def fail_channel(self, channel_id: int, status: int = 403) -> None:
        """Every request under ``/channels/{channel_id}`` answers 403 (Missing Access) or 404."""
        if status not in (403, 404):
            raise ValueError("a channel fault is 403 or 404; use fail_route for others")
        self.channel_status[channel_id] = status

    def heal_channel(self, channel_id: int) -> None:
        self.channel_status.pop(channel_id, None)

    def fail_route(
        self,
        route: str | None,
        status: int = 500,
        times: int | None = 1,
        *,
        html: bool = False,
        **params: object,
    ) -> RouteFault:
        """Answer ``status`` for the next ``times`` requests to ``route``.

        ``route`` is a route key such as ``"POST /channels/{channel_id}/messages"`` (None: any
        route); ``params`` narrow it by path parameter, e.g. ``channel_id=ch.id``. ``html``:
        the body is an HTML error page (``text/html``), as a proxy in front of Discord sends.
        """
        fields = {k: str(v) for k, v in params.items()}
        fault = RouteFault(route, status, times, fields, html=html)
        self.route_faults.append(fault)
        return fault

    def add_latency(self, seconds: float, route: str | None = None) -> None:
        """Delay answers by ``seconds`` (all routes, or one route key). 0 removes it."""
        if route is None:
            self.latency = seconds
        else:
            self.route_latency[route] = seconds

    def clear(self) -> None:
        self.__init__()  # type: ignore[misc]

    def delay_for(self, route_key: str) -> float:
        return self.latency + self.route_latency.get(route_key, 0.0)

    def check(self, route_key: str, match_info: Mapping[str, str]) -> ApiError | None:
        """The error to answer instead of handling the request, or None."""
        for fault in self.route_faults:
            if not fault.exhausted and fault.matches(route_key, match_info):
                fault.hits += 1
                reason = _REASONS.get(fault.status, "Injected fault")
                if fault.html:
                    return HtmlError(fault.status, f"{fault.status}: {reason}")
                return ApiError(fault.status, fault.code, f"{fault.status}: {reason}")
        channel_id = match_info.get("channel_id")
        if channel_id is not None:
            status = self.channel_status.get(int(channel_id))
            if status == 403:
                return ApiError(403, MISSING_ACCESS, "Missing Access")
            if status == 404:
                return ApiError(404, UNKNOWN_CHANNEL, "Unknown Channel")
        return None


class HtmlError(ApiError):
    """An error answered as an HTML page (a proxy's), not as Discord's JSON."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(status, 0, message)

    def to_response(self) -> web.Response:
        page = f"<html><head><title>{self.message}</title></head><body><center><h1>"
        page += f"{self.message}</h1></center><hr><center>cloudflare</center></body></html>"
        return web.Response(text=page, status=self.status, content_type="text/html")
