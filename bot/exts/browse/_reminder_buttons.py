"""🔔 Remind me and Cancel reminder: buttons that outlive the process (``DynamicItem``).

``ostbot:remind:<drama>/<release>`` (on server reminder posts and ``/ost info``) sets a reminder
for whoever presses it; ``ostbot:unremind:<drama>/<release>`` cancels the presser's own.
"""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.exts import StoreAndClock
from bot.exts.browse._services import services_of
from bot.i18n import N_, SOURCE, Language
from bot.i18n.readers import reader
from bot.render.actions import REMIND_LABEL, REMIND_PREFIX
from bot.render.browse import when_line
from bot.services.browse_reminders import UNREMIND_PREFIX, Reminder, remind, unremind
from bot.tree import answers_errors

CANCEL_LABEL = N_("Cancel reminder")


class UnremindButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=re.escape(UNREMIND_PREFIX) + r"(?P<key>.+)",
):
    def __init__(self, key: str, label: str = CANCEL_LABEL) -> None:
        self.key = key
        super().__init__(
            discord.ui.Button(
                label=label,
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
        store = services_of(interaction).store
        key = await unremind(store, interaction.user.id, self.key)
        text = reader(interaction).gettext("Reminder for %(release)s cancelled.")
        await interaction.response.edit_message(content=text % {"release": key}, view=None)


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
        await answer_remind(services_of(interaction), interaction, key=self.key)


async def answer_remind(
    services: StoreAndClock, interaction: discord.Interaction, key: str
) -> None:
    """Set the member's reminder and say so privately, with a Cancel button (``/ost remind``,
    🔔 Remind me, and the "Remind me about…" select)."""
    made = await remind(
        services.store,
        interaction.user.id,
        key,
        now=services.clock(),
        guild_id=interaction.guild_id,
        locale=interaction.locale.value,
    )
    content, view = reminder_set_reply(made, reader(interaction))
    await interaction.response.send_message(content, view=view, ephemeral=True)


def reminder_set_reply(made: Reminder, tr: Language = SOURCE) -> tuple[str, discord.ui.View]:
    """What a member reads once their reminder is set, and its Cancel reminder button."""
    key = made.release.key
    values = {"drama": f"**{made.drama_title}**", "release": f"`{key}`"}
    if made.release.at:
        values["when"] = when_line(made.release, tr)
        content = tr.gettext(
            "🔔 I will DM you about %(drama)s %(release)s at %(when)s. "
            "Keep DMs from server members open."
        )
    else:
        content = tr.gettext(
            "🔔 I will DM you about %(drama)s %(release)s when it comes out (its date is not "
            "announced yet; you will get it then). Keep DMs from server members open."
        )
    view = discord.ui.View(timeout=None)
    view.add_item(UnremindButton(key, tr.gettext(CANCEL_LABEL)))
    return content % values, view
