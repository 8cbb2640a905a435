"""An access log that never writes a server's feed token: ``/s/<token>/calendar.ics`` is logged
as ``/s/…/calendar.ics``. The token is a secret (anyone with it reads that server's releases),
and aiohttp's own access log writes every path as it came.

``bot.web.server.WebServer`` runs every request through it.
"""

from __future__ import annotations

import re

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

_TOKEN = re.compile(r"^/s/[^/?]*")


def redacted(path: str) -> str:
    """The path (with its query) with a feed token hidden."""
    return _TOKEN.sub("/s/…", path)


class TokenSafeAccessLogger(AbstractAccessLogger):
    """One line a request: client, method, path (token hidden), status, milliseconds."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        self.logger.info(
            "%s %s %s %d %.1fms",
            request.remote,
            request.method,
            redacted(request.path_qs),
            response.status,
            time * 1000,
        )
