"""Gateway sharding through the fake Discord: each OstBot process answers its shards' servers
only, a process with every shard answers all, and the start-up line names its own servers."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import discord

from bot.app import OstBot, ShardedOstBot
from bot.shards import Shards, shard_of
from tests.fake_discord import (
    FakeDiscord,
    Guild,
    InteractionResult,
    Member,
    identify_waits_on_fake_clock,
)

COUNT = 2


def servers_on_each_shard(fake: FakeDiscord) -> dict[int, Guild]:
    """Servers added until each of ``COUNT`` shards holds one (ids follow the clock, so a
    shard comes up within a few milliseconds); the first server of each shard, by shard."""
    found: dict[int, Guild] = {}
    while len(found) < COUNT:
        guild = fake.add_guild(f"Server {len(fake.world.guilds)}")
        guild.add_text_channel("general")
        guild.add_member(fake.add_user(f"fan-{guild.id}"))
        found.setdefault(shard_of(guild.id, COUNT), guild)
    return found


def member_of(guild: Guild) -> Member:
    return next(iter(guild.members.values()))


def answered(result: InteractionResult) -> bool:
    """``/ost about``'s reply came back (it names the bot)."""
    return result.content.startswith("**ostbot**")


@contextlib.asynccontextmanager
async def recording(
    start_ostbot: Callable[..., Any], tmp_path: Path, shards: Shards
) -> AsyncIterator[tuple[OstBot, list[int]]]:
    """An OstBot serving ``shards`` (its own store file) and the guild ids of the
    interactions it received."""
    seen: list[int] = []

    async def on_interaction(interaction: discord.Interaction) -> None:
        seen.append(interaction.guild_id or 0)

    def prepare(bot: OstBot) -> None:
        bot.add_listener(on_interaction, "on_interaction")

    name = "-".join(map(str, shards.ids))
    async with start_ostbot(
        shards=shards, db_path=tmp_path / f"shards-{name}.sqlite3", prepare=prepare
    ) as bot:
        yield bot, seen


async def test_each_process_answers_the_interactions_of_its_own_shard(
    fake_discord: FakeDiscord, start_ostbot, tmp_path
) -> None:
    """Two processes of one application (shard 0 and shard 1 of 2) on one Discord: an
    interaction in a server of shard 0 reaches and is answered by the first only, one in
    shard 1 by the second only; each caches only its own shard's servers."""
    servers = servers_on_each_shard(fake_discord)
    async with (
        recording(start_ostbot, tmp_path, Shards(COUNT, (0,))) as (zero, seen_by_zero),
        recording(start_ostbot, tmp_path, Shards(COUNT, (1,))) as (one, seen_by_one),
    ):
        assert type(zero) is OstBot, "one shard per process needs no AutoShardedBot"
        assert {shard_of(g.id, COUNT) for g in zero.guilds} == {0}
        assert {shard_of(g.id, COUNT) for g in one.guilds} == {1}
        for shard, guild in servers.items():
            result = await fake_discord.invoke("ost about", user=member_of(guild))
            assert answered(result), f"no answer in shard {shard}'s server"
        assert seen_by_zero == [servers[0].id]
        assert seen_by_one == [servers[1].id]
    identifies = [frame.d["shard"] for frame in fake_discord.gateway.frames(2)]
    assert sorted(identifies) == [[0, COUNT], [1, COUNT]]


async def test_a_process_with_every_shard_answers_every_server(
    fake_discord: FakeDiscord, start_ostbot, tmp_path
) -> None:
    """OSTBOT_SHARD_COUNT alone: one process opens every shard (discord.py's
    AutoShardedBot, one connection each) and answers the servers of all of them."""
    servers = servers_on_each_shard(fake_discord)
    # discord.py waits 5 s before each IDENTIFY after the first; the fake's clock jumps instead.
    with identify_waits_on_fake_clock(fake_discord):
        async with recording(start_ostbot, tmp_path, Shards.all_of(COUNT)) as (bot, seen):
            assert isinstance(bot, ShardedOstBot)
            assert sorted(bot.shards) == [0, 1]
            assert {g.id for g in bot.guilds} == set(fake_discord.world.guilds)
            for guild in servers.values():
                result = await fake_discord.invoke("ost about", user=member_of(guild))
                assert answered(result)
            assert seen == [guild.id for guild in servers.values()]
    identifies = [frame.d["shard"] for frame in fake_discord.gateway.frames(2)]
    assert sorted(identifies) == [[0, COUNT], [1, COUNT]]


async def test_without_shard_settings_one_connection_serves_every_server(
    fake_discord: FakeDiscord, start_ostbot
) -> None:
    """No OSTBOT_SHARD_COUNT: one connection that names no shard, as before sharding; Discord
    sends it every server, and nothing is said about shards."""
    servers = servers_on_each_shard(fake_discord)
    async with start_ostbot() as bot:
        assert type(bot) is OstBot
        assert bot.gateway_shards is None
        assert {g.id for g in bot.guilds} == set(fake_discord.world.guilds)
        for guild in servers.values():
            assert answered(await fake_discord.invoke("ost about", user=member_of(guild)))
        assert "shard" not in await bot.readiness()
    [identify] = fake_discord.gateway.frames(2)
    assert "shard" not in identify.d


async def test_the_start_up_line_names_only_this_processs_servers(
    fake_discord: FakeDiscord, start_ostbot, tmp_path
) -> None:
    """readiness() of the shard-1 process lists the servers of shard 1 not set up, and says
    which shard they are; the servers of shard 0 are not its to list."""
    servers = servers_on_each_shard(fake_discord)
    async with recording(start_ostbot, tmp_path, Shards(COUNT, (1,))) as (bot, _):
        line = await bot.readiness()
    mine = [g for g in fake_discord.world.guilds.values() if shard_of(g.id, COUNT) == 1]
    assert f"{len(mine)} server(s) on shard 1 of 2 not set up yet: " in line
    assert f"({servers[1].id})" in line
    assert str(servers[0].id) not in line
