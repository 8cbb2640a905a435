"""Snowflake ids that look like Discord's, so ``(id >> 22) + DISCORD_EPOCH`` is a real time."""

from __future__ import annotations

import itertools
import secrets
import time

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeFactory:
    """Generates increasing snowflakes: 42 bits of ms since the Discord epoch, then a counter.

    Worker/process bits are random per factory so two fakes in one test never share ids.
    """

    def __init__(self) -> None:
        self._worker = secrets.randbelow(1 << 10) << 12
        self._counter = itertools.count()
        self._last = 0

    def next(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        candidate = (ms << 22) | self._worker | (next(self._counter) & 0xFFF)
        # Strictly increasing even when the 12-bit counter wraps within one millisecond.
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


def snowflake_time_ms(snowflake: int) -> int:
    """Unix milliseconds encoded in a snowflake."""
    return (snowflake >> 22) + DISCORD_EPOCH_MS


def iso_from_snowflake(snowflake: int) -> str:
    """ISO-8601 timestamp (UTC) of a snowflake, in the format Discord uses for ``timestamp``."""
    ms = snowflake_time_ms(snowflake)
    secs, rem = divmod(ms, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(secs)) + f".{rem:03d}000+00:00"


def new_token() -> str:
    """An opaque token (bot token, interaction token) of a plausible length."""
    return secrets.token_urlsafe(48)
