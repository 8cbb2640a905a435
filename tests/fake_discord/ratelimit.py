"""Discord's rate limits: a global per-second limit and per-route buckets keyed by major parameter.

The headers are the real ones (``X-RateLimit-*``), so discord.py paces itself from them exactly as
it would against Discord; a 429 carries ``Via`` and a JSON ``retry_after`` because discord.py only
retries a 429 that looks like it came from Discord rather than from Cloudflare.
"""

from __future__ import annotations

import hashlib
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# (limit, period in seconds) per route key "METHOD /path/{template}". Values are Discord's
# documented or commonly observed ones; unlisted routes use RateLimitConfig.default_bucket.
DEFAULT_BUCKETS: dict[str, tuple[int, float]] = {
    "POST /channels/{channel_id}/messages": (5, 5.0),
    "PATCH /channels/{channel_id}/messages/{message_id}": (5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": (5, 1.0),
    "POST /channels/{channel_id}/messages/{message_id}/crosspost": (10, 3600.0),
    "POST /webhooks/{app_id}/{token}": (5, 2.0),
    "PATCH /webhooks/{app_id}/{token}/messages/{message_id}": (5, 2.0),
    "PUT /applications/{application_id}/commands": (2, 1.0),
    "PUT /applications/{application_id}/guilds/{guild_id}/commands": (2, 1.0),
}

# Path parameters that split a route's bucket, as on Discord.
MAJOR_PARAMETERS = ("channel_id", "guild_id", "app_id", "token", "interaction_id")

# Interaction responses and follow-ups do not count against the global limit on Discord.
GLOBAL_EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")


@dataclass
class RateLimitConfig:
    """What the fake enforces. Change fields at any time from a test; they apply at once.

    ``enabled=False`` turns everything off (no headers, no 429s) — for throughput benchmarks.
    ``global_per_second=None`` turns only the global limit off.
    """

    enabled: bool = True
    global_per_second: int | None = 50
    buckets: dict[str, tuple[int, float]] = field(default_factory=lambda: dict(DEFAULT_BUCKETS))
    default_bucket: tuple[int, float] | None = (50, 1.0)


@dataclass
class Decision:
    """Outcome of one request's rate-limit check: headers to send, and a 429 if it is over."""

    headers: dict[str, str]
    retry_after: float | None = None
    scope: str | None = None  # "global" or "user" when limited

    @property
    def limited(self) -> bool:
        return self.retry_after is not None


@dataclass
class Forced429:
    """The next ``times`` requests to ``route`` (None: any) answer 429 of ``scope``.

    ``"shared"`` is Discord's per-resource limit (a busy channel, say): Discord documents it
    with a long ``retry_after`` and does not count it as an invalid request. ``major`` narrows
    it to one resource, e.g. ``"channel_id=123"``.
    """

    route: str | None
    scope: str
    retry_after: float
    times: int | None
    major: str | None = None
    hits: int = 0

    def takes(self, route_key: str, major: str) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.route is not None and self.route != route_key:
            return False
        return self.major is None or self.major == major


@dataclass
class _Window:
    start: float
    count: int = 0


class RateLimiter:
    """Fixed windows: a window opens at its first request and holds ``limit`` requests."""

    def __init__(self, config: RateLimitConfig, clock: Callable[[], float] = time.monotonic):
        self.config = config
        self._clock = clock
        self._global = _Window(start=-1e9)
        self._buckets: dict[tuple[str, str], _Window] = {}
        self.forced: list[Forced429] = []

    def force_429(
        self,
        route: str | None,
        *,
        scope: str = "shared",
        retry_after: float = 0.01,
        times: int | None = 1,
        channel_id: int | None = None,
    ) -> Forced429:
        """Answer 429 (``scope``: shared, user or global) to the next ``times`` requests."""
        major = None if channel_id is None else f"channel_id={channel_id}"
        forced = Forced429(route, scope, retry_after, times, major)
        self.forced.append(forced)
        return forced

    def check(self, route_key: str, path: str, major: str) -> Decision:
        cfg = self.config
        for forced in self.forced:
            if forced.takes(route_key, major):
                forced.hits += 1
                headers = {"X-RateLimit-Global": "true"} if forced.scope == "global" else {}
                return Decision(headers, retry_after=forced.retry_after, scope=forced.scope)
        if not cfg.enabled:
            return Decision(headers={})
        now = self._clock()
        exempt = path.startswith(GLOBAL_EXEMPT_PREFIXES)
        if cfg.global_per_second is not None and not exempt:
            win = self._global
            if now - win.start >= 1.0:
                win.start, win.count = now, 0
            if win.count >= cfg.global_per_second:
                retry = max(win.start + 1.0 - now, 0.001)
                return Decision(
                    headers={"X-RateLimit-Global": "true"}, retry_after=retry, scope="global"
                )
        rule = cfg.buckets.get(route_key, cfg.default_bucket)
        if rule is None:
            self._count_global(exempt)
            return Decision(headers={})
        limit, per = rule
        bucket = bucket_hash(route_key)
        win = self._buckets.get((bucket, major))
        if win is None or now - win.start >= per:
            win = self._buckets[(bucket, major)] = _Window(start=now)
        reset_after = max(win.start + per - now, 0.001)
        headers = {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": bucket,
        }
        if win.count >= limit:
            headers["X-RateLimit-Remaining"] = "0"
            return Decision(headers=headers, retry_after=reset_after, scope="user")
        win.count += 1
        self._count_global(exempt)
        headers["X-RateLimit-Remaining"] = str(limit - win.count)
        return Decision(headers=headers)

    def _count_global(self, exempt: bool) -> None:
        if not exempt and self.config.global_per_second is not None:
            self._global.count += 1


def bucket_hash(route_key: str) -> str:
    """A stable opaque bucket id per route, like Discord's ``X-RateLimit-Bucket``."""
    return hashlib.sha1(route_key.encode(), usedforsecurity=False).hexdigest()[:16]


class InvalidRequestCounter:
    """Counts 401/403/429 answers over time: Discord bans an IP at 10,000 in 10 minutes."""

    STATUSES = frozenset({401, 403, 429})

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._times: deque[tuple[float, int]] = deque()
        self.total = 0

    def observe(self, status: int, scope: str | None = None) -> None:
        # Discord does not count 429s of the "shared" scope; the fake never emits those.
        if status in self.STATUSES and scope != "shared":
            self._times.append((self._clock(), status))
            self.total += 1

    def count(self, window: float = 600.0, status: int | None = None) -> int:
        """Invalid requests in the last ``window`` seconds (optionally only one status)."""
        cutoff = self._clock() - window
        return sum(1 for t, s in self._times if t >= cutoff and (status is None or s == status))
