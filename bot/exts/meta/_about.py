"""The ``/ost about`` command: version, source and the size of the schedule, ephemerally."""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

import discord
from discord import app_commands

import bot as package
from bot.exts import SlashCommand
from bot.i18n.readers import reader

if TYPE_CHECKING:
    from bot.exts import StoreAndClock


def about_command(services: StoreAndClock) -> SlashCommand:
    @app_commands.command(name="about", description="What ostbot is and how much it knows")
    async def about(interaction: discord.Interaction) -> None:
        upcoming = await services.store.releases.upcoming_documents(now=services.clock())
        tr = reader(interaction)
        lines = [
            tr.gettext(
                "**ostbot** %(version)s: announces K-drama OST releases from curated schedules."
            )
            % {"version": package.__version__},
            tr.gettext("%(count)s upcoming release(s) in the schedule.") % {"count": len(upcoming)},
        ]
        source = source_url()
        if source:
            lines.append(tr.gettext("Source: %(url)s") % {"url": f"<{source}>"})
        await interaction.response.send_message("\n".join(lines), ephemeral=True)

    return about


def source_url() -> str | None:
    """The project's source link from its package metadata (``[project.urls] Source``)."""
    try:
        urls: list[str] = metadata.metadata("ostbot").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in {"source", "repository", "homepage"}:
            return url.strip()
    return None
