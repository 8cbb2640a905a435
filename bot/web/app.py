"""The aiohttp application: one place that puts the pages, feeds and API together."""

from __future__ import annotations

from aiohttp import web

from bot.web import api, feeds, pages
from bot.web.context import WebContext


def build_app(context: WebContext) -> web.Application:
    app = web.Application()
    pages.add_routes(app, context)
    feeds.add_routes(app, context)
    api.add_routes(app, context)
    return app
