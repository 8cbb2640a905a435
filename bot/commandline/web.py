"""``ostbot web``: the read-only web server over the store, until SIGINT or SIGTERM.

The store is opened read-only (never created, never migrated: the bot or ``ostbot import``
does that); it may be written by a running bot at the same time, and the pages show what it
wrote. What a user can get wrong (the listen address, a port in use, a missing store) is one
line on stderr and exit status 1, through ``bot.cli.main``'s ``OstbotError`` net.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from datetime import UTC, datetime

from bot.domain.errors import OstbotError
from bot.settings import web_public_url
from bot.store import StoreTarget, check_for_reading, masked, open_store
from bot.web.context import WebContext
from bot.web.listen import Listen, parse_listen
from bot.web.server import WebServer

# As ``ostbot run`` (not imported from it: that would load discord.py for nothing).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def web(args: argparse.Namespace) -> int:
    # A page that fails logs its traceback (bot.web.errors); warnings and errors only.
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        listen = parse_listen(args.listen)
    except ValueError as error:
        raise OstbotError(f"--listen {args.listen!r}: {error}") from None
    target = check_for_reading(args.db)
    try:
        asyncio.run(_serve(target, listen, web_public_url()))
    except KeyboardInterrupt:  # Ctrl-C before the signal handlers are in place
        return 130
    return 0


def _clock() -> datetime:
    return datetime.now(UTC)


async def _serve(target: StoreTarget, listen: Listen, public: str | None) -> None:
    async with await open_store(target, readonly=True) as store:
        server = WebServer(WebContext(store=store, clock=_clock, public_url=public), listen)
        await server.start()
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, stop.set)
        where = f"{server.url}/" + (f" (public address {public}/)" if public else "")
        print(f"ostbot web: serving {masked(str(target))} at {where}", file=sys.stderr, flush=True)
        try:
            await stop.wait()
        finally:
            for sig in STOP_SIGNALS:
                loop.remove_signal_handler(sig)
            await server.stop()
