"""Routes for the web server's api (issue 15); filled in by its own change."""

from __future__ import annotations

from aiohttp import web

from bot.web.context import WebContext


def add_routes(app: web.Application, context: WebContext) -> None:
    del app, context
