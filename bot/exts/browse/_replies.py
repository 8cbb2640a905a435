"""Replies shared by commands and buttons: service results → discord.py embeds and views."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

import discord

from bot.domain import Drama, Release
from bot.render import Button, link_buttons
from bot.render.actions import remind_custom_id, remindable
from bot.render.escape import clean, truncate
from bot.render.limits import BUTTONS_PER_ROW, ROWS_PER_MESSAGE
from bot.services.browse import upcoming_page

if TYPE_CHECKING:
    from bot.app import OstBot


async def upcoming_reply(
    bot: OstBot,
    *,
    guild_id: int | None,
    user_id: int,
    page: int,
    drama: str | None,
    artist: str | None,
) -> tuple[discord.Embed, discord.ui.View | None]:
    """One page of ``/ost upcoming``, its Previous / Next buttons (when there is more) and a
    "Remind me about…" select of the page's releases that can still be reminded."""
    from bot.exts.browse._buttons import CUSTOM_ID_LIMIT, PageButton, RemindSelect, page_custom_id

    now = bot.clock()
    shown = await upcoming_page(
        bot.store, now=now, guild_id=guild_id, page=page, drama=drama, artist=artist
    )
    embed = discord.Embed.from_dict(shown.embed(drama=drama, artist=artist))
    view = discord.ui.View(timeout=None)
    number = shown.number
    wanted = [("Previous", number - 1, number > 0), ("Next", number + 1, shown.has_next)]
    too_long = len(page_custom_id(number + 1, user_id, drama or "", artist or "")) > CUSTOM_ID_LIMIT
    if any(enabled for *_, enabled in wanted) and too_long:
        # The filters travel in the button's custom_id (so paging survives restarts); Discord
        # caps it at 100 characters.
        embed.set_footer(text=f"{embed.footer.text} · filters too long to page; narrow them")
    elif any(enabled for *_, enabled in wanted):
        for label, target, enabled in wanted:
            button = PageButton(label, max(target, 0), user_id, drama or "", artist or "")
            button.item.disabled = not enabled
            view.add_item(button)
    options = remind_options(shown.releases, shown.dramas, now=now)
    if options:
        view.add_item(RemindSelect(options))
    return embed, view if view.children else None


def remind_options(
    releases: list[Release], dramas: dict[str, Drama], *, now: datetime
) -> list[discord.SelectOption]:
    """One option per remindable release (value: its key, which Discord caps at 100)."""
    return [
        discord.SelectOption(
            label=truncate(clean(f"{r.title or r.key} — {dramas[r.drama_id].title}"), 100),
            value=r.key,
            description=truncate(clean(", ".join(r.artists)), 100).strip() or None,
        )
        for r in releases
        if remindable(r, now) and remind_custom_id(r.key) is not None
    ][:25]


def info_view(release: Release, *, now: datetime) -> discord.ui.View | None:
    """``/ost info``'s link buttons, then 🔔 Remind me on a row of its own when the release is
    upcoming or TBA (not out, not cancelled)."""
    from bot.exts.browse._buttons import RemindButton

    can_remind = remindable(release, now) and remind_custom_id(release.key) is not None
    room = BUTTONS_PER_ROW * (ROWS_PER_MESSAGE - (1 if can_remind else 0))
    links = link_buttons(release)[:room]
    view = link_view(links) or discord.ui.View(timeout=None)
    if can_remind:
        remind = RemindButton(release.key)
        remind.row = -(-len(links) // BUTTONS_PER_ROW)  # the row after the links
        view.add_item(remind)
    return view if view.children else None


def link_view(buttons: tuple[Button, ...]) -> discord.ui.View | None:
    """Link buttons (music video, streaming) as a view; none → no view."""
    if not buttons:
        return None
    view = discord.ui.View(timeout=None)
    for button in buttons[:25]:
        view.add_item(discord.ui.Button(label=button.label, url=button.url))
    return view


def embed_of(payload: dict[str, Any]) -> discord.Embed:
    return discord.Embed.from_dict(payload)
