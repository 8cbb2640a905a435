"""Global pacing of REST calls, below Discord's per-bot limit of about 50 requests/s.

discord.py waits on each route's bucket but only reacts to the global limit after a 429; a
fan-out to thousands of channels would collect them. Every announcer request takes a slot here
first, so requests leave evenly spaced at ``rate`` per second.
"""

from __future__ import annotations

import asyncio


class Pacer:
    def __init__(self, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.interval = 1.0 / rate
        self._next = 0.0
        self._lock = asyncio.Lock()

    async def slot(self) -> None:
        """Wait for this caller's turn; turns are ``1 / rate`` seconds apart."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)
