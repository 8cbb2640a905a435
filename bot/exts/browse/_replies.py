"""Replies shared by commands and buttons: service results → discord.py embeds and views."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord

from bot.render import Button
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
    """One page of ``/ost upcoming`` and its Previous / Next buttons (when there is more)."""
    from bot.exts.browse._buttons import CUSTOM_ID_LIMIT, PageButton, page_custom_id

    shown = await upcoming_page(
        bot.store, now=bot.clock(), guild_id=guild_id, page=page, drama=drama, artist=artist
    )
    embed = discord.Embed.from_dict(shown.embed(drama=drama, artist=artist))
    number = shown.number
    wanted = [("Previous", number - 1, number > 0), ("Next", number + 1, shown.has_next)]
    if not any(enabled for *_, enabled in wanted):
        return embed, None
    too_long = len(page_custom_id(number + 1, user_id, drama or "", artist or "")) > CUSTOM_ID_LIMIT
    if too_long:
        # The filters travel in the button's custom_id (so paging survives restarts); Discord
        # caps it at 100 characters.
        embed.set_footer(text=f"{embed.footer.text} · filters too long to page; narrow them")
        return embed, None
    view = discord.ui.View(timeout=None)
    for label, target, enabled in wanted:
        button = PageButton(label, max(target, 0), user_id, drama or "", artist or "")
        button.item.disabled = not enabled
        view.add_item(button)
    return embed, view


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
