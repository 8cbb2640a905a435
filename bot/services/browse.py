"""What everyone can look up: upcoming drops by page, one release, by what members type.

Store-using, Discord-free: these return data (a ``Page``, a release's details), which
``bot.render.browse`` makes embeds of for the browse extension's replies; tests call them
directly. Every read passes the caller's ``guild_id`` (None in DMs: curated releases only).
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from bot.domain import NotFound
from bot.i18n import N_
from bot.render.browse import Page
from bot.render.escape import truncate
from bot.store import Store
from bot.store.types import ReleaseDetails

PER_PAGE = 10


def parse_release_value(value: str) -> tuple[str, str]:
    """``drama/release`` (an autocomplete choice's value) → its two ids, or ``NotFound``."""
    drama_id, slash, release_id = value.strip().partition("/")
    if not slash or not drama_id or not release_id or "/" in release_id:
        raise NotFound(
            N_(
                '"%(value)s" is not a release. Pick one from the suggestions as you type, or '
                "write it as drama/release (e.g. goblin/part-1); /ost search finds them."
            ),
            value=truncate(value, 80),
        )
    return drama_id, release_id


async def find_release(store: Store, value: str, *, guild_id: int | None) -> ReleaseDetails:
    """The release a member named, if they may see it; ``NotFound`` with what to do otherwise."""
    drama_id, release_id = parse_release_value(value)
    try:
        return await store.releases.details(drama_id, release_id, guild_id=guild_id)
    except NotFound:
        raise NotFound(
            N_(
                'There is no release "%(value)s" here. Pick one from the suggestions as you '
                "type, or try /ost search."
            ),
            value=truncate(value, 80),
        ) from None


async def upcoming_page(
    store: Store,
    *,
    now: datetime,
    guild_id: int | None,
    page: int = 0,
    drama: str | None = None,
    artist: str | None = None,
    per_page: int = PER_PAGE,
) -> Page:
    """Page ``page`` of the upcoming releases (time order, TBA last). A page past the end
    shows the last one (the list shrinks as releases come out)."""
    page = max(page, 0)
    # The store has no offset; reading (page + 1) pages plus one row walks the time index only
    # that far, and the extra row says whether a next page exists.
    rows = await store.releases.upcoming(
        now=now,
        drama=drama or None,
        artist=artist or None,
        guild_id=guild_id,
        limit=(page + 1) * per_page + 1,
    )
    last_page = max((len(rows) - 1) // per_page, 0)
    page = min(page, last_page)
    shown = rows[page * per_page : (page + 1) * per_page]
    # Queued together: one hop to the database thread each would add up under load.
    ids = sorted({r.drama_id for r in shown})
    dramas = dict(zip(ids, await asyncio.gather(*map(store.releases.drama, ids)), strict=True))
    return Page(shown, dramas, page, has_next=len(rows) > (page + 1) * per_page)
