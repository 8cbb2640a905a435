"""The JSON API (issue 15), described by ``openapi.json`` (served at ``/api/v1/openapi.json``):

* ``/api/v1/releases``: curated releases from ``from`` (default now) in time order, TBA last
  unless ``to`` ends the window; filters ``drama``, ``artist``, ``status``; pages of ``limit``
  (1 to 200), the next one at ``next_cursor``.
* ``/api/v1/dramas/{id}``: a curated drama with all its releases.

A release is ``Release.as_dict()``, the shape ``ostbot upcoming --json`` prints. Only curated
releases are here: a server's own are never public. Errors are ``{"error": "..."}`` with 400
(a parameter, saying which and why) or 404.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from aiohttp import web

from bot.domain import NotFound, Release
from bot.store import ListingPosition
from bot.web import query
from bot.web.context import WebContext

PREFIX = "/api/v1"
# Listings change when a schedule is imported: a minute of caching costs readers little.
CACHE = "public, max-age=60"
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def openapi_document() -> bytes:
    """The API's OpenAPI 3.1 description, as shipped in the package."""
    return (resources.files("bot.web") / "openapi.json").read_bytes()


def add_routes(app: web.Application, context: WebContext) -> None:
    api = _Api(context)
    app.router.add_get(f"{PREFIX}/releases", api.releases)
    app.router.add_get(f"{PREFIX}/dramas/{{drama_id}}", api.drama)
    app.router.add_get(f"{PREFIX}/openapi.json", api.openapi)


class _Api:
    def __init__(self, context: WebContext) -> None:
        self._context = context
        self._document = openapi_document()

    async def releases(self, request: web.Request) -> web.Response:
        try:
            drama = query.drama_id(request.query)
            artist = query.artist_name(request.query)
            status = query.status(request.query)
            start = query.instant(request.query, "from")
            end = query.instant(request.query, "to")
            limit = query.page_size(request.query)
            after = query.cursor(request.query)
        except query.BadQuery as error:
            return error_answer(400, str(error))
        found = await self._context.store.releases.upcoming(
            now=start or self._context.clock(),
            until=end,
            drama=drama,
            artist=artist,
            status=status,
            after=after,
            limit=limit + 1,  # one more says whether there is a next page
        )
        page = found[:limit]
        more = len(found) > limit
        next_cursor = query.encode_cursor(ListingPosition.of(page[-1])) if more else None
        return answer({"releases": _documents(page), "next_cursor": next_cursor})

    async def drama(self, request: web.Request) -> web.Response:
        drama_id = request.match_info["drama_id"]
        releases = self._context.store.releases
        try:  # a server's own drama is as absent as one that never was
            drama = await releases.visible_drama(drama_id, guild_id=None)
        except NotFound as error:
            return error_answer(404, str(error))
        found = await releases.upcoming(
            now=self._context.clock(), drama=drama.id, include_past=True
        )
        return answer({"drama": drama.as_dict(), "releases": _documents(found)})

    async def openapi(self, request: web.Request) -> web.Response:
        del request
        return web.Response(
            body=self._document,
            content_type="application/json",
            charset="utf-8",
            headers={"Cache-Control": CACHE},
        )


def _documents(releases: list[Release]) -> list[dict[str, Any]]:
    return [release.as_dict() for release in releases]


def answer(document: dict[str, Any], status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=_ENCODER.encode(document),
        content_type="application/json",
        headers={"Cache-Control": CACHE} if status == 200 else None,
    )


def error_answer(status: int, message: str) -> web.Response:
    return answer({"error": message}, status)
