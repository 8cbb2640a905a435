"""🔔 Remind me and Cancel reminder: buttons that outlive the process (``DynamicItem``).

``ostbot:remind:<drama>/<release>`` (on server reminder posts and ``/ost info``) sets a reminder
for whoever presses it; ``ostbot:unremind:<drama>/<release>`` cancels the presser's own.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

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


class _ReleaseButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"(?!)"):
    """A button whose custom_id is a prefix and a release key (``goblin/part-2``).

    discord.py takes a DynamicItem's template when the class is made, so this shared base,
    never registered, gets one that matches nothing; each button's own comes from its prefix.
    """

    prefix: ClassVar[str]
    style: ClassVar[discord.ButtonStyle]
    label: ClassVar[str]  # English; a post passes its reader's

    def __init_subclass__(cls, *, prefix: str, style: discord.ButtonStyle, label: str) -> None:
        super().__init_subclass__(template=re.escape(prefix) + r"(?P<key>.+)")
        cls.prefix, cls.style, cls.label = prefix, style, label

    def __init__(self, key: str, label: str | None = None) -> None:
        self.key = key
        super().__init__(
            discord.ui.Button(
                label=self.label if label is None else label,
                style=self.style,
                custom_id=f"{self.prefix}{key}",
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> Self:
        return cls(match["key"])


class UnremindButton(
    _ReleaseButton, prefix=UNREMIND_PREFIX, style=discord.ButtonStyle.danger, label=CANCEL_LABEL
):
    """Cancel reminder: cancels the presser's own reminder of the release."""

    @answers_errors
    async def callback(self, interaction: discord.Interaction) -> None:
        store = services_of(interaction).store
        key = await unremind(store, interaction.user.id, self.key)
        text = reader(interaction).gettext("Reminder for %(release)s cancelled.")
        await interaction.response.edit_message(content=text % {"release": key}, view=None)


class RemindButton(
    _ReleaseButton, prefix=REMIND_PREFIX, style=discord.ButtonStyle.secondary, label=REMIND_LABEL
):
    """🔔 Remind me: a DM for whoever presses it when the release comes out."""

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
