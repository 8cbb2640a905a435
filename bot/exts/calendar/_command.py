"""The ``/ost calendar`` command: defers, exports, replies privately with the .ics attached,
and, when the web is configured (``OSTBOT_PUBLIC_URL``), the link to subscribe to instead.

Private (ephemeral) on purpose: a calendar file is for the member to import, like
``/ost myreminders``; posting one file per request in the channel would be noise, and a private
reply needs no Attach Files permission in the channel.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Protocol

import discord
from discord import app_commands

from bot.exts import Browsing, SlashCommand
from bot.render.escape import plain, truncate
from bot.services.calendar import DISCORD_MAX_EVENTS, CalendarExport, export_calendar, file_name
from bot.services.web_feeds import public_link, webcal

if TYPE_CHECKING:
    from bot.settings import Settings

COMMAND_NAME = "calendar"
MAX_LINK_TWICE = 400
Choices = list[app_commands.Choice[str]]


class CalendarServices(Browsing, Protocol):
    """Browsing's services, and the settings (for the web's public address)."""

    @property
    def settings(self) -> Settings: ...


def calendar_command(services: CalendarServices) -> SlashCommand:
    index = services.catalog

    async def dramas(interaction: discord.Interaction, current: str) -> Choices:
        found = await index.dramas(current, guild_id=interaction.guild_id)
        return [app_commands.Choice(name=e.name, value=e.value) for e in found]

    async def artists(interaction: discord.Interaction, current: str) -> Choices:
        found = await index.artists(current, guild_id=interaction.guild_id)
        return [app_commands.Choice(name=e.name, value=e.value) for e in found]

    @app_commands.command(
        name=COMMAND_NAME, description="Upcoming OST drops as a calendar file (.ics) to import"
    )
    @app_commands.describe(drama="Only this drama", artist="Only this artist")
    @app_commands.autocomplete(drama=dramas, artist=artists)
    async def calendar(
        interaction: discord.Interaction, drama: str | None = None, artist: str | None = None
    ) -> None:
        # Reading and rendering up to 1,000 releases can take a while: defer first.
        await interaction.response.defer(ephemeral=True, thinking=True)
        export = await export_calendar(
            services.store,
            now=services.clock(),
            guild_id=interaction.guild_id,
            drama=drama,
            artist=artist,
            limit=DISCORD_MAX_EVENTS,
        )
        if export.empty:
            await interaction.followup.send(empty_text(export, drama, artist), ephemeral=True)
            return
        attachment = discord.File(
            io.BytesIO(export.ics), filename=file_name(drama=drama, artist=artist)
        )
        link = await public_link(
            services.store, services.settings.public_url, drama=drama, artist=artist
        )
        text = reply_text(export, None if link is None else subscribe_text(link))
        await interaction.followup.send(text, file=attachment, ephemeral=True)

    return calendar


def reply_text(export: CalendarExport, subscribe: str | None = None) -> str:
    lines = [
        f"📅 **{plain(export.name)}**: {export.events} upcoming release(s). Import the file "
        "into Google Calendar, Apple Calendar or Outlook; importing a newer one later updates "
        "these events instead of adding copies.",
        "Times marked *time unconfirmed* are the customary hour; only the date is announced.",
    ]
    if subscribe:
        lines.append(subscribe)
    if export.tba:
        lines.append(f"{export.tba} release(s) with no date yet (TBA) are left out.")
    if export.truncated:
        lines.append(
            f"Only the soonest {DISCORD_MAX_EVENTS} are in it; filter by drama or artist for more."
        )
    return truncate("\n".join(lines), 2000)


def subscribe_text(link: str) -> str:
    """The public feed's links. The feed is the curated schedule: a server's own releases are
    in the server's private feed (``/ost-admin setup web``)."""
    # A long artist name (encoded, up to ~900 characters) twice would not fit Discord's 2,000.
    google = f" (Google Calendar: *From URL* <{link}>)" if len(link) <= MAX_LINK_TWICE else ""
    return (
        f"🔔 Or subscribe, and dates that move update by themselves: <{webcal(link)}>{google}. "
        "It holds the curated schedule; this server's own releases are in its admins' link "
        "(`/ost-admin setup web`)."
    )


def empty_text(export: CalendarExport, drama: str | None, artist: str | None) -> str:
    shown = ", ".join(
        f for f in (f"drama {drama}" if drama else "", f"artist {artist}" if artist else "") if f
    )
    what = f" for {plain(truncate(shown, 200))}" if shown else ""
    if export.tba:
        return (
            f"No calendar file: the {export.tba} upcoming release(s){what} have no date yet "
            "(TBA). Try again once a date is announced."
        )
    return (
        f"No calendar file: nothing upcoming{what}. Pick a drama or artist from the "
        "suggestions as you type, or try /ost search."
    )
