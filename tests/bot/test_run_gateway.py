"""`ostbot run` and Discord's gateway: a close for good is one clear line and exit 1, per code;
more servers than one connection may carry asks for OSTBOT_SHARD_COUNT, which then works."""

from __future__ import annotations

import asyncio
import signal

import pytest

from bot.commandline.gateway_refusals import _WHAT_TO_DO
from bot.shards import MAX_GUILDS_PER_SHARD, shard_of
from tests.bot.bot_process import log_line
from tests.bot.test_run import IDENTIFY, PROCESS_TIMEOUT, bot_environment, finish, start_run
from tests.fake_discord import FakeDiscord


@pytest.mark.parametrize("code", [4004, 4010, 4011, 4012, 4013, 4014])
async def test_a_final_gateway_close_is_one_line_and_exit_1(tmp_path, fake_discord, code):
    """Discord closes the IDENTIFY with a code not to reconnect after: the process ends with
    exit 1, its last stderr line names the code and what to do, no traceback, no retry."""
    fake: FakeDiscord = fake_discord
    fake.gateway.refuse_identify = code
    env = bot_environment(fake, DISCORD_TOKEN=fake.token)
    done = await finish(await start_run(tmp_path, env))
    description, advice = _WHAT_TO_DO[code]
    line = f"ostbot run: Discord's gateway closed the connection ({code} {description}): {advice}"
    assert done.code == 1
    assert done.stderr.splitlines()[-1] == line
    assert done.stderr.count("ostbot run:") == 1
    assert "Traceback" not in done.stderr
    assert fake.token not in done.output
    assert len(fake.gateway.frames(2)) == 1, "it must not identify again"


def crowd(fake: FakeDiscord, servers: int) -> None:
    """``servers`` servers the bot is in (no channels: the gateway only counts them)."""
    owner = fake.add_user("owner")
    for number in range(servers):
        fake.add_guild(f"Server {number}", owner=owner)


async def test_more_servers_than_one_connection_may_carry_asks_for_shards(tmp_path, fake_discord):
    """In 2,501 servers without OSTBOT_SHARD_COUNT, Discord refuses the one unsharded
    connection (4011): exit 1, one line that says to set OSTBOT_SHARD_COUNT."""
    fake: FakeDiscord = fake_discord
    crowd(fake, MAX_GUILDS_PER_SHARD + 1)
    env = bot_environment(fake, DISCORD_TOKEN=fake.token, OSTBOT_SCHEDULES="")
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("ostbot run: Discord's gateway closed the connection (4011 Sharding")
    assert "set OSTBOT_SHARD_COUNT" in line
    [identify] = fake.gateway.frames(IDENTIFY)
    assert "shard" not in identify.d
    assert [close.code for close in fake.gateway.closes] == [4011]


async def test_a_sharded_process_serves_its_shard_and_says_which(tmp_path, fake_discord):
    """The same 2,501 servers with OSTBOT_SHARD_COUNT=2 and OSTBOT_SHARD_IDS=1: the process
    identifies as shard 1 of 2, is accepted, and its start-up line counts that shard's
    servers only, naming the shard; a stop signal ends it with exit 0."""
    fake: FakeDiscord = fake_discord
    crowd(fake, MAX_GUILDS_PER_SHARD + 1)
    on_one = sum(1 for guild in fake.world.guilds if shard_of(guild, 2) == 1)
    assert 0 < on_one <= MAX_GUILDS_PER_SHARD, "ids follow the clock; both shards get some"
    env = bot_environment(
        fake,
        DISCORD_TOKEN=fake.token,
        OSTBOT_SCHEDULES="",
        OSTBOT_SHARD_COUNT="2",
        OSTBOT_SHARD_IDS="1",
    )
    process = await start_run(tmp_path, env)
    try:
        await log_line(process, r"connected as .* on shard 1 of 2", PROCESS_TIMEOUT)
        line = await log_line(process, r"release\(s\) scheduled", PROCESS_TIMEOUT)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    assert f"{on_one} server(s) on shard 1 of 2 not set up yet" in line.string
    assert await asyncio.wait_for(process.wait(), PROCESS_TIMEOUT) == 0
    assert [frame.d["shard"] for frame in fake.gateway.frames(IDENTIFY)] == [[1, 2]]
    assert fake.gateway.closed_with(4011) == []
