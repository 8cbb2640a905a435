"""Connecting a discord.py client to the fake for a test, and closing it cleanly."""

# A `timeout=` argument on waiters is this API's contract (tests read better with it).

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import TypeVar

import discord
from discord.ext import commands

from .pointing import pointed_at
from .server import FakeDiscord

ClientT = TypeVar("ClientT", bound=discord.Client)

# discord.py waits this long after the last GUILD_CREATE before on_ready (default 2 s). The fake
# sends all GUILD_CREATEs back to back, so a short wait loses nothing.
GUILD_READY_TIMEOUT = 0.05


def make_bot(**kwargs: object) -> commands.Bot:
    """A plain ``commands.Bot`` suitable for the fake (short guild_ready_timeout)."""
    options: dict[str, object] = {
        "command_prefix": "!",
        # Default intents plus message content: the fake blanks content without it, as Discord.
        "intents": discord.Intents(**dict(discord.Intents.default(), message_content=True)),
        "guild_ready_timeout": GUILD_READY_TIMEOUT,
    }
    options.update(kwargs)
    return commands.Bot(**options)  # type: ignore[arg-type]


@contextlib.asynccontextmanager
async def connected(
    fake: FakeDiscord, client: ClientT, *, timeout: float = 5.0
) -> AsyncIterator[ClientT]:
    """Log ``client`` in against ``fake``, wait for on_ready, yield it, then close it.

    discord.py stays pointed at the fake for the whole block (REST calls made later, and
    reconnects, must reach the fake too).
    """
    ready = asyncio.Event()

    async def on_ready() -> None:
        ready.set()

    if isinstance(client, commands.Bot):
        client.add_listener(on_ready, "on_ready")
    else:
        # A plain Client has one handler per event: this replaces the client's own on_ready.
        client.event(on_ready)
    # Discord allows one IDENTIFY per 5 s (max_concurrency 1); a test that starts a second bot
    # (a restart) lets those seconds pass on the fake's clock instead of waiting them out.
    fake.clock.advance(fake.gateway.identify_wait())
    with pointed_at(fake):
        await client.login(fake.token)
        runner = asyncio.create_task(client.connect(reconnect=True), name="discord.py connect")
        try:
            waiter = asyncio.create_task(ready.wait())
            done, _ = await asyncio.wait(
                {waiter, runner}, timeout=timeout, return_when="FIRST_COMPLETED"
            )
            if waiter not in done:
                waiter.cancel()
                if runner in done:
                    runner.result()  # re-raise the connection error
                raise TimeoutError(f"discord.py did not reach on_ready within {timeout}s")
            yield client
        finally:
            await client.close()
            with contextlib.suppress(asyncio.CancelledError):
                await runner
