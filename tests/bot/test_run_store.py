"""`ostbot run` and its store file, as real processes: one bot per store, and a store file
deleted or replaced under a running bot stops it with one line."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import zipfile

import pytest

from tests.bot.bot_process import log_line
from tests.bot.test_cli_process import REPO, SCHEDULES, ostbot
from tests.bot.test_run import PROCESS_TIMEOUT, bot_environment, finish, start_run

READY = r"release\(s\) scheduled"


def run_env(fake_discord, **variables: str) -> dict[str, str]:
    return bot_environment(
        fake_discord, DISCORD_TOKEN=fake_discord.token, OSTBOT_SCHEDULES="", **variables
    )


async def started(tmp_path, env) -> asyncio.subprocess.Process:
    """A running bot, past its start-up line (so its lock is held and its store open)."""
    process = await start_run(tmp_path, env)
    await log_line(process, READY, PROCESS_TIMEOUT)
    return process


async def test_a_second_bot_on_the_same_store_is_refused(tmp_path, fake_discord, fake_guild):
    """While one ostbot run holds the store, another exits 1 naming its pid, host and start."""
    env = run_env(fake_discord)
    first = await started(tmp_path, env)
    try:
        done = await finish(await start_run(tmp_path, env))
        assert done.code == 1
        assert len(done.stderr.splitlines()) == 1, done.stderr
        [line] = done.stderr.splitlines()
        pattern = (
            r"ostbot\.sqlite3: another ostbot run is using this store "
            rf"\(pid {first.pid} on {re.escape(socket.gethostname())} since "
            r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\); stop it first, or give this one its own "
            r"OSTBOT_DB"
        )
        assert re.fullmatch(pattern, line), line
    finally:
        first.send_signal(signal.SIGTERM)
        assert (await finish(first)).code == 0


async def test_after_kill_9_a_new_bot_starts(tmp_path, fake_discord, fake_guild):
    """SIGKILL leaves no stale lock: the kernel drops it with the process."""
    env = run_env(fake_discord)
    first = await started(tmp_path, env)
    first.kill()
    await finish(first)
    second = await started(tmp_path, env)
    second.send_signal(signal.SIGTERM)
    assert (await finish(second)).code == 0


async def test_other_commands_work_beside_a_running_bot(tmp_path, fake_discord, fake_guild):
    """import and upcoming use the store while the bot runs (WAL); they take no lock."""
    env = run_env(fake_discord)
    bot = await started(tmp_path, env)
    try:
        imported = await ostbot(tmp_path, "import", SCHEDULES, env=env)
        assert imported.code == 0, imported.stderr
        listed = await ostbot(tmp_path, "upcoming", "--all", env=env)
        assert listed.code == 0, listed.stderr
        assert "soundtrack-1/part-1" in listed.stdout
    finally:
        bot.send_signal(signal.SIGTERM)
        assert (await finish(bot)).code == 0


@pytest.mark.parametrize("fault", ["deleted", "replaced", "moved-away"])
async def test_a_store_deleted_or_replaced_stops_the_bot(tmp_path, fake_discord, fake_guild, fault):
    """The store file deleted, replaced by another, or renamed away: exit 1 with one last line."""
    env = run_env(fake_discord)
    store = tmp_path / "ostbot.sqlite3"
    bot = await started(tmp_path, env)
    if fault == "deleted":
        store.unlink()
    elif fault == "replaced":
        shutil.copyfile(store, tmp_path / "copy.sqlite3")
        os.replace(tmp_path / "copy.sqlite3", store)
    else:
        store.rename(tmp_path / "elsewhere.sqlite3")
    done = await finish(bot)
    assert done.code == 1
    expected = {
        "deleted": "was deleted or moved while ostbot ran; stopped (put it back, or start again",
        "moved-away": "was deleted or moved while ostbot ran; stopped (put it back, or start",
        "replaced": "was replaced while ostbot ran; stopped (start again to use the new file)",
    }[fault]
    assert done.stderr.splitlines()[-1].startswith(f"ostbot.sqlite3: the store file {expected}")
    assert "Traceback" not in done.stderr


async def test_first_run_imports_the_shipped_schedules_and_says_what_is_missing(
    tmp_path, fake_discord, fake_guild
):
    """OSTBOT_SCHEDULES unset: the shipped schedules are imported; once connected one line
    gives the release counts and names the servers not set up yet."""
    env = bot_environment(fake_discord, DISCORD_TOKEN=fake_discord.token)
    bot = await start_run(tmp_path, env)
    try:
        found = await log_line(bot, READY, PROCESS_TIMEOUT)
    finally:
        bot.send_signal(signal.SIGTERM)
    done = await finish(bot)
    assert done.code == 0
    line = found.string.rstrip("\n")
    assert line.endswith(
        f"bot.run: 4 release(s) scheduled, 2 upcoming; 1 server(s) not set up yet: "
        f"Fans ({fake_guild.id}) (use /ost-admin setup channel)"
    )
    listed = await ostbot(tmp_path, "upcoming", "--all", env=env)
    assert listed.stdout.count("soundtrack-1/") == 4


async def test_an_empty_schedules_setting_imports_nothing(tmp_path, fake_discord, fake_guild):
    """OSTBOT_SCHEDULES= (set, empty) turns the start-up import off."""
    bot = await started(tmp_path, run_env(fake_discord))
    bot.send_signal(signal.SIGTERM)
    assert (await finish(bot)).code == 0
    listed = await ostbot(tmp_path, "upcoming", "--all", env=run_env(fake_discord))
    assert listed.stdout.strip() == "no releases"


def test_a_built_wheel_ships_the_schedules(tmp_path):
    """A non-editable install gets schedules/ as package data (bot/shipped_schedules)."""
    built = subprocess.run(  # noqa: S603 - our own interpreter and checkout
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
        check=False,
        capture_output=True,
        text=True,
    )
    if built.returncode != 0:  # e.g. no setuptools>=69 reachable for the isolated build
        pytest.skip(f"cannot build a wheel here: {built.stderr.strip().splitlines()[-1:]}")
    [wheel] = tmp_path.glob("ostbot-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for schedule in (REPO / "schedules").glob("*.toml"):
        assert f"bot/shipped_schedules/{schedule.name}" in names
