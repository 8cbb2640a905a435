"""Rate limits as Discord applies them: shared buckets per top-level resource, a rolling global
second, 429 scopes, and Cloudflare's ban reached by itself after too many invalid requests."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest

from tests.fake_discord import FakeDiscord, Guild
from tests.fake_discord.ratelimit import (
    InvalidRequestCounter,
    RateLimitConfig,
    RateLimiter,
    retry_after_header,
)

MESSAGES = "POST /channels/{channel_id}/messages"
EDIT = "PATCH /channels/{channel_id}/messages/{message_id}"
DELETE = "DELETE /channels/{channel_id}/messages/{message_id}"
FOLLOWUP = "POST /webhooks/{app_id}/{token}"


class Clock:
    """A hand-moved monotonic clock for the limiter's pure logic."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limiter(**config: object) -> tuple[RateLimiter, Clock]:
    clock = Clock()
    return RateLimiter(RateLimitConfig(**config), clock, lambda: 1.7e9 + clock.now), clock  # type: ignore[arg-type]


def send(rl: RateLimiter, route: str = "GET /users/@me", major: str = "") -> str | None:
    path = "/webhooks/1/t" if route.startswith("POST /webhooks") else "/x"
    return rl.check(route, path, major).scope


@pytest.mark.parametrize("limit", [1, 5, 50])
def test_global_limit_is_a_rolling_second_not_a_fixed_window(limit):
    """Requests late in one second still count early in the next: no burst of twice the limit."""
    rl, clock = limiter(global_per_second=limit, default_bucket=None)
    assert send(rl) is None  # t = 0
    clock.now += 0.9
    assert [send(rl) for _ in range(limit - 1)] == [None] * (limit - 1)
    clock.now += 0.15  # a fixed window opened at t=0 would have reset here
    answers = [send(rl) for _ in range(limit)]
    assert answers == [None] + ["global"] * (limit - 1)
    if limit > 1:
        refused = rl.check("GET /users/@me", "/x", "")
        assert refused.retry_after == pytest.approx(0.9 + 1.0 - 1.05, abs=1e-6)
        assert refused.headers == {"X-RateLimit-Global": "true"}
    clock.now += 1.0
    assert [send(rl) for _ in range(limit)] == [None] * limit


def test_interaction_endpoints_are_outside_the_global_second():
    """Follow-ups neither count toward nor are stopped by the global limit."""
    rl, _ = limiter(global_per_second=2)
    assert [send(rl, FOLLOWUP, f"app_id=1;token=t{i}") for i in range(10)] == [None] * 10
    assert [send(rl) for _ in range(3)] == [None, None, "global"]


@pytest.mark.parametrize(
    ("major", "other"),
    [
        ("channel_id=1", "channel_id=2"),
        ("guild_id=1", "guild_id=2"),
        ("app_id=1;token=a", "app_id=1;token=b"),
    ],
    ids=["channel", "guild", "webhook+token"],
)
def test_a_bucket_counts_apart_per_top_level_resource(major, other):
    """Spending a bucket on one channel/guild/webhook+token leaves another's untouched."""
    rl, _ = limiter(global_per_second=None, buckets={"POST /r": (2, 5.0)})
    assert [send(rl, "POST /r", major) for _ in range(3)] == [None, None, "user"]
    assert [send(rl, "POST /r", other) for _ in range(2)] == [None, None]


@pytest.mark.parametrize("first", [MESSAGES, EDIT])
def test_create_and_edit_share_one_bucket_per_channel(first):
    """Message create and edit answer the same bucket hash and spend one count per channel."""
    rl, _ = limiter(global_per_second=None)
    second = EDIT if first == MESSAGES else MESSAGES
    got = [rl.check(r, "/x", "channel_id=1") for r in (first, second, first, second, first)]
    assert [d.headers["X-RateLimit-Remaining"] for d in got] == ["4", "3", "2", "1", "0"]
    assert len({d.headers["X-RateLimit-Bucket"] for d in got}) == 1
    assert send(rl, second, "channel_id=1") == "user"
    assert send(rl, first, "channel_id=2") is None
    # Deleting is a bucket of its own (another hash), as on Discord.
    deleted = rl.check(DELETE, "/x", "channel_id=1")
    assert not deleted.limited
    assert deleted.headers["X-RateLimit-Bucket"] != got[0].headers["X-RateLimit-Bucket"]


