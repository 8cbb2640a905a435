"""``ostbot run``'s store watch costs nothing between its checks once the bot is ready."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.commandline.running import _watch

LOOP_TURNS = 200  # far fewer than an idle loop turns in the watch's one-second rest


class ReadyBot:
    def __init__(self) -> None:
        self.ready = asyncio.Event()
        self.ready.set()

    async def readiness(self) -> str:
        return "ready"


class CountingStore:
    def __init__(self) -> None:
        self.checks = 0

    def check_identity(self) -> None:
        self.checks += 1


async def test_the_watch_rests_between_checks_once_ready() -> None:
    """Once ready, the store file is checked and then the watch sleeps: no busy loop."""
    store = CountingStore()
    bot: Any = ReadyBot()  # what _watch reads of OstBot and Store, nothing more
    held: Any = store
    watching = asyncio.create_task(_watch(bot, held, lambda: None))
    for _ in range(LOOP_TURNS):
        await asyncio.sleep(0)
    watching.cancel()
    assert 1 <= store.checks <= 2
