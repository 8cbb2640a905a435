"""`ostbot run` as a real process against the fake Discord: exit codes, messages, signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.bot.schedules.bad_cases import good
from tests.fake_discord import FakeDiscord

IDENTIFY = 2
# Generous: interpreter start-up and imports on a loaded 2-core machine. Never slept, only
# the bound on waiting for the process or the fake.
PROCESS_TIMEOUT = 20.0


@dataclass
class Finished:
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def bot_environment(fake: FakeDiscord | None, **variables: str) -> dict[str, str]:
    """This process's environment without any ostbot/Discord settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "OSTBOT_"))}
    if fake is not None:
        env |= {"DISCORD_API_BASE": fake.api_base, "DISCORD_GATEWAY_URL": fake.gateway_url}
    return env | variables


async def start_run(cwd: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    # cwd is a fresh folder: no .env from the developer's checkout is read.
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(process: asyncio.subprocess.Process) -> Finished:
    stdout, stderr = await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT)
    assert process.returncode is not None
    return Finished(process.returncode, stdout.decode(), stderr.decode())


async def test_missing_token_is_one_line_and_exit_1(tmp_path):
    """Without DISCORD_TOKEN: exit 1, a single line saying where the token goes."""
    done = await finish(await start_run(tmp_path, bot_environment(None)))
    assert done.code == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "DISCORD_TOKEN is not set: put the bot's token in the environment or in .env "
        "(see .env.example)"
    ]


async def test_a_bad_setting_is_one_line_and_exit_1(tmp_path):
    """A malformed variable (here OSTBOT_RATE) stops the bot before it connects, in one line."""
    env = bot_environment(None, DISCORD_TOKEN="x", OSTBOT_RATE="fast")
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stderr.splitlines() == [
        "OSTBOT_RATE='fast': must be a number of requests per second, e.g. 45"
    ]


async def test_token_from_env_file(tmp_path, fake_discord):
    """DISCORD_TOKEN in ./.env is used when the environment has none (here: a wrong one)."""
    wrong = "MTk4NjIy.from-the-env-file.d0t3nv"
    (tmp_path / ".env").write_text(f"DISCORD_TOKEN={wrong}\n")
    done = await finish(await start_run(tmp_path, bot_environment(fake_discord)))
    assert done.code == 1
    assert "Discord rejected DISCORD_TOKEN" in done.stderr
    assert wrong not in done.output


async def test_unreachable_discord_is_one_line_and_exit_1(tmp_path, fake_discord):
    """Nothing listening at DISCORD_API_BASE: exit 1 with one line naming the address."""
    env = bot_environment(fake_discord, DISCORD_TOKEN=fake_discord.token)
    await fake_discord.stop()  # the port is now closed
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"ostbot run: cannot reach Discord at {env['DISCORD_API_BASE']}: ")


async def test_rejected_token_exits_1_without_printing_it(tmp_path, fake_discord):
    """A token Discord refuses: exit 1, one clear last line, no traceback, token never shown."""
    wrong = "MTk4NjIyNDgzNDcxOTI1MjQ4.Cl2FMQ.ZnCjm1XVW7vRze4b7Cq4se7kKWs"
    env = bot_environment(fake_discord, DISCORD_TOKEN=wrong, OSTBOT_LOG_LEVEL="DEBUG")
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stderr.splitlines()[-1] == (
        "ostbot run: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the token again "
        "from the developer portal's Bot page"
    )
    assert "Traceback" not in done.stderr
    assert wrong not in done.output
    assert len(done.stderr.splitlines()) > 1, "DEBUG shows start-up as it happens"
    assert fake_discord.responses_with(401), "the token reached the fake and was refused"


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
async def test_connects_then_stops_cleanly_on_a_signal(tmp_path, fake_discord, fake_guild, stop):
    """With a good token the bot identifies on the gateway; a stop signal ends it with exit 0.

    Run at DEBUG, the most talkative level, and the token still never appears in its output.
    """
    env = bot_environment(fake_discord, DISCORD_TOKEN=fake_discord.token, OSTBOT_LOG_LEVEL="DEBUG")
    process = await start_run(tmp_path, env)
    output = asyncio.create_task(finish(process))
    try:
        await fake_discord.wait_for_gateway_op(IDENTIFY, timeout=PROCESS_TIMEOUT)
    finally:
        if process.returncode is None:
            process.send_signal(stop)
    done = await output
    assert done.code == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "stop requested" in done.stderr
    assert fake_discord.token not in done.output
    assert (tmp_path / "ostbot.sqlite3").exists()  # the default store, in the working folder
    assert [c["name"] for c in fake_discord.commands.list(None)] == ["ost", "ost-admin"]


async def test_bad_schedule_file_fails_start_up_with_its_problems(tmp_path, fake_discord):
    """OSTBOT_SCHEDULES naming a broken file: its problem as file:line, one line, exit 1."""
    schedule = tmp_path / "broken.toml"
    schedule.write_text(good("d").replace("[[release]]", "[[release]]\nsinger = 1", 1))
    env = bot_environment(
        fake_discord, DISCORD_TOKEN=fake_discord.token, OSTBOT_SCHEDULES=str(schedule)
    )
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stderr.splitlines() == [
        f"OSTBOT_SCHEDULES: {schedule}:6: release[0].singer: unknown key"
    ]
    assert fake_discord.requests == [], "nothing reached Discord"


async def test_several_schedule_problems_are_listed_then_summed_up(tmp_path, fake_discord):
    """Two broken files: each problem on its own file:line line, then one summary line."""
    folder = tmp_path / "mine"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.toml").write_text(
            good(name).replace("[[release]]", "[[release]]\nsinger = 1", 1)
        )
    env = bot_environment(
        fake_discord, DISCORD_TOKEN=fake_discord.token, OSTBOT_SCHEDULES=str(folder)
    )
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stderr.splitlines() == [
        f"{folder}/a.toml:6: release[0].singer: unknown key",
        f"{folder}/b.toml:6: release[0].singer: unknown key",
        f"OSTBOT_SCHEDULES={folder}: 2 problem(s) in the schedule files; fix them and start again",
    ]
    assert fake_discord.requests == []
