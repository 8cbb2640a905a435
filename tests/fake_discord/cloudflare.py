"""Cloudflare's ban in front of Discord: for a while, every REST request answers 429 without
``Via``.

Discord: "IP addresses that make too many invalid HTTP requests are automatically and
temporarily restricted from accessing the Discord API" (10,000 401/403/429 in 10 minutes;
about an hour, sometimes longer). The answer comes from Cloudflare, not from Discord's API:
no ``Via`` header (discord.py's sign that a 429 is not Discord's), no ``X-RateLimit-*``
headers, and no ``Retry-After`` (Discord staff, discord-api-docs#5810: the response is static,
stored in Cloudflare). Its body is JSON with code 0 and the message below today; it used to be
Cloudflare's HTML error page (1015), which ``html=True`` sends. ``retry_after=`` adds a
``Retry-After`` header anyway, for a client that must honour one when it is there.

Reached through ``fake.cloudflare``; the pipeline asks ``answer()`` before auth, as Cloudflare
answers before Discord sees the request. The gateway is not affected. The ban starts by itself
when the invalid requests reach ``fake.rate_limits.invalid_request_limit`` (see
``ratelimit.InvalidRequestCounter``), or from a test with ``start()``. Its time is the fake's
clock: ``fake.clock.advance(3600)`` ends an hour's ban at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from aiohttp import web

BAN_MESSAGE = (
    "You are being blocked from accessing our API temporarily due to exceeding our rate limits"
    " frequently. Please read our docs at https://discord.com/developers/docs/topics/rate-limits"
    " to prevent this moving forward."
)
BAN_PAGE = """<!DOCTYPE html>
<html lang="en-US"><head><title>Access denied | discord.com used Cloudflare to restrict
access</title></head><body><div id="cf-wrapper"><h1><span>Error</span> <span>1015</span></h1>
<h2>You are being rate limited</h2><p>The owner of this website (discord.com) has banned you
temporarily from accessing this website.</p></div></body></html>"""


class CloudflareBlock:
    """A switch: ``start()`` blocks every REST request (after ``after`` more requests), for
    ``seconds`` (None: until ``lift()``)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._until: float | None = None
        self._active = False
        self._after = 0
        self.retry_after: int | None = None
        self.html = False
        self.answered = 0  # 429s sent since the fake started
        self.started_by_itself = 0  # bans started by the invalid-request limit, not a test
        self._seconds: float | None = None

    def start(
        self,
        seconds: float | None = None,
        *,
        after: int = 0,
        retry_after: int | None = None,
        html: bool = False,
        by_itself: bool = False,
    ) -> None:
        """Block from the request after the next ``after`` ones, for ``seconds`` from then.

        ``by_itself``: the invalid-request limit started it (counted in ``started_by_itself``);
        its time runs from now, not from the first request it refuses.
        """
        self.started_by_itself += by_itself
        self._active = True
        self._after = after
        self._seconds = seconds
        self._until = None
        if by_itself and seconds is not None:
            self._until = self._clock() + seconds
        self.retry_after = retry_after
        self.html = html

    def lift(self) -> None:
        """The ban is over: requests reach Discord again."""
        self._active = False
        self._until = None

    @property
    def blocking(self) -> bool:
        """Whether the next request would be blocked (ignoring a pending ``after``)."""
        if not self._active or self._after > 0:
            return False
        return self._until is None or self._clock() < self._until

    def answer(self) -> web.Response | None:
        """The ban's 429 for this request, or None to let it through."""
        if not self._active:
            return None
        if self._after > 0:
            self._after -= 1
            return None
        now = self._clock()
        if self._until is None and self._seconds is not None:
            self._until = now + self._seconds
        if self._until is not None and now >= self._until:
            self.lift()
            return None
        self.answered += 1
        headers = {"Server": "cloudflare", "CF-RAY": "8f0c0ffee0000000-ICN"}
        if self.retry_after is not None:
            headers["Retry-After"] = str(self.retry_after)
        if self.html:
            return web.Response(
                text=BAN_PAGE, status=429, content_type="text/html", charset="UTF-8",
                headers=headers,
            )  # fmt: skip
        body = json.dumps({"message": BAN_MESSAGE, "code": 0}).encode()
        return web.Response(body=body, status=429, content_type="application/json", headers=headers)
