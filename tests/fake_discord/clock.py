"""The fake's clock: real time plus an offset that tests advance instead of sleeping.

Everything in the fake that depends on time reads it here: the 3-second window for the first
answer to an interaction, the 15-minute life of its token, scheduled events' start times and
their automatic start/end. ``fake.clock.advance(15 * 60)`` makes a quarter of an hour pass at
once; listeners (the scheduled events) catch up on every advance.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta


class FakeClock:
    """Real time shifted by ``offset`` seconds (only ever moved forward)."""

    def __init__(self) -> None:
        self.offset = 0.0
        self._listeners: list[Callable[[], None]] = []

    def monotonic(self) -> float:
        """Seconds on a monotonic scale, for durations (like ``time.monotonic()``)."""
        return time.monotonic() + self.offset

    def now(self) -> datetime:
        """The fake Discord's wall-clock time (aware, UTC)."""
        return datetime.now(UTC) + timedelta(seconds=self.offset)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` pass at once; what is due by then happens before this returns."""
        if seconds < 0:
            raise ValueError("the fake's clock only moves forward")
        self.offset += seconds
        self.tick()

    def on_tick(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def tick(self) -> None:
        """Run what is due now (called on every advance and before every REST request)."""
        for listener in self._listeners:
            listener()
