"""Shards: Discord's formula, what discord.py is given, and how a process names its shards."""

from __future__ import annotations

import pytest

from bot.app import OstBot
from bot.shards import MAX_SHARD_COUNT, Shards, shard_of


def test_a_server_belongs_to_the_shard_of_its_ids_timestamp() -> None:
    """Discord's formula: (guild_id >> 22) % count; the low 22 bits never matter."""
    assert shard_of(5 << 22, 4) == 1
    assert shard_of((5 << 22) | 0x3FFFFF, 4) == 1
    assert shard_of(175928847299117063, 1) == 0
    shards = Shards(4, (1, 3))
    assert [shards.serves(n << 22) for n in range(4)] == [False, True, False, True]


@pytest.mark.parametrize(
    ("shards", "options"),
    [
        (Shards(2, (1,)), {"shard_count": 2, "shard_id": 1}),
        (Shards(4, (3, 0)), {"shard_count": 4, "shard_ids": [0, 3]}),
        (Shards.all_of(3), {"shard_count": 3, "shard_ids": [0, 1, 2]}),
    ],
)
def test_discord_py_gets_one_shard_id_or_a_list(shards: Shards, options: dict[str, object]) -> None:
    """One shard: a plain Client's shard_id; several: AutoShardedClient's shard_ids."""
    assert shards.client_options() == options
    assert shards.several == ("shard_ids" in options)


@pytest.mark.parametrize(
    ("shards", "text"),
    [
        (Shards(2, (1,)), "shard 1 of 2"),
        (Shards(8, (0, 1)), "shards 0, 1 of 8"),
        (Shards(8, (6, 0, 1, 2, 3)), "shards 0-3, 6 of 8"),
        (Shards.all_of(64), "shards 0-63 of 64"),
    ],
)
def test_a_process_names_its_shards_in_runs(shards: Shards, text: str) -> None:
    """Hundreds of shards read as runs of numbers, not a wall of them."""
    assert shards.describe() == text


@pytest.mark.parametrize(
    ("count", "ids"),
    [(0, (0,)), (MAX_SHARD_COUNT + 1, (0,)), (2, ()), (2, (2,)), (2, (-1,)), (3, (1, 1))],
)
def test_shards_that_cannot_exist_are_refused_when_built(count: int, ids: tuple[int, ...]) -> None:
    """Code that builds Shards directly cannot hand discord.py a state Discord would refuse."""
    with pytest.raises(ValueError, match="shard"):
        Shards(count, ids)


def test_a_plain_ostbot_refuses_several_shards() -> None:
    """A plain Client would serve one of them and drop the rest without a word."""
    with pytest.raises(TypeError, match="shards 0, 1 of 2 need ShardedOstBot"):
        OstBot(lambda client: pytest.fail("no services for a refused bot"), shards=Shards.all_of(2))
