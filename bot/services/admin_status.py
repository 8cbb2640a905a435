"""``/ost-admin status``: one server's settings, what it will announce next, and what went wrong.

``server_status`` reads them (this server's rows only) into a ``ServerStatus``, which
``bot.render.status.status_embed`` shows.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Drama, NotFound
from bot.i18n import SOURCE, Language
from bot.render.status import ServerStatus
from bot.services.admin import follow_lines
from bot.store import DeliveryState, Store

UPCOMING_SHOWN = 5
PROBLEMS_SHOWN = 5


async def server_status(
    store: Store,
    guild_id: int,
    *,
    now: datetime,
    blocked_until: datetime | None = None,
    tr: Language = SOURCE,
) -> ServerStatus | None:
    """This server's status, or None when it has never been set up.

    ``blocked_until``: Discord is blocking the bot's requests until about then (the announcer
    knows; the status says so, with how many of this server's posts wait for it).
    """
    settings = await store.servers.get(guild_id)
    if settings is None:
        return None
    upcoming = await store.releases.followed_upcoming(guild_id, now=now, limit=UPCOMING_SHOWN)
    # A busy server gathers many rows over the years: read the few shown, count the rest.
    troubled: list[DeliveryState] = ["missed", "failed"]
    shown = await store.ledger.for_guild(guild_id, states=troubled, limit=PROBLEMS_SHOWN)
    count = await store.ledger.count_for_guild(guild_id, states=troubled) if shown else 0
    dramas: dict[str, Drama] = {}
    for drama_id in {r.drama_id for r in upcoming} | {d.drama_id for d in shown}:
        try:
            dramas[drama_id] = await store.releases.drama(drama_id)
        except NotFound:
            continue  # a delivery may outlive its drama's schedule; it is shown by id
    return ServerStatus(
        settings=settings,
        follows=await follow_lines(store, guild_id, tr),
        upcoming=upcoming,
        problems=shown,
        problem_count=count,
        dramas=dramas,
        blocked_until=blocked_until,
        waiting=await store.ledger.pending_messages(guild_id) if blocked_until else 0,
        now=now,
    )
