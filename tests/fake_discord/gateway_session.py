"""One gateway connection's bookkeeping (heartbeat watchdog, send limit) and IDENTIFY checks."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import gateway_rules as rules

if TYPE_CHECKING:
    from .clock import FakeClock
    from .gateway_outbox import Session
    from .guilds import Guild
    from .world import World


class Connection:
    """A client socket: its session once identified, its heartbeats and the frames it sent.

    Heartbeats are watched in real time (loop timers), not on the fake's clock: the clock's
    jumps model Discord's calendar (tokens, events) passing while the client stays alive; a
    missed heartbeat is the client going silent, which tests cause with ``lose_heartbeats``
    and a short ``heartbeat_interval_ms``.
    """

    def __init__(self, ws: web.WebSocketResponse, clock: FakeClock) -> None:
        self.ws = ws
        self.session: Session | None = None
        self.closed_by_server: int | None = None
        self._clock = clock
        self._sent: deque[float] = deque()
        self._last_beat = 0.0
        self._deadline = 0.0
        self._timer: asyncio.TimerHandle | None = None
        self._on_timeout: Callable[[Connection], Awaitable[None]] | None = None
        self._task: asyncio.Task[None] | None = None

    def count_frame(self, limit: int, window: float) -> bool:
        """Note one frame from the client; False when it is one too many for the window."""
        now = self._clock.monotonic()
        while self._sent and now - self._sent[0] >= window:
            self._sent.popleft()
        self._sent.append(now)
        return len(self._sent) <= limit

    def watch_heartbeats(
        self, deadline: float, on_timeout: Callable[[Connection], Awaitable[None]]
    ) -> None:
        self._deadline, self._on_timeout = deadline, on_timeout
        self.heartbeat()

    def heartbeat(self) -> None:
        loop = asyncio.get_running_loop()
        self._last_beat = loop.time()
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(self._deadline, self._expired)

    def _expired(self) -> None:
        if self._on_timeout is not None and not self.ws.closed:
            self._task = asyncio.get_running_loop().create_task(self._on_timeout(self))

    def stop_watching(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._on_timeout = None


def identify_problem(
    d: dict[str, Any], *, token: str, privileged: int, guild_ids: list[int], max_guilds: int
) -> int | None:
    """The close code Discord would answer this IDENTIFY with, or None if it is acceptable."""
    if d.get("token") != token:
        return rules.AUTHENTICATION_FAILED
    intents = d.get("intents")
    if not isinstance(intents, int) or isinstance(intents, bool) or intents < 0:
        return rules.INVALID_INTENTS  # intents are required since API v8
    if intents & ~rules.VALID_INTENTS:
        return rules.INVALID_INTENTS
    if intents & rules.PRIVILEGED & ~privileged:
        return rules.DISALLOWED_INTENTS
    shard = d.get("shard") or [0, 1]
    if (
        not isinstance(shard, list)
        or len(shard) != 2
        or not all(isinstance(n, int) for n in shard)
        or shard[1] < 1
        or not 0 <= shard[0] < shard[1]
    ):
        return rules.INVALID_SHARD
    shard_id, shard_count = shard
    mine = sum(1 for gid in guild_ids if (gid >> 22) % shard_count == shard_id)
    if mine > max_guilds:
        return rules.SHARDING_REQUIRED
    return None


def ready_payload(
    world: World, session: Session, guilds: list[Guild], resume_url: str
) -> dict[str, Any]:
    user = world.bot_user.to_payload() | {"verified": True, "mfa_enabled": False, "flags": 0}
    return {
        "v": 10,
        "user": user,
        "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
        "session_id": session.id,
        "session_type": "normal",
        # discord.py resumes at this URL, so it must point back at the fake.
        "resume_gateway_url": resume_url,
        "shard": [session.shard_id, session.shard_count],
        "application": {"id": str(world.application_id), "flags": 0},
        "private_channels": [],
        "relationships": [],
        "presences": [],
        "geo_ordered_rtc_regions": [],
        "user_settings": {},
        "auth": {},
    }
