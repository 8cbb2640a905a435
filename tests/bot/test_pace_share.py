"""The REST pace across processes: each paces at its shards' share of ``OSTBOT_RATE``."""

from __future__ import annotations

import logging

import pytest

import bot.wiring
from bot.announcer.pacing import Gate, Pacer
from bot.settings import Settings
from bot.shards import Shards
from bot.store import open_store
from bot.wiring import build_bot


@pytest.mark.parametrize(
    ("shards", "rate"),
    [
        (None, 45.0),  # not sharded: the whole rate
        (Shards.all_of(4), 45.0),  # one process with every shard: the whole rate
        (Shards(4, (0, 1)), 22.5),
        (Shards(4, (3,)), 11.25),
        (Shards(3, (2,)), 15.0),
    ],
)
def test_a_process_paces_at_its_shards_share(shards, rate):
    """OSTBOT_RATE times its shards over OSTBOT_SHARD_COUNT; all of it with every shard."""
    assert Settings(rate_per_second=45.0, shards=shards).process_rate == pytest.approx(rate)


@pytest.mark.parametrize("split", [[(0,), (1,), (2,)], [(0, 2, 4), (1,), (3, 5, 6)], [(0,)]])
def test_processes_serving_each_shard_once_add_up_to_the_rate(split):
    """However the shards are split between processes, their paces sum to OSTBOT_RATE."""
    count = sum(len(ids) for ids in split)
    paces = [
        Settings(rate_per_second=45.0, shards=Shards(count, ids)).process_rate for ids in split
    ]
    assert sum(paces) == pytest.approx(45.0)


def test_the_pace_is_described_with_its_reason():
    """The start-up line names the share only when the process serves some of the shards."""
    assert Settings(rate_per_second=45.0).describe_pace() == "45 requests/s"
    assert Settings(rate_per_second=45.0, shards=Shards.all_of(2)).describe_pace() == (
        "45 requests/s"
    )
    assert Settings(rate_per_second=45.0, shards=Shards(4, (0, 1))).describe_pace() == (
        "22.5 requests/s (OSTBOT_RATE=45 * 2/4: this process serves shards 0, 1 of 4)"
    )


def test_the_environment_gives_the_share():
    """OSTBOT_RATE with OSTBOT_SHARD_COUNT and OSTBOT_SHARD_IDS: the share is computed from them."""
    environ = {"OSTBOT_RATE": "40", "OSTBOT_SHARD_COUNT": "8", "OSTBOT_SHARD_IDS": "0,1"}
    assert Settings.from_env(environ, env_file=None).process_rate == 10.0


async def test_the_bot_paces_at_the_share_and_logs_it(tmp_path, monkeypatch, caplog):
    """build_bot hands the pacer the process's share and says so at start-up."""
    rates: list[float] = []

    class Recorded(Pacer):
        def __init__(self, rate: float, gate: Gate | None = None) -> None:
            rates.append(rate)
            super().__init__(rate, gate)

    monkeypatch.setattr(bot.wiring, "Pacer", Recorded)
    settings = Settings(token="t", rate_per_second=45.0, shards=Shards(4, (2,)))
    caplog.set_level(logging.INFO, logger="bot.wiring")
    async with await open_store(tmp_path / "ostbot.sqlite3") as store:
        build_bot(settings, store, extensions=[])
    assert rates == [11.25]
    line = "REST pace: 11.25 requests/s (OSTBOT_RATE=45 * 1/4: this process serves shard 2 of 4)"
    assert line in caplog.messages
