"""The bucket sweep seam (bot/discord_http.py): where discord.py has it, and O(1) amortized."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Iterator

import discord
import discord.http
import pytest
from discord.http import HTTPClient, Ratelimit
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from bot.app import OstBot
from bot.discord_http import CHECKED, SWEEP_INTERVAL, SweepingHTTPClient, sweep_lazily

IDLE = 300.0  # discord.py's Ratelimit.is_inactive threshold


class ClockLoop(asyncio.SelectorEventLoop):
    """An event loop whose clock the test sets: buckets measure idleness with it."""

    now = 0.0

    def time(self) -> float:
        return self.now


@pytest.fixture
def loop() -> Iterator[ClockLoop]:
    with asyncio.Runner(loop_factory=ClockLoop) as runner:
        clock = runner.get_loop()
        assert isinstance(clock, ClockLoop)
        yield clock


@pytest.fixture
def inspections(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts how many buckets sweeps look at (a spy around discord.py's own check)."""
    seen = [0]
    original = Ratelimit.is_inactive

    def counted(self: Ratelimit) -> bool:
        seen[0] += 1
        return original(self)

    monkeypatch.setattr(Ratelimit, "is_inactive", counted)
    return seen


def make_buckets(loop: ClockLoop, http: HTTPClient, keys: list[str]) -> None:
    async def make() -> None:
        for key in keys:
            http.get_ratelimit(key)

    loop.run_until_complete(make())


def test_the_installed_discord_py_is_one_the_sweep_was_checked_against() -> None:
    """Upgrading discord.py past CHECKED fails here: re-read http.py, then widen the range."""
    assert Version(discord.__version__) in SpecifierSet(CHECKED)


def test_the_seam_keeps_its_shape() -> None:
    """The private method and attributes the subclass relies on exist as it expects."""
    assert list(inspect.signature(HTTPClient._try_clear_expired_ratelimits).parameters) == ["self"]
    assert list(inspect.signature(HTTPClient.get_ratelimit).parameters) == ["self", "key"]
    assert list(inspect.signature(Ratelimit.is_inactive).parameters) == ["self"]
    assert "_buckets" in inspect.getsource(HTTPClient.__init__)


def test_many_buckets_at_once_cost_one_sweep(loop: ClockLoop, inspections: list[int]) -> None:
    """2,000 new buckets within a minute inspect at most 2,000 buckets, not ~n²/2."""
    http = HTTPClient(loop)
    sweep_lazily(http)
    make_buckets(loop, http, [f"channel-{i}" for i in range(2_000)])
    assert len(http._buckets) == 2_000
    assert inspections[0] <= 2_000


def test_stock_client_inspects_every_bucket_per_new_one(
    loop: ClockLoop, inspections: list[int]
) -> None:
    """What the subclass fixes: discord.py's own client scans all it holds for each new bucket."""
    http = HTTPClient(loop)
    make_buckets(loop, http, [f"channel-{i}" for i in range(600)])
    assert inspections[0] >= (600 - 256) * 256


def test_idle_buckets_are_still_dropped(loop: ClockLoop) -> None:
    """1,000 new buckets a minute for 20 minutes: those idle 5 minutes go within a minute more."""
    http = HTTPClient(loop)
    sweep_lazily(http)
    per_minute = 1000
    for minute in range(20):
        loop.now = minute * SWEEP_INTERVAL
        make_buckets(loop, http, [f"{minute}-{i}" for i in range(per_minute)])
        kept_minutes = (IDLE + SWEEP_INTERVAL) / SWEEP_INTERVAL + 1
        assert len(http._buckets) <= kept_minutes * per_minute
    assert len(http._buckets) < 20 * per_minute / 2


def test_only_discord_pys_own_client_is_converted(loop: ClockLoop) -> None:
    """A client someone already replaced is refused, not silently re-classed."""

    class Other(HTTPClient):
        pass

    with pytest.raises(TypeError):
        sweep_lazily(Other(loop))


async def test_ostbot_and_everything_it_shares_its_client_with_sweep_lazily(
    ostbot: OstBot,
) -> None:
    """The bot, its connection state and its command tree all hold the one sweeping client."""
    assert isinstance(ostbot.http, SweepingHTTPClient)
    assert ostbot._connection.http is ostbot.http
    assert ostbot.tree._http is ostbot.http
