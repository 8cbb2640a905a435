"""``ostbot run`` with OSTBOT_WEB_LISTEN: the bot process serves the web pages too, over its
own store, and stops them with itself."""

from __future__ import annotations

import asyncio
import signal

import aiohttp

from tests.bot.bot_process import log_line
from tests.bot.schedules.bad_cases import good
from tests.bot.test_run import PROCESS_TIMEOUT, bot_environment, finish, start_run


async def test_the_bot_serves_the_pages_when_asked(tmp_path, fake_discord, fake_guild):
    """OSTBOT_WEB_LISTEN set: once the bot is up, its pages answer from the imported schedule;
    SIGTERM stops both, exit 0."""
    schedules = tmp_path / "schedules"
    schedules.mkdir()
    (schedules / "show.toml").write_text(good())
    env = bot_environment(
        fake_discord,
        DISCORD_TOKEN=fake_discord.token,
        OSTBOT_SCHEDULES=str(schedules),
        OSTBOT_WEB_LISTEN="127.0.0.1:0",
    )
    process = await start_run(tmp_path, env)
    try:
        found = await log_line(process, r"web pages at (http://\S+?)/ ", PROCESS_TIMEOUT)
        async with aiohttp.ClientSession() as session, session.get(f"{found.group(1)}/") as page:
            body = await page.text()
            assert page.status == 200
            assert page.headers["Content-Security-Policy"].startswith("default-src 'none'")
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
    done = await finish(process)
    assert done.code == 0, done.stderr
    assert "/dramas/" in body


async def test_a_port_in_use_stops_the_start_up_with_one_line(tmp_path, fake_discord):
    """The web port taken: ostbot run says so in one line and exits 1."""
    server = await asyncio.start_server(lambda r, w: None, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        env = bot_environment(
            fake_discord,
            DISCORD_TOKEN=fake_discord.token,
            OSTBOT_SCHEDULES="",
            OSTBOT_WEB_LISTEN=f"127.0.0.1:{port}",
        )
        done = await finish(await start_run(tmp_path, env))
    finally:
        server.close()
        await server.wait_closed()
    assert done.code == 1
    [line] = done.stderr.strip().splitlines()
    assert line.startswith(f"cannot listen on 127.0.0.1:{port}: ")
