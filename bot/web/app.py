"""The aiohttp application: one place that puts the pages, feeds and API together, behind the
same security headers and error pages."""

from __future__ import annotations

from aiohttp import web

from bot.web import api, errors, feeds, headers, pages
from bot.web.context import WebContext
from bot.web.layout import Layout


def build_app(context: WebContext) -> web.Application:
    app = web.Application(middlewares=[errors.middleware(Layout(context))])
    headers.install(app)
    pages.add_routes(app, context)
    feeds.add_routes(app, context)
    api.add_routes(app, context)
    return app
