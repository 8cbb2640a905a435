"""``ostbot run`` as a subprocess against the fake Discord: for crash tests and benchmarks.

The bot is pointed at the fake only through its documented settings (DISCORD_API_BASE,
DISCORD_GATEWAY_URL, DISCORD_TOKEN), so nothing is patched from outside the process. Tests
synchronise on the bot's own log lines (``log_line``), never on time.
"""

from __future__ import annotations

import asyncio
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.fake_discord import FakeDiscord


async def start_bot_process(
    fake: FakeDiscord,
    db: Path | str,
    rate: float,
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> asyncio.subprocess.Process:
    """Start ``ostbot run`` on ``db`` (a SQLite file, run in its folder, or a PostgreSQL URL,
    run in ``cwd``) at ``rate`` requests/s, with ``env`` added to its environment (e.g. its
    shards); its log goes to ``stderr``."""
    env = {
        **os.environ,
        "DISCORD_TOKEN": fake.token,
        "OSTBOT_DB": str(db),
        "DISCORD_API_BASE": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "OSTBOT_RATE": str(rate),
        # Benchmarks pace faster than Discord's 50/s against the fake, on purpose.
        "OSTBOT_RATE_OVERRIDE": "1",
        # Set but empty: no start-up import (unset would import the shipped schedules).
        "OSTBOT_SCHEDULES": "",
        **(env or {}),
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        env=env,
        cwd=cwd if cwd is not None else Path(db).parent,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def log_line(
    process: asyncio.subprocess.Process, pattern: str, within: float
) -> re.Match[str]:
    """Read the bot's log until a line matches ``pattern``; fails if the bot exits first."""
    assert process.stderr is not None
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    seen: list[str] = []
    while True:
        raw = await asyncio.wait_for(process.stderr.readline(), deadline - loop.time())
        if not raw:
            raise AssertionError(f"bot exited before logging /{pattern}/:\n{''.join(seen)}")
        text = raw.decode()
        seen.append(text)
        found = re.search(pattern, text)
        if found:
            return found
