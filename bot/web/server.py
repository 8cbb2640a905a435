"""Serving the web application on a socket: starting it and stopping it. ``ostbot web`` runs
it alone; ``ostbot run`` runs it beside the bot when ``OSTBOT_WEB_LISTEN`` is set."""

from __future__ import annotations

from aiohttp import web

from bot.domain.errors import OstbotError
from bot.web.app import build_app
from bot.web.context import WebContext
from bot.web.feed_access_log import TokenSafeAccessLogger
from bot.web.listen import Listen


class WebServer:
    """The application on a socket: ``await start()``, later ``await stop()``."""

    def __init__(self, context: WebContext, listen: Listen) -> None:
        self.listen = listen
        # The access log says nothing at the WARNING level the commands log at, but whoever
        # turns aiohttp.access up must not find servers' feed tokens in it.
        self._runner = web.AppRunner(build_app(context), access_log_class=TokenSafeAccessLogger)

    async def start(self) -> None:
        """Listen, or ``OstbotError`` (address in use, not an address of this machine)."""
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.listen.host, self.listen.port)
        try:
            await site.start()
        except OSError as error:
            await self._runner.cleanup()
            raise OstbotError(
                f"cannot listen on {self.listen.host}:{self.listen.port}: {error.strerror or error}"
            ) from None

    @property
    def url(self) -> str:
        """Where it listens once started, with the port it got (``listen`` may say port 0)."""
        host, port = self._runner.addresses[0][:2]
        return Listen(host, port).url()

    async def stop(self) -> None:
        await self._runner.cleanup()
