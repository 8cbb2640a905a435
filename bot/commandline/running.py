"""``ostbot run``: the Discord bot, until SIGINT or SIGTERM.

This is where everything is opened: settings from the environment and ``.env``, the store,
then the bot with its services (built in one place, ``bot.wiring.build_bot``). Everything a
user can get wrong is checked before anything talks to Discord, in this order: the settings,
the store path, the store lock (one ``ostbot run`` per SQLite file; several share a
PostgreSQL store), the store itself, the schedule files (parsed and imported).

Exit status: 0 after a requested stop; 1 when start-up fails (one line on stderr at the default
log level: the log is held back until the bot is ready, see ``run_logging``) or when the store
file is deleted or replaced while the bot runs (stopping is the honest answer: the new file is
a different truth whose jobs must be planned from scratch, which a restart does exactly).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path

from bot.app import OstBot
from bot.commandline.run_logging import RunLog
from bot.commandline.startup_errors import explain
from bot.commandline.store_lock import store_lock
from bot.discord_endpoints import use_endpoints
from bot.domain.errors import ScheduleError
from bot.schedules import SourceFile, read_files
from bot.settings import Settings
from bot.store import Store, StoreGone, check_for_writing, open_store
from bot.wiring import build_bot

log = logging.getLogger("bot.run")

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
# How often the store file's identity is checked (one os.stat); writes check it too.
STORE_CHECK_SECONDS = 1.0


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()  # OstbotError → one line, exit 1 (bot.cli.main)
    token = settings.require_token()
    store_path = check_for_writing(settings.db_path)
    use_endpoints(settings.api_base, settings.gateway_url)
    logs = RunLog(settings.log_level)
    log.info("starting with %r", settings)  # Settings' repr masks the token
    try:
        with store_lock(store_path):
            asyncio.run(serve(settings, token, store_path, logs.release))
    except KeyboardInterrupt:
        # Ctrl-C before the stop-signal handlers are installed (e.g. during a long import).
        logs.drop()
        _say("ostbot run: interrupted during start-up")
        return 130
    except ScheduleError as error:
        logs.drop()
        if len(error.problems) == 1:
            _say(f"OSTBOT_SCHEDULES: {error}")
        else:  # one line per problem (as ostbot import), then what to do
            _say(
                f"{error}\nOSTBOT_SCHEDULES={settings.schedules}: {len(error.problems)} "
                "problem(s) in the schedule files; fix them and start again"
            )
        return 1
    except Exception as error:
        line = explain(error, settings)
        if line is None:
            # A bug: the log so far and the traceback are what a report needs.
            logs.release()
            log.exception("ostbot run stopped by an unexpected error")
            line = f"ostbot run: stopped by an unexpected error: {type(error).__name__}"
        else:
            logs.drop()
        _say(line)
        return 1
    logs.release()  # stopped on request, perhaps before it was ready: keep what it logged
    return 0


def _say(text: str) -> None:
    # One write, so a log record from another thread cannot split the line from its newline.
    sys.stderr.write(f"{text}\n")
    sys.stderr.flush()


async def serve(
    settings: Settings, token: str, store_path: str | Path, on_ready: Callable[[], None]
) -> None:
    """Run the bot until a stop signal, then close it and the store (in that order)."""
    # A missing or unreadable schedule path is found before the store is created.
    files = read_files([settings.schedules]) if settings.schedules is not None else []
    async with await open_store(store_path, lean=True) as store:
        if settings.schedules is not None:
            await _import_schedules(store, settings.schedules, files)
        bot = build_bot(settings, store)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        try:
            async with bot, _web_pages(settings, store):  # both closed on the way out
                await _run_until(bot, token, stop, store, on_ready)
        finally:
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)


@asynccontextmanager
async def _web_pages(settings: Settings, store: Store) -> AsyncIterator[None]:
    """The web pages beside the bot when ``OSTBOT_WEB_LISTEN`` is set (``ostbot web`` alone
    otherwise): the same store, read only by them. A port in use stops the start-up."""
    if settings.web_listen is None:
        yield
        return
    from bot.web.context import WebContext
    from bot.web.server import WebServer

    context = WebContext(
        store=store, clock=lambda: datetime.now(UTC), public_url=settings.public_url
    )
    server = WebServer(context, settings.web_listen)
    await server.start()
    log.info("web pages at %s/ (public address: %s)", server.url, settings.public_url or "unset")
    try:
        yield
    finally:
        await server.stop()


async def _import_schedules(store: Store, path: Path, files: list[SourceFile]) -> None:
    """Import the schedules before connecting; a bad file raises ``ScheduleError``."""
    from bot.commandline.schedule_files import describe_import, import_into

    report, same = await import_into(store, files, now=datetime.now(UTC))
    if not report.dramas:
        log.info("schedules in %s unchanged since their last import", path)
        return
    for line in describe_import(report, same).splitlines():
        if not line.startswith("  "):  # the per-drama counts; details are for `ostbot import`
            log.info("imported %s", line)


async def _run_until(
    bot: OstBot, token: str, stop: asyncio.Event, store: Store, on_ready: Callable[[], None]
) -> None:
    """Run the bot until it ends by itself (an error, re-raised), ``stop`` is set, or the store
    file is found deleted or replaced (``StoreGone``, re-raised).

    A stop closes the connection at once: the announcer keeps its state in the store, and the
    sends it leaves pending are resumed at the next start.
    """
    running = asyncio.create_task(bot.start(token), name="ostbot")
    stopping = asyncio.create_task(stop.wait(), name="ostbot stop signal")
    watching = asyncio.create_task(_watch(bot, store, on_ready), name="ostbot store watch")
    try:
        await asyncio.wait({running, stopping, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
        # _watch ends only by raising StoreGone; anything else it is cancelled here.
        gone = watching.exception() if watching.done() and not watching.cancelled() else None
        watching.cancel()
    if not running.done():
        if gone is None:
            log.info("stop requested; closing the Discord connection")
        await bot.close()
    if gone is not None:
        running.cancel()
        raise gone
    await running  # start() returns once the client is closed, or raises what stopped it


async def _watch(bot: OstBot, store: Store, on_ready: Callable[[], None]) -> None:
    """Release the held log once the bot is ready; check the store file every second, before
    and after. Returns only by raising ``StoreGone``."""
    ready = asyncio.create_task(bot.ready.wait())
    released = False
    try:
        while True:
            if released:  # waiting on the done task would return at once: a busy loop
                await asyncio.sleep(STORE_CHECK_SECONDS)
            else:
                await asyncio.wait({ready}, timeout=STORE_CHECK_SECONDS)
            if ready.done() and not released:
                on_ready()
                released = True
                log.info("%s", await bot.readiness())
            try:
                store.check_identity()
            except StoreGone:
                log.error("the store file changed under the bot; stopping")
                raise
    finally:
        ready.cancel()
