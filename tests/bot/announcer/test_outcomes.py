"""How the poster reads discord.py's exceptions: which fail a row, which wait, which block."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
import pytest
from multidict import CIMultiDict

from bot.announcer.poster import (
    Blocked,
    ChannelUnavailable,
    RateLimited,
    Rejected,
    TemporaryFailure,
    _outcomes,
)

DISCORD_429 = {"Via": "1.1 google", "Retry-After": "7", "X-RateLimit-Scope": "shared"}


@dataclass
class Answer:
    """What discord.py keeps of an HTTP answer on its exceptions (status, headers, type)."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    reason: str = "reason"

    def __post_init__(self) -> None:
        # The type travels in the header, as on the wire (the poster reads the header).
        self.headers = CIMultiDict(  # type: ignore[assignment]
            {"Content-Type": f"{self.content_type}; charset=utf-8", **self.headers}
        )


def http_error(status: int, body: Any = None, **answer: Any) -> discord.HTTPException:
    cls = {403: discord.Forbidden, 404: discord.NotFound}.get(status, discord.HTTPException)
    if status >= 500:
        cls = discord.DiscordServerError
    return cls(Answer(status, **answer), body if body is not None else {"message": "m", "code": 0})


CASES = [
    (http_error(400, {"message": "Invalid Form Body", "code": 50035}), Rejected),
    (http_error(405), Rejected),
    (http_error(413), Rejected),
    (http_error(403), ChannelUnavailable),
    (http_error(404), ChannelUnavailable),
    (http_error(401), Blocked),
    (http_error(429), Blocked),  # no Via: Cloudflare's ban
    (http_error(429, "<html>1015</html>", content_type="text/html"), Blocked),
    (http_error(429, headers={"Via": "1.1 google"}, content_type="text/html"), Blocked),
    (http_error(429, headers={**DISCORD_429, "X-RateLimit-Scope": "global"}), Blocked),
    (http_error(429, headers=DISCORD_429), RateLimited),
    (http_error(429, headers={**DISCORD_429, "X-RateLimit-Scope": "user"}), RateLimited),
    (discord.RateLimited(120.0), RateLimited),
    (http_error(408), TemporaryFailure),
    (http_error(409), TemporaryFailure),
    (http_error(500), TemporaryFailure),
    (http_error(502, "<html>502 Bad Gateway</html>", content_type="text/html"), TemporaryFailure),
    (http_error(503), TemporaryFailure),
    (TimeoutError(), TemporaryFailure),
    (aiohttp.ServerDisconnectedError(), TemporaryFailure),
    (ConnectionResetError(104, "reset"), TemporaryFailure),
]


@pytest.mark.parametrize(("error", "outcome"), CASES, ids=[repr(c[0])[:40] for c in CASES])
def test_each_error_has_the_outcome_that_keeps_the_post(error, outcome):
    """Only the message's or the channel's fault fails a row; every 429 and blip waits."""
    with pytest.raises(outcome) as raised, _outcomes():
        raise error
    assert type(raised.value) is outcome


def test_a_route_429_waits_as_long_as_discord_said():
    """A 429 discord.py gave up on is retried after its Retry-After, not at once."""
    with pytest.raises(RateLimited) as raised, _outcomes():
        raise http_error(429, headers=DISCORD_429)
    assert raised.value.retry_after == 7.0
