"""The pages people read: ``/`` (the coming releases, a page at a time, with filters), a page
per drama and a page per release. Curated releases only: a server's own releases are never on
the web (the store's ``guild_id=None`` view).

Handlers read the store and hand plain values (``bot.web.views``) to the templates; every
failure a reader can cause is a 400 or 404 page (``bot.web.errors``), never a 500.
"""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from bot.domain import NotFound
from bot.web import paging, views
from bot.web.context import WebContext
from bot.web.errors import PageError
from bot.web.layout import Layout
from bot.web.query import BadQuery, Filters, parse_filters

STATIC = Path(__file__).resolve().parent / "static"
# A drama's parts are few (a dozen or two); the bound keeps a pathological one cheap.
DRAMA_RELEASES = 500
MAX_ID = 200
# What no stored id holds and some engines refuse as text (PostgreSQL: NUL, lone surrogates).
_UNFIT_ID = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
PAGE_CACHE = "public, max-age=30"


def add_routes(app: web.Application, context: WebContext) -> None:
    pages = Pages(context, Layout(context))
    app.router.add_get("/", pages.index, name="index")
    app.router.add_get("/dramas/{drama}", pages.drama, name="drama")
    app.router.add_get("/dramas/{drama}/{release}", pages.release, name="release")
    app.router.add_get("/static/{name}", static_file, name="static")


# The shipped files by name, read once: nothing else under /static is ever served, so there is
# no folder to list and no path to walk out of.
STATIC_FILES = {
    path.name: path for path in STATIC.iterdir() if path.suffix in (".js", ".css", ".svg")
}
STATIC_CACHE = "public, max-age=3600"


async def static_file(request: web.Request) -> web.FileResponse:
    path = STATIC_FILES.get(request.match_info["name"])
    if path is None:
        raise PageError(404, "There is no such file.")
    # FileResponse answers If-None-Match / If-Modified-Since with a 304 by itself.
    return web.FileResponse(path, headers={"Cache-Control": STATIC_CACHE})


class Pages:
    def __init__(self, context: WebContext, layout: Layout) -> None:
        self._context = context
        self._layout = layout

    async def index(self, request: web.Request) -> web.Response:
        try:
            filters = parse_filters(request.query)
        except BadQuery as error:
            raise PageError(400, str(error)) from None
        now = self._context.clock()
        start, skip = now, 0
        if filters.start is not None and filters.start >= now:  # an old "more" link: start over
            start, skip = filters.start, filters.skip
        listed = await self._context.store.releases.upcoming(
            now=start,
            drama=filters.drama,
            artist=filters.artist,
            limit=paging.fetch_limit(skip),
        )
        page = paging.page_of(listed, start, skip)
        dramas = await self._context.store.releases.curated_dramas(
            [release.drama_id for release in page.releases]
        )
        more = None
        if page.next_start is not None:
            more = "/" + filters.query(start=page.next_start, skip=page.next_skip)
        return self._page(
            request,
            "index.html",
            calendar_query=filters.query(),
            filters=filters,
            releases=self._layout.rows(views.release_views(page.releases, dramas)),
            first_page=(start, skip) == (now, 0),
            more=more,
        )

    async def drama(self, request: web.Request) -> web.Response:
        drama_id = _id(request, "drama")
        found = await self._context.store.releases.curated_dramas([drama_id])
        if drama_id not in found:
            raise PageError(404, "There is no such drama in the schedule.")
        drama = found[drama_id]
        releases = await self._context.store.releases.upcoming(
            now=self._context.clock(), drama=drama_id, include_past=True, limit=DRAMA_RELEASES
        )
        return self._page(
            request,
            "drama.html",
            calendar_query=Filters(drama=drama_id).query(),
            drama=views.drama_facts(drama),
            releases=self._layout.rows(views.release_views(releases, found), with_drama=False),
            cut=len(releases) == DRAMA_RELEASES,
        )

    async def release(self, request: web.Request) -> web.Response:
        drama_id, release_id = _id(request, "drama"), _id(request, "release")
        try:
            details = await self._context.store.releases.details(drama_id, release_id)
        except NotFound:
            raise PageError(404, "There is no such release in the schedule.") from None
        return self._page(
            request,
            "release.html",
            calendar_query=Filters(drama=drama_id).query(),
            release=views.release_view(details.release, details.drama),
            facts=views.release_facts(details.release),
            history=views.history(details.history),
        )

    def _page(
        self, request: web.Request, template: str, *, calendar_query: str, **values: object
    ) -> web.Response:
        body = self._layout.render(request, template, calendar_query=calendar_query, **values)
        response = web.Response(text=body, content_type="text/html", charset="utf-8")
        response.headers["Cache-Control"] = PAGE_CACHE
        return response


def _id(request: web.Request, name: str) -> str:
    """A drama or release id from the path; one no store could hold is simply not found."""
    value = request.match_info[name]
    if len(value) > MAX_ID or _UNFIT_ID.search(value):
        raise PageError(404, "There is no such page in the schedule.")
    return value
