"""``/ost info``'s view and the small helpers its reply shares: service results → discord.py
embeds and views."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

from bot.domain import Release
from bot.exts.browse._reminder_buttons import RemindButton
from bot.i18n import SOURCE, Language
from bot.render import Button, link_buttons
from bot.render.actions import REMIND_LABEL, remind_custom_id, remindable
from bot.render.limits import BUTTONS_PER_ROW, ROWS_PER_MESSAGE


def info_view(release: Release, *, now: datetime, tr: Language = SOURCE) -> discord.ui.View | None:
    """``/ost info``'s link buttons, then 🔔 Remind me on a row of its own when the release is
    upcoming or TBA (not out, not cancelled)."""
    can_remind = remindable(release, now) and remind_custom_id(release.key) is not None
    room = BUTTONS_PER_ROW * (ROWS_PER_MESSAGE - (1 if can_remind else 0))
    links = link_buttons(release, tr)[:room]
    view = link_view(links) or discord.ui.View(timeout=None)
    if can_remind:
        remind = RemindButton(release.key, tr.gettext(REMIND_LABEL))
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
