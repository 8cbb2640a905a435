"""discord.py's HTTP client, sweeping its idle rate-limit buckets at most once a minute.

discord.py keeps a ``Ratelimit`` bucket per route and major parameter: one per channel a
fan-out posts to. ``HTTPClient.get_ratelimit`` calls ``_try_clear_expired_ratelimits`` after
creating each bucket, and once 256 are held that scans every bucket for ones idle 300 s. A
fan-out to n channels creates n buckets within seconds, none idle yet, so it scans
256 + 257 + ... + n buckets for nothing: O(n²) (docs/discordpy-bucket-sweep.md; creating 20,000
buckets took 29.8 s of CPU on the project's machine, ``benchmarks/bench_bucket_sweep.py``).

``SweepingHTTPClient`` runs discord.py's own sweep, unchanged, at most once per
``SWEEP_INTERVAL`` seconds of the event loop's clock (the clock ``Ratelimit`` measures idleness
with): one scan a minute, however many buckets are made, so a bucket costs O(1) amortized. An
idle bucket is dropped at most a minute later than discord.py would drop it, so the buckets held
stay bounded by those used in the last 6 minutes instead of 5.

Checked against discord.py 2.0.0 to 2.7.1 (the pinned version) and master (2.8.0a, July 2026):
the code it relies on is the same in all of them. ``CHECKED`` is the range of the installed
version the tests accept; tests/bot/test_discord_http.py fails if the installed discord.py falls
outside it or the seam changes (the method's name and signature, ``get_ratelimit`` calling it).
"""

from __future__ import annotations

import asyncio
import math

from discord.http import HTTPClient

SWEEP_INTERVAL = 60.0
# discord.py versions this module was checked against (pip specifier syntax).
CHECKED = ">=2.0,<2.8"


class SweepingHTTPClient(HTTPClient):
    """discord.py's ``HTTPClient`` whose bucket sweep runs at most once per ``SWEEP_INTERVAL``."""

    # A class attribute, not set in __init__: ``sweep_lazily`` turns a client whose __init__
    # already ran into this class.
    _next_sweep: float = -math.inf

    def _try_clear_expired_ratelimits(self) -> None:
        now = asyncio.get_running_loop().time()
        if now < self._next_sweep:
            return
        self._next_sweep = now + SWEEP_INTERVAL
        super()._try_clear_expired_ratelimits()


def sweep_lazily(http: HTTPClient) -> None:
    """Make a client's own ``http`` a ``SweepingHTTPClient``, in place; call it before login.

    discord.py has no option to hand a ``Client`` its HTTP client: ``Client.__init__`` builds
    one and shares that object with its connection state and (``commands.Bot``) its command
    tree. Changing the object's class keeps every holder on the same object and every option it
    was built with (connector, proxy, ``max_ratelimit_timeout``...); only the sweep differs.
    """
    if type(http) is not HTTPClient:
        raise TypeError(f"expected discord.py's own HTTPClient, got {type(http).__name__}")
    http.__class__ = SweepingHTTPClient
