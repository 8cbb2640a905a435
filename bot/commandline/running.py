"""``ostbot run``: the Discord bot, until SIGINT or SIGTERM.

This is the one place that builds everything: settings from the environment and ``.env``, the
store, the scheduler, then the bot with all three. Exit status: 0 after a requested stop, 1 when
the settings, the token or the schedule files are rejected (one line on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys

import aiohttp
import discord

from bot.app import OstBot, make_scheduler
from bot.commandline.gateway_refusals import gateway_refusal
from bot.discord_endpoints import use_endpoints
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger("bot.run")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
LOG_FORMAT = logging.Formatter("{asctime} {levelname:<8} {name}: {message}", style="{")


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()  # OstbotError → one line, exit 1 (bot.cli.main)
    token = settings.require_token()
    use_endpoints(settings.api_base, settings.gateway_url)
    # discord.py's handler, for its loggers and ours (it never logs the token); plain text, as
    # its coloured default turns on in containers whose logs go to files, not terminals.
    level = logging.getLevelName(settings.log_level)
    discord.utils.setup_logging(level=level, formatter=LOG_FORMAT, root=True)
    # aiosqlite logs every SQL operation at DEBUG, from its own thread: noise that would bury
    # the lines a DEBUG run is for, and could land after the last line ostbot prints.
    logging.getLogger("aiosqlite").setLevel(max(level, logging.INFO))
    log.info("starting with %r", settings)  # Settings' repr masks the token
    try:
        asyncio.run(serve(settings, token))
    except discord.LoginFailure:
        _say(
            "ostbot run: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the token "
            "again from the developer portal's Bot page"
        )
        return 1
    except (discord.ConnectionClosed, discord.PrivilegedIntentsRequired) as error:
        _say(gateway_refusal(error))  # 4004, 4010-4014: Discord says not to reconnect
        return 1
    except aiohttp.ClientConnectionError as error:
        where = settings.api_base or "discord.com"
        _say(f"ostbot run: cannot reach Discord at {where}: {error}")
        return 1
    return 0


def _say(line: str) -> None:
    # One write, so a log record from another thread cannot split the line from its newline.
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()


async def serve(settings: Settings, token: str) -> None:
    """Run the bot until a stop signal, then close it and the store (in that order)."""
    async with await Store.open(settings.db_path, lean=True) as store:
        bot = OstBot(settings, store, make_scheduler())
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        try:
            async with bot:  # closes the bot on the way out, whatever happened
                await _run_until(bot, token, stop)
        finally:
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)


async def _run_until(bot: OstBot, token: str, stop: asyncio.Event) -> None:
    """Run the bot until it ends by itself (an error, re-raised) or ``stop`` is set.

    A stop closes the connection at once: the announcer keeps its state in the store, and the
    sends it leaves pending are resumed at the next start.
    """
    running = asyncio.create_task(bot.start(token), name="ostbot")
    stopping = asyncio.create_task(stop.wait(), name="ostbot stop signal")
    try:
        await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not running.done():
        log.info("stop requested; closing the Discord connection")
        await bot.close()
    await running  # start() returns once the client is closed, or raises what stopped it
