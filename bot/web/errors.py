"""Error pages: a 400, 404 or 405 as a page that says what went wrong, and a bug as a plain
500 page (its traceback goes to the log, never to the reader).

A middleware, so the router's own "no such route" gets the same page as a handler's
``PageError``. Answers under ``/api/`` are left as their routes make them (JSON there, not
HTML), and so are the HTTP errors other routes raise themselves.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.web.layout import Layout

log = logging.getLogger("bot.web")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

HEADINGS = {
    400: "That request cannot be answered",
    404: "Not found",
    405: "Not allowed",
    500: "Something went wrong",
}
_DEFAULT_MESSAGES = {
    404: "There is no page at this address.",
    405: "This address only answers GET requests.",
    500: "The page could not be made. The problem was logged; please try again later.",
}


class PageError(Exception):
    """A 400 or 404 a page handler raises with a message for the reader."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def middleware(layout: Layout) -> Middleware:
    @web.middleware
    async def error_pages(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith("/api/"):
            return await handler(request)
        try:
            return await handler(request)
        except PageError as error:
            return _page(layout, request, error.status, error.message)
        except web.HTTPException as error:
            # The router's own "no such route" / "not that method" get a page; an answer a
            # route raised itself (a 304, a feed's 404) is the route's to make.
            if error.status_code not in _DEFAULT_MESSAGES or not _unrouted(request):
                raise
            return _page(layout, request, error.status_code, _DEFAULT_MESSAGES[error.status_code])
        except Exception:
            log.exception("the page %s failed", request.path)
            return _page(layout, request, 500, _DEFAULT_MESSAGES[500])

    return error_pages


def _unrouted(request: web.Request) -> bool:
    return request.match_info.http_exception is not None


def _page(layout: Layout, request: web.Request, status: int, message: str) -> web.Response:
    body = layout.render(
        request, "error.html", heading=HEADINGS.get(status, "Error"), message=message
    )
    response = web.Response(text=body, status=status, content_type="text/html", charset="utf-8")
    if status == 405:
        response.headers["Allow"] = "GET, HEAD"
    return response
