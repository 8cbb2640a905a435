"""Conditional GET (RFC 9110, section 13): ``ETag`` and ``Last-Modified`` on a response, and a
``304 Not Modified`` with no body when the client's copy is still the current one.

Calendar apps poll their subscriptions (hourly, or as often as they like); answering an
unchanged feed with 304 before anything is rendered is what makes that polling cost nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

from aiohttp import web


def entity_tag(tag: str) -> str:
    """A strong entity tag: equal tags promise byte-for-byte equal bodies."""
    return f'"{tag}"'


def still_current(request: web.Request, etag: str, last_modified: datetime | None) -> bool:
    """Whether the client's copy (``If-None-Match``, else ``If-Modified-Since``) is current.

    ``If-None-Match`` wins when both are sent, and compares weakly (a ``W/`` prefix is ignored),
    as the RFC says a GET's does. ``If-Modified-Since`` has one-second resolution, and is not
    answered for a resource with no ``last_modified``.
    """
    wanted = request.headers.get("If-None-Match")
    if wanted is not None:
        tags = [tag.strip().removeprefix("W/") for tag in wanted.split(",")]
        return "*" in tags or etag in tags
    since = request.if_modified_since  # None when absent or not an HTTP date
    if since is None or last_modified is None:
        return False
    return last_modified.replace(microsecond=0) <= since


def validators(etag: str, last_modified: datetime | None, cache_control: str) -> dict[str, str]:
    """The headers a full answer and a 304 share."""
    headers = {"ETag": etag, "Cache-Control": cache_control}
    if last_modified is not None:
        # format_datetime, not strftime: an HTTP date's day and month names are English
        # whatever the process's locale.
        headers["Last-Modified"] = format_datetime(last_modified.astimezone(UTC), usegmt=True)
    return headers


def not_modified(headers: dict[str, str]) -> web.Response:
    return web.Response(status=304, headers=headers)
