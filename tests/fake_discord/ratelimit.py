"""Discord's rate limits as Discord applies them (developers/topics/rate-limits).

- **Per-route buckets**, each named by an opaque ``X-RateLimit-Bucket`` hash. Some routes share
  one bucket (``RateLimitConfig.shared``: the same hash, one count), and every bucket counts
  separately per top-level resource in the path: the channel, the guild, or the webhook and its
  token. A bucket's window opens at its first request and resets ``per`` seconds later, as
  ``X-RateLimit-Reset`` says.
- **The global limit**: 50 requests in any rolling second per bot (not a window that resets on
  the second), whatever the routes; interaction endpoints (callbacks, follow-ups) are exempt.
- **429s** with Discord's headers and body: ``X-RateLimit-Scope`` ``user`` (a bucket of this
  bot), ``global`` (with ``X-RateLimit-Global: true``) or ``shared`` (a resource's limit, for
  everyone: forced from tests with ``force_429``), ``Retry-After``, ``Via``.
- **The invalid-request limit**: 401, 403 and 429 answers (not a ``shared`` 429) are counted;
  ``invalid_request_limit`` of them (10,000) within ``invalid_request_window`` (10 minutes)
  start Cloudflare's ban by itself, for ``ban_seconds`` (an hour).

The headers are the real ones, so discord.py paces itself from them as it would against
Discord: it keys its buckets by the hash plus the top-level resources, as the fake counts them.
"""

from __future__ import annotations

import hashlib
import math
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

# (limit, period in seconds) per route key "METHOD /path/{template}". Values are Discord's
# documented or commonly observed ones; unlisted routes use RateLimitConfig.default_bucket.
# A route listed in SHARED_BUCKETS takes its limit from the route it shares with.
DEFAULT_BUCKETS: dict[str, tuple[int, float]] = {
    "POST /channels/{channel_id}/messages": (5, 5.0),
    "DELETE /channels/{channel_id}/messages/{message_id}": (5, 1.0),
    "POST /channels/{channel_id}/messages/{message_id}/crosspost": (10, 3600.0),
    "POST /webhooks/{app_id}/{token}": (5, 2.0),
    "PATCH /webhooks/{app_id}/{token}/messages/{message_id}": (5, 2.0),
    "PUT /applications/{application_id}/commands": (2, 1.0),
    "PUT /applications/{application_id}/guilds/{guild_id}/commands": (2, 1.0),
}

# Route -> the route whose bucket it shares (same X-RateLimit-Bucket, one count per resource).
# Creating and editing a message in a channel answer with the same bucket hash (observed,
# discord-api-docs#1442 and #2761); Discord's docs say the hash is what groups shared limits, so
# the fake counts them together. (Those reports also saw the two counted apart at times, and
# #8073 the same hash on routes limited apart: counting together is the stricter reading.)
SHARED_BUCKETS: dict[str, str] = {
    "PATCH /channels/{channel_id}/messages/{message_id}": "POST /channels/{channel_id}/messages",
}

# Path parameters naming a top-level resource: a bucket counts separately per value. Discord:
# channels, guilds, webhooks (id, or id + token); interaction webhooks are the application's id
# and the interaction's token here (discord.py keys them the same way).
MAJOR_PARAMETERS = ("channel_id", "guild_id", "app_id", "token", "interaction_id")

# Interaction endpoints are not bound to the bot's global limit (Discord's docs).
GLOBAL_EXEMPT_PREFIXES = ("/interactions/", "/webhooks/")

INVALID_STATUSES = frozenset({401, 403, 429})