def test_a_bucket_resets_when_its_window_ends():
    """A spent bucket says when it resets, refuses until then, and is whole again after."""
    rl, clock = limiter(global_per_second=None)
    for _ in range(5):
        send(rl, MESSAGES, "channel_id=1")
    clock.now += 2.0
    refused = rl.check(MESSAGES, "/x", "channel_id=1")
    assert (refused.scope, refused.retry_after) == ("user", pytest.approx(3.0))
    assert refused.headers["X-RateLimit-Reset-After"] == "3.000"
    assert float(refused.headers["X-RateLimit-Reset"]) == pytest.approx(1.7e9 + clock.now + 3.0)
    clock.now += 3.0
    assert send(rl, MESSAGES, "channel_id=1") is None


@pytest.mark.parametrize(("seconds", "header"), [(0.01, "1"), (1.0, "1"), (64.57, "65")])
def test_retry_after_is_whole_seconds_rounded_up(seconds, header):
    """Retry-After as in Discord's example: 64.57 s of retry_after is sent as 65."""
    assert retry_after_header(seconds) == header


class Bans:
    def __init__(self) -> None:
        self.started: list[float | None] = []

    def __call__(self, seconds: float | None) -> None:
        self.started.append(seconds)


@pytest.mark.parametrize(
    ("status", "scope"), [(401, None), (403, None), (429, "user"), (429, "global")]
)
def test_invalid_requests_start_the_ban_at_the_limit(status, scope):
    """The limit-th 401/403/429 within the window starts the ban, with its configured length."""
    clock, bans = Clock(), Bans()
    config = RateLimitConfig(invalid_request_limit=20, ban_seconds=120.0)
    counter = InvalidRequestCounter(config, clock, bans)
    for _ in range(19):
        counter.observe(status, scope)
    assert bans.started == []
    counter.observe(status, scope)
    assert bans.started == [120.0]
    assert counter.total == 20


@pytest.mark.parametrize(
    ("status", "scope"), [(429, "shared"), (404, None), (400, None), (500, None), (200, None)]
)
def test_what_is_not_an_invalid_request_never_bans(status, scope):
    """Shared 429s and statuses other than 401/403/429 are not invalid requests."""
    clock, bans = Clock(), Bans()
    counter = InvalidRequestCounter(RateLimitConfig(invalid_request_limit=3), clock, bans)
    for _ in range(10):
        counter.observe(status, scope)
    assert (bans.started, counter.total) == ([], 0)


def test_only_invalid_requests_within_the_window_count_toward_the_ban():
    """Ten minutes is a sliding window: old refusals fall out of it."""
    clock, bans = Clock(), Bans()
    counter = InvalidRequestCounter(RateLimitConfig(invalid_request_limit=10), clock, bans)
    for _ in range(9):
        counter.observe(403)
    clock.now += 601
    for _ in range(9):
        counter.observe(403)
    assert bans.started == []
    assert counter.count() == 9
    assert counter.total == 18


def test_the_bans_own_429s_never_start_another():
    """Cloudflare's answers during a ban are counted but do not reach Discord's limit."""
    clock, bans = Clock(), Bans()
    counter = InvalidRequestCounter(RateLimitConfig(invalid_request_limit=2), clock, bans)
    for _ in range(10):
        counter.observe(429, "cloudflare")
    assert (bans.started, counter.total) == ([], 10)


def test_defaults_are_discords():
    """10,000 invalid requests in 10 minutes ban for about an hour; 50 requests a second."""
    config = RateLimitConfig()
    assert (config.invalid_request_limit, config.invalid_request_window) == (10_000, 600.0)
    assert (config.ban_seconds, config.global_per_second) == (3600.0, 50)


# --- over HTTP ---------------------------------------------------------------------------


async def _post(http: aiohttp.ClientSession, fake: FakeDiscord, channel: int, token: str):
    url = f"{fake.api_base}/channels/{channel}/messages"
    async with http.post(url, json={"content": "x"}, headers={"Authorization": token}) as resp:
        return resp.status, dict(resp.headers), await resp.json(content_type=None)


async def test_a_user_429_carries_discords_headers_and_body(fake_discord, fake_guild: Guild):
    """Past a channel's bucket: 429 with bucket headers, Remaining 0, scope user, Via."""
    channel = next(iter(fake_guild.channels))
    bot = f"Bot {fake_discord.token}"
    async with aiohttp.ClientSession() as http:
        answers = [await _post(http, fake_discord, channel, bot) for _ in range(6)]
    assert [a[0] for a in answers] == [200] * 5 + [429]
    _, headers, body = answers[-1]
    assert headers["X-RateLimit-Scope"] == "user"
    assert headers["X-RateLimit-Remaining"] == "0"
    assert headers["X-RateLimit-Limit"] == "5"
    assert headers["X-RateLimit-Bucket"] == answers[0][1]["X-RateLimit-Bucket"]
    assert len(headers["X-RateLimit-Bucket"]) == 32
    assert "X-RateLimit-Global" not in headers
    assert headers["Via"]
    assert int(headers["Retry-After"]) >= body["retry_after"]
    assert (body["message"], body["global"]) == ("You are being rate limited.", False)
    assert fake_discord.invalid_requests.count(status=429) == 1


