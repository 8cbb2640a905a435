"""Subscribable calendars (issue 15): ``/calendar.ics``, the coming curated releases (filters
``drama`` and ``artist``), and ``/s/<token>/calendar.ics``, a server's private feed (what it
follows, and its own releases).

Both are ``/ost calendar``'s calendar (``bot.services.web_feeds``): the same events, UIDs and
SEQUENCE. Every answer carries a strong ``ETag`` made from the store's version, the filters
(a server's follows) and the hour, and the public feed a ``Last-Modified``, so a poll of an
unchanged feed is a 304 before anything is rendered. Bad parameters are a 400 and an unknown
drama or token a 404, in plain text.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.domain import NotFound
from bot.services.calendar import CalendarExport
from bot.services.web_feeds import (
    FeedState,
    feed_state,
    feed_window,
    guild_of_token,
    public_feed,
    server_feed,
)
from bot.web import query
from bot.web.context import WebContext
from bot.web.revalidation import entity_tag, not_modified, still_current, validators

# Shared caches may keep the public feed a few minutes; a server's feed is its own (private).
PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, max-age=300"
NO_FEED = (
    "No calendar feed here: the link is mistyped, or the server made a new link "
    "(/ost-admin setup web rotate:True) and this one stopped working."
)
# Rendered feeds kept by their tag: many readers of one feed cost one rendering an hour.
CACHED_FEEDS = 64
CACHED_BYTES = 2 * 1024 * 1024  # a bigger feed is rendered each time rather than kept


def add_routes(app: web.Application, context: WebContext) -> None:
    feeds = _Feeds(context)
    app.router.add_get("/calendar.ics", feeds.public)
    app.router.add_get("/s/{token}/calendar.ics", feeds.server)


class _Feeds:
    def __init__(self, context: WebContext) -> None:
        self._context = context
        self._rendered: OrderedDict[str, bytes] = OrderedDict()

    async def public(self, request: web.Request) -> web.StreamResponse:
        try:
            drama = query.drama_id(request.query)
            artist = query.artist_name(request.query, plain=True)
        except query.BadQuery as error:
            return refused(400, str(error))
        store = self._context.store
        if drama is not None:
            try:  # a server's own drama is as absent as one that never was
                await store.releases.visible_drama(drama, guild_id=None)
            except NotFound as error:
                return refused(404, str(error))
        window = feed_window(self._context.clock())
        state = feed_state(await store.releases.version(), window, "public", drama, artist)
        return await self._answer(
            request,
            state,
            PUBLIC_CACHE,
            lambda: public_feed(store, window=window, drama=drama, artist=artist),
        )

    async def server(self, request: web.Request) -> web.StreamResponse:
        store = self._context.store
        guild_id = await guild_of_token(store, request.match_info["token"])
        if guild_id is None:
            return refused(404, NO_FEED)
        window = feed_window(self._context.clock())
        # Its follows decide what it holds, and following records no release change (nor any
        # time: an unfollow leaves no row), so this feed has an ETag and no Last-Modified.
        follows = tuple(await store.servers.follows(guild_id))
        version = await store.releases.version()
        state = feed_state(version, window, "server", guild_id, follows, dated=False)
        return await self._answer(
            request,
            state,
            PRIVATE_CACHE,
            lambda: server_feed(store, guild_id, window=window),
        )

    async def _answer(
        self,
        request: web.Request,
        state: FeedState,
        cache_control: str,
        render: Callable[[], Awaitable[CalendarExport]],
    ) -> web.StreamResponse:
        etag = entity_tag(state.tag)
        headers = validators(etag, state.last_modified, cache_control)
        if still_current(request, etag, state.last_modified):
            return not_modified(headers)
        body = self._rendered.get(state.tag)
        if body is None:
            body = (await render()).ics
            self._keep(state.tag, body)
        else:
            self._rendered.move_to_end(state.tag)
        return web.Response(
            body=body, content_type="text/calendar", charset="utf-8", headers=headers
        )

    def _keep(self, tag: str, body: bytes) -> None:
        if len(body) > CACHED_BYTES:
            return
        self._rendered[tag] = body
        while len(self._rendered) > CACHED_FEEDS:
            self._rendered.popitem(last=False)


def refused(status: int, message: str) -> web.Response:
    """A plain-text refusal (400, 404) saying what was wrong."""
    return web.Response(status=status, text=message + "\n", content_type="text/plain")