@dataclass
class RateLimitConfig:
    """What the fake enforces. Change fields at any time from a test; they apply at once.

    ``enabled=False`` turns everything off (no headers, no 429s, no ban by itself) — for
    throughput benchmarks. ``global_per_second=None`` turns only the global limit off;
    ``invalid_request_limit=None`` only the ban by itself. ``ban_seconds=None``: a ban reached
    by itself lasts until ``fake.cloudflare.lift()``.
    """

    enabled: bool = True
    global_per_second: int | None = 50
    buckets: dict[str, tuple[int, float]] = field(default_factory=lambda: dict(DEFAULT_BUCKETS))
    shared: dict[str, str] = field(default_factory=lambda: dict(SHARED_BUCKETS))
    default_bucket: tuple[int, float] | None = (50, 1.0)
    invalid_request_limit: int | None = 10_000
    invalid_request_window: float = 600.0
    ban_seconds: float | None = 3600.0


@dataclass
class Decision:
    """Outcome of one request's rate-limit check: headers to send, and a 429 if it is over."""

    headers: dict[str, str]
    retry_after: float | None = None
    scope: str | None = None  # "global", "user" or "shared" when limited

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
        return self.major is None or self.major in major.split(";")


@dataclass
class _Window:
    start: float
    count: int = 0