async def test_a_shared_429_is_the_resources_and_not_counted(fake_discord, fake_guild: Guild):
    """Scope shared: Discord's wording, the bucket left as it was, no invalid request."""
    channel = next(iter(fake_guild.channels))
    fake_discord.rate_limits.invalid_request_limit = 3
    fake_discord.limiter.force_429(MESSAGES, scope="shared", retry_after=1336.57, times=10)
    async with aiohttp.ClientSession() as http:
        answers = [await _post(http, fake_discord, channel, f"Bot {fake_discord.token}")]
        answers += [await _post(http, fake_discord, channel, f"Bot {fake_discord.token}")]
    status, headers, body = answers[-1]
    assert status == 429
    assert headers["X-RateLimit-Scope"] == "shared"
    assert headers["X-RateLimit-Remaining"] == "5"  # the bot's own bucket is not charged
    assert headers["Retry-After"] == "1337"
    assert body["message"] == "The resource is being rate limited."
    assert body["retry_after"] == pytest.approx(1336.57)
    assert fake_discord.invalid_requests.total == 0
    assert not fake_discord.cloudflare.blocking


@pytest.mark.parametrize("cause", ["bad-token", "forbidden-channel", "spent-bucket"])
async def test_the_ban_starts_by_itself_and_ends_on_the_fakes_clock(
    fake_discord, fake_guild: Guild, cause
):
    """At the invalid-request limit every route answers Cloudflare's 429 (no Via) for
    ban_seconds of the fake's clock, then Discord answers again."""
    fake = fake_discord
    channel = next(iter(fake_guild.channels))
    fake.rate_limits.invalid_request_limit = 12
    fake.rate_limits.ban_seconds = 600.0
    token = f"Bot {fake.token}"
    if cause == "forbidden-channel":
        fake.faults.fail_channel(channel, 403)
    async with aiohttp.ClientSession() as http:
        refused = 0
        while refused < 12:
            status, _, _ = await _post(
                http, fake, channel, "Bot wrong" if cause == "bad-token" else token
            )
            refused += status in (401, 403, 429)
        assert fake.cloudflare.started_by_itself == 1
        fake.faults.heal_channel(channel)
        async with http.get(f"{fake.api_base}/users/@me", headers={"Authorization": token}) as r:
            assert r.status == 429
            assert "Via" not in r.headers
            assert "X-RateLimit-Bucket" not in r.headers
        fake.clock.advance(599)
        assert fake.cloudflare.blocking
        fake.clock.advance(2)
        async with http.get(f"{fake.api_base}/users/@me", headers={"Authorization": token}) as r:
            assert r.status == 200
    assert fake.cloudflare.started_by_itself == 1
    assert [r.scope for r in fake.requests if r.scope == "cloudflare"] == ["cloudflare"]


async def test_discord_py_sees_create_and_edit_as_one_bucket(
    discord_py_client, fake_discord, fake_guild: Guild
):
    """Sends and edits into one channel answer one bucket hash; a 429 comes only once the
    channel's 5 are spent by both together, and discord.py waits it out."""
    fake_discord.rate_limits.buckets[MESSAGES] = (5, 0.3)
    channel = discord_py_client.get_channel(next(iter(fake_guild.channels)))
    first = await channel.send("first")
    await first.edit(content="learnt")
    sends = [channel.send(f"m{i}") for i in range(6)]
    edits = [first.edit(content=f"e{i}") for i in range(6)]
    await asyncio.gather(*sends, *edits)
    answered = [r for r in fake_discord.requests if r.route in (MESSAGES, EDIT)]
    assert len({r.headers["X-RateLimit-Bucket"] for r in answered}) == 1
    assert sum(r.status == 200 for r in answered) == 14
    for refused in (r for r in answered if r.status == 429):
        assert refused.scope == "user"
        before = [r for r in answered if r.time <= refused.time and r.status == 200]
        assert before[-1].headers["X-RateLimit-Remaining"] == "0"
