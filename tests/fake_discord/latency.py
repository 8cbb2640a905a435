"""Network and processing delay, as a client of Discord sees it: a seeded log-normal per answer.

Discord answers REST requests in roughly 50-300 ms (a median near 80 ms from a well-placed
host, a tail to about half a second); gateway events arrive a few tens of ms after the fact.
``fake.latency`` (a :class:`Latency`) holds one :class:`LogNormal` for REST answers and one for
gateway frames (dispatches and heartbeat ACKs); either may be ``None`` (no delay). Off by
default (``Latency.off()``); :meth:`Latency.discord_like` is what the benchmarks and the
``latency`` marker of the test suite turn on.

Each request draws its own delay and waits it on its own (``asyncio.sleep`` in its handler),
so concurrent requests overlap as they do over a real network: the delay never serialises
them. Draws come from one ``random.Random(seed)``, so a run's sequence of delays is
reproducible (which request gets which depends on arrival order, as on a network).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

# The standard normal's 99th percentile: p99 = median * exp(Z99 * sigma).
Z99 = 2.326347874


@dataclass(frozen=True)
class LogNormal:
    """Delays whose logarithm is normal: ``median`` seconds, 1% above ``p99``, none above
    ``ceiling`` (a cap that keeps a rare draw from outliving a test's waiters)."""

    median: float
    p99: float
    ceiling: float = 1.5

    def __post_init__(self) -> None:
        if not 0 < self.median <= self.p99 <= self.ceiling:
            raise ValueError("need 0 < median <= p99 <= ceiling")

    @property
    def sigma(self) -> float:
        return math.log(self.p99 / self.median) / Z99

    def draw(self, rng: random.Random) -> float:
        return min(self.ceiling, self.median * math.exp(self.sigma * rng.gauss(0.0, 1.0)))


@dataclass
class Latency:
    """What ``fake.latency`` holds: REST and gateway delay models (``None``: no delay)."""

    rest: LogNormal | None = None
    gateway: LogNormal | None = None
    seed: int = 0
    # The share of a REST delay spent before Discord handles the request (the request's
    # journey and queueing); the rest is the answer's journey back. State changes (a message
    # stored, a bucket counted) happen in between, as they do on Discord.
    before_share: float = 0.5
    _rng: random.Random = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not 0.0 <= self.before_share <= 1.0:
            raise ValueError("before_share is a fraction")
        self._rng = random.Random(self.seed)

    @classmethod
    def off(cls) -> Latency:
        return cls()

    @classmethod
    def discord_like(
        cls,
        *,
        median: float = 0.080,
        p99: float = 0.500,
        gateway_median: float = 0.030,
        gateway_p99: float = 0.150,
        seed: int = 0,
    ) -> Latency:
        """REST answers: median 80 ms, p99 500 ms; gateway frames: median 30 ms, p99 150 ms."""
        return cls(LogNormal(median, p99), LogNormal(gateway_median, gateway_p99), seed)

    @property
    def on(self) -> bool:
        return self.rest is not None or self.gateway is not None

    def rest_delays(self) -> tuple[float, float]:
        """(before handling, after handling) for one REST request, in seconds."""
        if self.rest is None:
            return 0.0, 0.0
        total = self.rest.draw(self._rng)
        return total * self.before_share, total * (1.0 - self.before_share)

    def gateway_delay(self) -> float:
        """How long after being queued one gateway frame is sent, in seconds."""
        return 0.0 if self.gateway is None else self.gateway.draw(self._rng)
