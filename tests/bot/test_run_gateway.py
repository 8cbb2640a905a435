"""`ostbot run` when Discord's gateway closes for good: one clear line and exit 1, per code."""

from __future__ import annotations

import pytest

from bot.commandline.gateway_refusals import _WHAT_TO_DO
from tests.bot.test_run import bot_environment, finish, start_run
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