class RateLimiter:
    """Per-route buckets (fixed windows from their first request) and a rolling global limit.

    ``clock`` is monotonic seconds (the fake's clock), ``wall`` epoch seconds for
    ``X-RateLimit-Reset``.
    """

    def __init__(
        self,
        config: RateLimitConfig,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._clock = clock
        self._wall = wall
        self._global: deque[float] = deque()  # when each request of the last second came
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

    def bucket_of(self, route_key: str) -> str:
        """The ``X-RateLimit-Bucket`` a route answers with (shared routes: the same one)."""
        return bucket_hash(self.config.shared.get(route_key, route_key))

    def check(self, route_key: str, path: str, major: str) -> Decision:
        """Count this request (``major``: its top-level resources) or refuse it with a 429."""
        for forced in self.forced:
            if forced.takes(route_key, major):
                forced.hits += 1
                return self._forced(forced, route_key, major)
        if not self.config.enabled:
            return Decision(headers={})
        now = self._clock()
        exempt = path.startswith(GLOBAL_EXEMPT_PREFIXES)
        if not exempt:
            retry = self._global_wait(now)
            if retry is not None:
                # Discord's global 429 carries no bucket headers (its docs' example).
                return Decision({"X-RateLimit-Global": "true"}, retry_after=retry, scope="global")
            if self.config.global_per_second is not None:
                self._global.append(now)  # every request that reached the API counts
        window, rule = self._window(route_key, major, now)
        if window is None or rule is None:
            return Decision(headers={})
        limit = rule[0]
        headers = self._headers(route_key, window, rule, now)
        if window.count >= limit:
            headers["X-RateLimit-Remaining"] = "0"
            reset_after = float(headers["X-RateLimit-Reset-After"])
            return Decision(headers=headers, retry_after=reset_after, scope="user")
        window.count += 1
        headers["X-RateLimit-Remaining"] = str(limit - window.count)
        return Decision(headers=headers)

    def _global_wait(self, now: float) -> float | None:
        """Seconds until the rolling second has room, or None if it has room now."""
        limit = self.config.global_per_second
        if limit is None:
            self._global.clear()
            return None
        while self._global and self._global[0] <= now - 1.0:
            self._global.popleft()
        if len(self._global) < limit:
            return None
        if limit <= 0:
            return 1.0  # no request is ever allowed
        # Room comes back when the oldest request that must leave the second has left it.
        oldest = self._global[len(self._global) - limit]
        return max(oldest + 1.0 - now, 0.001)

    def _window(
        self, route_key: str, major: str, now: float
    ) -> tuple[_Window | None, tuple[int, float] | None]:
        cfg = self.config
        owner = cfg.shared.get(route_key, route_key)
        rule = cfg.buckets.get(owner, cfg.default_bucket)
        if rule is None:
            return None, None
        key = (bucket_hash(owner), major)
        window = self._buckets.get(key)
        if window is None or now - window.start >= rule[1]:
            window = self._buckets[key] = _Window(start=now)
        return window, rule

    def _headers(
        self, route_key: str, window: _Window, rule: tuple[int, float], now: float
    ) -> dict[str, str]:
        limit, per = rule
        reset_after = max(window.start + per - now, 0.001)
        return {
            "X-RateLimit-Limit": str(limit),
            "X-RateLimit-Remaining": str(max(limit - window.count, 0)),
            "X-RateLimit-Reset": f"{self._wall() + reset_after:.3f}",
            "X-RateLimit-Reset-After": f"{reset_after:.3f}",
            "X-RateLimit-Bucket": self.bucket_of(route_key),
        }

    def _forced(self, forced: Forced429, route_key: str, major: str) -> Decision:
        if forced.scope == "global":
            return Decision({"X-RateLimit-Global": "true"}, forced.retry_after, "global")
        # A route's 429 carries its bucket's headers as they stand: a shared limit is the
        # resource's, so the bot's own bucket is not charged (Discord's example shows room
        # left); a forced "user" 429 says the bucket is spent until the retry.
        headers: dict[str, str] = {}
        window, rule = self._window(route_key, major, self._clock())
        if window is not None and rule is not None and self.config.enabled:
            headers = self._headers(route_key, window, rule, self._clock())
            if forced.scope == "user":
                headers["X-RateLimit-Remaining"] = "0"
                headers["X-RateLimit-Reset-After"] = f"{forced.retry_after:.3f}"
                headers["X-RateLimit-Reset"] = f"{self._wall() + forced.retry_after:.3f}"
        return Decision(headers, retry_after=forced.retry_after, scope=forced.scope)


def bucket_hash(route_key: str) -> str:
    """A stable opaque bucket id, 32 hex digits like Discord's ``X-RateLimit-Bucket``."""
    return hashlib.sha1(route_key.encode(), usedforsecurity=False).hexdigest()[:32]


def retry_after_header(retry_after: float) -> str:
    """``Retry-After`` as Discord sends it: whole seconds, rounded up (64.57 -> 65)."""
    return str(max(1, math.ceil(retry_after)))


class InvalidRequestCounter:
    """Counts 401/403/429 answers (not ``shared`` 429s) and starts Cloudflare's ban by itself.

    Discord: "IP addresses that make too many invalid HTTP requests are automatically and
    temporarily restricted", 10,000 in 10 minutes. The ban's own 429s (``scope="cloudflare"``)
    are counted here too but never start or prolong a ban, and a ban starts the count toward
    the next one afresh: only requests Discord itself refused lead to a ban.
    """

    def __init__(
        self,
        config: RateLimitConfig | None = None,
        clock: Callable[[], float] = time.monotonic,
        on_limit: Callable[[float | None], None] | None = None,
    ) -> None:
        self._config = config or RateLimitConfig()
        self._clock = clock
        self._on_limit = on_limit
        self._times: deque[tuple[float, int]] = deque()
        self._toward_ban: deque[float] = deque()
        self.total = 0
        self.bans = 0  # bans this counter started by itself

    def observe(self, status: int, scope: str | None = None) -> None:
        if status not in INVALID_STATUSES or scope == "shared":
            return  # Discord: "429 errors returned with X-RateLimit-Scope: shared are not counted"
        now = self._clock()
        self._times.append((now, status))
        self.total += 1
        if scope != "cloudflare":
            self._toward_ban.append(now)
            self._maybe_ban(now)

    def _maybe_ban(self, now: float) -> None:
        cfg = self._config
        if not cfg.enabled or cfg.invalid_request_limit is None or self._on_limit is None:
            return
        while self._toward_ban and self._toward_ban[0] <= now - cfg.invalid_request_window:
            self._toward_ban.popleft()
        if len(self._toward_ban) >= cfg.invalid_request_limit:
            self._toward_ban.clear()
            self.bans += 1
            self._on_limit(cfg.ban_seconds)

    def count(self, window: float = 600.0, status: int | None = None) -> int:
        """Invalid requests in the last ``window`` seconds (optionally only one status)."""
        cutoff = self._clock() - window
        return sum(1 for t, s in self._times if t >= cutoff and (status is None or s == status))
