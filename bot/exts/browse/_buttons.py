"""Buttons that outlive the process: their state is in the custom_id (``DynamicItem``).

``ostbot:up:<page>:<user>:<drama>:<artist>`` pages ``/ost upcoming`` for the member who ran
it; ``ostbot:unremind:<drama>/<release>`` cancels the presser's own reminder;
``ostbot:remind:<drama>/<release>`` (on server reminder posts and ``/ost info``) sets one for
the presser. ``/ost upcoming``'s "Remind me about…" select has the fixed custom_id
``ostbot:remind-pick``: its options' values are the releases' keys (up to 100 characters
each), so the select needs no state of its own and works for anyone who sees the page.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.exts.browse._replies import upcoming_reply
from bot.render.actions import REMIND_LABEL, REMIND_PREFIX
from bot.render.browse import when_line
from bot.services.browse_reminders import UNREMIND_PREFIX, Reminder, remind, unremind
from bot.tree import answers_errors

if TYPE_CHECKING:
    from bot.app import OstBot

CUSTOM_ID_LIMIT = 100
REMIND_PICK = "ostbot:remind-pick"
NOT_YOURS = "These buttons page someone else's list: run /ost upcoming yourself."


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
        if interaction.user.id != self.user:
            await interaction.response.send_message(NOT_YOURS, ephemeral=True)
            return
        bot: OstBot = interaction.client  # type: ignore[assignment]
        embed, view = await upcoming_reply(
            bot,
            guild_id=interaction.guild_id,
            user_id=self.user,
            page=self.page,
            drama=self.drama or None,
            artist=self.artist or None,
        )
        await interaction.response.edit_message(embed=embed, view=view)


def page_custom_id(page: int, user: int, drama: str, artist: str) -> str:
    return f"ostbot:up:{page}:{user}:{drama}:{artist}"


class UnremindButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.escape(UNREMIND_PREFIX) + r"(?P<key>.+)",
):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            discord.ui.Button(
                label="Cancel reminder",
                style=discord.ButtonStyle.danger,
                custom_id=f"{UNREMIND_PREFIX}{key}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["key"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        bot: OstBot = interaction.client  # type: ignore[assignment]
        key = await unremind(bot.store, interaction.user.id, self.key)
        await interaction.response.edit_message(content=f"Reminder for {key} cancelled.", view=None)


class RemindButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.escape(REMIND_PREFIX) + r"(?P<key>.+)",
):
    """🔔 Remind me: a DM for whoever presses it when the release comes out."""

    def __init__(self, key: str, label: str = REMIND_LABEL) -> None:
        self.key = key
        super().__init__(
            discord.ui.Button(
                label=label,
                style=discord.ButtonStyle.secondary,
                custom_id=f"{REMIND_PREFIX}{key}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["key"])

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        await answer_remind(interaction, self.key)


class RemindSelect(
    discord.ui.DynamicItem[discord.ui.Select[Any]],
    template=re.escape(REMIND_PICK),
):
    """Remind me about…: the remindable releases of one ``/ost upcoming`` page."""

    def __init__(self, options: list[discord.SelectOption] | None = None) -> None:
        super().__init__(
            discord.ui.Select(
                custom_id=REMIND_PICK,
                placeholder="🔔 Remind me about…",
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
        await answer_remind(interaction, values[0])


async def answer_remind(interaction: discord.Interaction, key: str) -> None:
    """Set the presser's reminder and say so privately, with a Cancel button."""
    bot: OstBot = interaction.client  # type: ignore[assignment]
    made = await remind(
        bot.store, interaction.user.id, key, now=bot.clock(), guild_id=interaction.guild_id
    )
    content, view = reminder_set_reply(made)
    await interaction.response.send_message(content, view=view, ephemeral=True)


def reminder_set_reply(made: Reminder) -> tuple[str, discord.ui.View]:
    """What a member reads once their reminder is set, and its Cancel reminder button."""
    key = made.release.key
    when = (
        f"at {when_line(made.release)}"
        if made.release.at
        else "when it comes out (its date is not announced yet; you will get it then)"
    )
    view = discord.ui.View(timeout=None)
    view.add_item(UnremindButton(key))
    content = (
        f"🔔 I will DM you about **{made.drama_title}** `{key}` {when}. "
        "Keep DMs from server members open."
    )
    return content, view
