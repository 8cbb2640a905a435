"""Pointing an unmodified discord.py at the fake.

discord.py has no base-URL option, so the two class attributes it builds URLs from are the
supported seam: ``discord.http.Route.BASE`` (REST, including webhooks, interaction callbacks and
follow-ups, which all use ``Route``) and ``DiscordWebSocket.DEFAULT_GATEWAY`` (the gateway a plain
``Client`` dials; ``AutoShardedClient`` asks ``GET /gateway/bot``, which the fake answers with
its own URL). After READY the client resumes at READY's ``resume_gateway_url``, which the fake
sets to itself. A bot process configured with DISCORD_API_BASE / DISCORD_GATEWAY_URL sets the
same two attributes from ``fake.api_base`` / ``fake.gateway_url``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import discord.http
import discord.webhook.async_
import yarl
from discord.gateway import DiscordWebSocket

from .server import FakeDiscord


@contextlib.contextmanager
def pointed_at(fake: FakeDiscord) -> Iterator[FakeDiscord]:
    """Point discord.py's REST and gateway URLs at ``fake`` inside the block; restore after."""
    old_base, old_gateway = discord.http.Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)
    try:
        yield fake
    finally:
        discord.http.Route.BASE = old_base
        DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class _ScaledSleepAsyncio(ModuleType):
    """``asyncio`` as seen by discord.py's HTTP modules, with 5xx back-off sleeps scaled down.

    discord.py sleeps ``1 + 2 * tries`` seconds (ints) before retrying a 500/502/504/524, and
    ``retry_after`` (a float from JSON, never an int here) before retrying a 429. Only int
    delays are scaled, so rate-limit waits stay honest.
    """

    def __init__(self, factor: float) -> None:
        super().__init__("asyncio")
        self._factor = factor

    def __getattr__(self, name: str) -> Any:
        return getattr(asyncio, name)

    async def sleep(self, delay: float, result: Any = None) -> Any:
        if isinstance(delay, int):
            delay = delay * self._factor
        return await asyncio.sleep(delay, result)


@contextlib.contextmanager
def fast_server_error_retries(factor: float = 0.01) -> Iterator[None]:
    """Shrink discord.py's 1/3/5/7/9 s back-off after 5xx answers (tests of 5xx faults only).

    This is the one place the fake reaches inside discord.py: it swaps the ``asyncio`` module
    reference of ``discord.http`` and ``discord.webhook.async_`` for a proxy whose ``sleep``
    scales integer delays by ``factor``. Everything else passes through unchanged.
    """
    modules = (discord.http, discord.webhook.async_)
    originals = [m.asyncio for m in modules]  # type: ignore[attr-defined]
    proxy = _ScaledSleepAsyncio(factor)
    for module in modules:
        module.asyncio = proxy  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module, original in zip(modules, originals, strict=True):
            module.asyncio = original  # type: ignore[attr-defined]


@contextlib.contextmanager
def identify_waits_on_fake_clock(fake: FakeDiscord) -> Iterator[None]:
    """discord.py sleeps 5 s before every IDENTIFY but the first (``before_identify_hook``,
    for Discord's max_concurrency 1); inside the block those seconds pass on the fake's clock
    instead, so a re-identify after INVALID_SESSION or 4009 costs a test no real time. The
    fake still refuses an IDENTIFY that comes too early, so the wait stays checked."""
    original = discord.Client.before_identify_hook

    async def advance_instead(
        self: discord.Client, shard_id: int | None, *, initial: bool = False
    ) -> None:
        if not initial:
            fake.clock.advance(fake.gateway.identify_wait(shard_id or 0))

    discord.Client.before_identify_hook = advance_instead  # type: ignore[method-assign]
    try:
        yield
    finally:
        discord.Client.before_identify_hook = original  # type: ignore[method-assign]
