"""``/ost upcoming``'s page and its components: the page builds its buttons, and a button
press builds the next page, so both live here.

``ostbot:up:<page>:<user>:<drama>:<artist>`` pages the list for the member who ran it (the
filters travel in the custom_id, so paging survives restarts). The "Remind me about…" select has
the fixed custom_id ``ostbot:remind-pick``: its options' values are the releases' keys (up to
100 characters each), so it needs no state of its own and works for anyone who sees the page.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Self

import discord

from bot.domain import Drama, Release
from bot.exts import Browsing
from bot.exts.browse._reminder_buttons import answer_remind
from bot.exts.browse._services import services_of
from bot.i18n import N_, SOURCE, Language
from bot.i18n.readers import reader
from bot.render.actions import remind_custom_id, remindable
from bot.render.announcement import drama_name
from bot.render.escape import clean, truncate
from bot.services.browse import upcoming_page
from bot.tree import answers_errors

CUSTOM_ID_LIMIT = 100
REMIND_PICK = "ostbot:remind-pick"
REMIND_PLACEHOLDER = N_("🔔 Remind me about…")
NOT_YOURS = N_("These buttons page someone else's list: run /ost upcoming yourself.")


async def upcoming_reply(
    services: Browsing,
    *,
    guild_id: int | None,
    user_id: int,
    page: int,
    drama: str | None,
    artist: str | None,
    tr: Language = SOURCE,
) -> tuple[discord.Embed, discord.ui.View | None]:
    """One page of ``/ost upcoming``, its Previous / Next buttons (when there is more) and a
    "Remind me about…" select of the page's releases that can still be reminded, in ``tr``."""
    now = services.clock()
    shown = await upcoming_page(
        services.store, now=now, guild_id=guild_id, page=page, drama=drama, artist=artist
    )
    embed = discord.Embed.from_dict(shown.embed(drama=drama, artist=artist, tr=tr))
    view = discord.ui.View(timeout=None)
    number = shown.number
    wanted = [
        (tr.gettext("Previous"), number - 1, number > 0),
        (tr.gettext("Next"), number + 1, shown.has_next),
    ]
    too_long = len(page_custom_id(number + 1, user_id, drama or "", artist or "")) > CUSTOM_ID_LIMIT
    if any(enabled for *_, enabled in wanted) and too_long:
        # Discord caps a custom_id at 100 characters.
        narrow = tr.gettext("filters too long to page; narrow them")
        embed.set_footer(text=f"{embed.footer.text} · {narrow}")
    elif any(enabled for *_, enabled in wanted):
        for label, target, enabled in wanted:
            button = PageButton(label, max(target, 0), user_id, drama or "", artist or "")
            button.item.disabled = not enabled
            view.add_item(button)
    options = remind_options(shown.releases, shown.dramas, now=now)
    if options:
        view.add_item(RemindSelect(options, tr.gettext(REMIND_PLACEHOLDER)))
    return embed, view if view.children else None


def remind_options(
    releases: list[Release], dramas: dict[str, Drama], *, now: datetime
) -> list[discord.SelectOption]:
    """One option per remindable release (value: its key, which Discord caps at 100)."""
    return [
        discord.SelectOption(
            label=truncate(clean(f"{r.title or r.key} — {drama_name(dramas[r.drama_id])}"), 100),
            value=r.key,
            description=truncate(clean(", ".join(r.artists)), 100).strip() or None,
        )
        for r in releases
        if remindable(r, now) and remind_custom_id(r.key) is not None
    ][:25]


def page_custom_id(page: int, user: int, drama: str, artist: str) -> str:
    return f"ostbot:up:{page}:{user}:{drama}:{artist}"


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"ostbot:up:(?P<page>\d+):(?P<user>\d+):(?P<drama>[^:]*):(?P<artist>.*)",
):
    def __init__(self, label: str, page: int, user: int, drama: str, artist: str) -> None:
        self.page, self.user, self.drama, self.artist = page, user, drama, artist
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=page_custom_id(page, user, drama, artist),
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(
            item.label if isinstance(item, discord.ui.Button) and item.label else "Page",
            int(match["page"]),
            int(match["user"]),
            match["drama"],
            match["artist"],
        )

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        tr = reader(interaction)
        if interaction.user.id != self.user:
            await interaction.response.send_message(tr.gettext(NOT_YOURS), ephemeral=True)
            return
        embed, view = await upcoming_reply(
            services_of(interaction),
            guild_id=interaction.guild_id,
            user_id=self.user,
            page=self.page,
            drama=self.drama or None,
            artist=self.artist or None,
            tr=tr,
        )
        await interaction.response.edit_message(embed=embed, view=view)


class RemindSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.escape(REMIND_PICK),
):
    """Remind me about…: the remindable releases of one ``/ost upcoming`` page."""

    def __init__(
        self, options: list[discord.SelectOption] | None = None, placeholder: str = ""
    ) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=REMIND_PICK,
                placeholder=placeholder or REMIND_PLACEHOLDER,
                options=options or [discord.SelectOption(label="-")],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls()

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        # discord.py has filled the select's values from the interaction by now.
        values = self.item.values or [""]
        await answer_remind(services_of(interaction), interaction, values[0])
