"""Subscribable calendars (issue 15): the public feed and each server's private one, their
links, the server's feed token, and what decides whether a feed changed.

Store-using, Discord-free and HTTP-free: ``bot.web.feeds`` serves these, ``/ost calendar`` and
``/ost-admin setup web`` show the links.

A feed is rendered by :func:`bot.services.calendar.export_calendar`, as ``/ost calendar``'s file
is (the same events, UIDs and SEQUENCE), for a *window* that starts at the current hour rather
than at this second: what a feed holds is then fixed by the store's :class:`StoreVersion`, the
filters and that hour, and those few values (read in a few index steps) are its validator, so a
calendar app polling an unchanged feed costs no rendering. A release stays in the feed until
the hour after it dropped, and a passed one leaves at the next hour.

A server's token is a secret shown once, when made: the store keeps only its sha256, so it
cannot be shown again, only replaced (which cuts off the old link).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from bot import __version__
from bot.domain import NotFound
from bot.render.calendar import DEFAULT_NAME
from bot.services.calendar import DISCORD_MAX_EVENTS, CalendarExport, export_calendar
from bot.store import Store, StoreVersion

# How often a subscribed calendar should be fetched again: also the step of the window.
FEED_REFRESH = timedelta(hours=1)
# The soonest 1,000, as /ost calendar sends: the same events either way.
FEED_MAX_EVENTS = DISCORD_MAX_EVENTS
FEED_PATH = "/calendar.ics"
SERVER_FEED_NAME = f"Followed in your server: {DEFAULT_NAME}"
# secrets.token_urlsafe(32): 32 random bytes, 43 URL-safe base64 characters.
TOKEN_BYTES = 32
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")


def feed_window(now: datetime) -> datetime:
    """The start of the hour ``now`` is in (UTC): where a feed made now starts."""
    return now.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class FeedState:
    """What a feed's content is made from: its validator (``tag``) and when it last changed
    (None when that is not known: a server's follows keep no time of change)."""

    tag: str  # a hex digest: equal tags, equal content
    last_modified: datetime | None


def feed_state(
    version: StoreVersion, window: datetime, *scope: object, dated: bool = True
) -> FeedState:
    """The state of the feed of ``scope`` (its kind and filters, a server's follows) at
    ``window`` over a store at ``version``; ``dated``: the store's times date all of it."""
    # ostbot's version too: a new ostbot may write the same events differently.
    parts = (__version__, version.change, version.dramas, window, *scope)
    tag = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    changed = version.changed_at
    if not dated:
        return FeedState(tag, None)
    return FeedState(tag, window if changed is None else max(window, changed))


async def public_feed(
    store: Store, *, window: datetime, drama: str | None, artist: str | None
) -> CalendarExport:
    """The coming curated releases, filtered like ``/ost calendar``, as a subscribed feed."""
    return await export_calendar(
        store,
        now=window,
        guild_id=None,
        drama=drama,
        artist=artist,
        limit=FEED_MAX_EVENTS,
        refresh=FEED_REFRESH,
    )


async def server_feed(store: Store, guild_id: int, *, window: datetime) -> CalendarExport:
    """What server ``guild_id`` follows, and its own releases, as its private feed."""
    return await export_calendar(
        store,
        now=window,
        guild_id=guild_id,
        followed=True,
        limit=FEED_MAX_EVENTS,
        name=SERVER_FEED_NAME,
        refresh=FEED_REFRESH,
    )


def token_digest(token: str) -> str:
    """What the store keeps of a token: the hex sha256 of its text."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class FeedToken:
    """A server's feed token: ``token`` is set only when it was made just now (it is never
    stored, so it cannot be shown later)."""

    made_at: datetime
    token: str | None


async def set_up_feed(store: Store, guild_id: int, *, rotate: bool, now: datetime) -> FeedToken:
    """Make the server's feed token if it has none (or a new one with ``rotate``, which cuts
    off the old link); else say when the current one was made."""
    made_at = await store.feed_tokens.made_at(guild_id)
    if made_at is not None and not rotate:
        return FeedToken(made_at, None)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    await store.feed_tokens.replace(guild_id, token_digest(token), now=now)
    return FeedToken(now, token)


async def guild_of_token(store: Store, token: str) -> int | None:
    """The server whose feed ``token`` opens, or None (for anything not shaped like a token
    too, without asking the store)."""
    if TOKEN_SHAPE.fullmatch(token) is None:
        return None
    return await store.feed_tokens.guild_of(token_digest(token))


def calendar_link(public_url: str, *, drama: str | None = None, artist: str | None = None) -> str:
    """The public feed's address under ``public_url``, with its filters."""
    filters = {name: value for name, value in (("drama", drama), ("artist", artist)) if value}
    return f"{public_url}{FEED_PATH}" + (f"?{urlencode(filters)}" if filters else "")


async def public_link(
    store: Store, public_url: str | None, *, drama: str | None, artist: str | None
) -> str | None:
    """The public feed's link with these filters, if the web is configured and the feed
    exists: None for a server's own drama (its releases are never in the public feed)."""
    if public_url is None:
        return None
    if drama:
        try:
            await store.releases.visible_drama(drama, guild_id=None)
        except NotFound:
            return None
    return calendar_link(public_url, drama=drama, artist=artist)


def server_feed_link(public_url: str, token: str) -> str:
    return f"{public_url}/s/{token}{FEED_PATH}"


def webcal(link: str) -> str:
    """The link as ``webcal://``: a click on it opens the reader's calendar app to subscribe."""
    return "webcal://" + link.split("://", 1)[1]
