"""Buttons that outlive the process: their state is in the custom_id (``DynamicItem``).

``ostbot:up:<page>:<user>:<drama>:<artist>`` pages ``/ost upcoming`` for the member who ran
it; ``ostbot:unremind:<drama>/<release>`` cancels the presser's own reminder.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Self

import discord

from bot.domain import OstbotError
from bot.exts.browse._replies import upcoming_reply
from bot.services.browse_reminders import UNREMIND_PREFIX, unremind

if TYPE_CHECKING:
    from bot.app import OstBot

CUSTOM_ID_LIMIT = 100
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

    async def callback(self, interaction: discord.Interaction) -> None:
        bot: OstBot = interaction.client  # type: ignore[assignment]
        try:
            key = await unremind(bot.store, interaction.user.id, self.key)
        except OstbotError as error:
            # Buttons are not app commands: the tree's handler never sees their errors.
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        await interaction.response.edit_message(content=f"Reminder for {key} cancelled.", view=None)
