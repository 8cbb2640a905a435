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
from bot.i18n import SOURCE, Language
from bot.i18n.readers import reader
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
        tr = reader(interaction)
        export = await export_calendar(
            services.store,
            now=services.clock(),
            guild_id=interaction.guild_id,
            drama=drama,
            artist=artist,
            limit=DISCORD_MAX_EVENTS,
            tr=tr,
        )
        if export.empty:
            await interaction.followup.send(empty_text(export, drama, artist, tr), ephemeral=True)
            return
        attachment = discord.File(
            io.BytesIO(export.ics), filename=file_name(drama=drama, artist=artist)
        )
        link = await public_link(
            services.store, services.settings.public_url, drama=drama, artist=artist
        )
        text = reply_text(export, tr, None if link is None else subscribe_text(link, tr))
        await interaction.followup.send(text, file=attachment, ephemeral=True)

    return calendar


def reply_text(export: CalendarExport, tr: Language = SOURCE, subscribe: str | None = None) -> str:
    lines = [
        tr.gettext(
            "📅 %(name)s: %(count)s upcoming release(s). Import the file into Google Calendar, "
            "Apple Calendar or Outlook; importing a newer one later updates these events "
            "instead of adding copies."
        )
        % {"name": f"**{plain(export.name)}**", "count": export.events},
        tr.gettext(
            "Times marked *time unconfirmed* are the customary hour; only the date is announced."
        ),
    ]
    if subscribe:
        lines.append(subscribe)
    if export.tba:
        lines.append(
            tr.gettext("%(count)s release(s) with no date yet (TBA) are left out.")
            % {"count": export.tba}
        )
    if export.truncated:
        lines.append(
            tr.gettext("Only the soonest %(count)s are in it; filter by drama or artist for more.")
            % {"count": DISCORD_MAX_EVENTS}
        )
    return truncate("\n".join(lines), 2000)


def subscribe_text(link: str, tr: Language = SOURCE) -> str:
    """The public feed's links. The feed is the curated schedule: a server's own releases are
    in the server's private feed (``/ost-admin setup web``)."""
    # A long artist name (encoded, up to ~900 characters) twice would not fit Discord's 2,000.
    google = (
        " " + tr.gettext("(Google Calendar: *From URL* %(link)s)") % {"link": f"<{link}>"}
        if len(link) <= MAX_LINK_TWICE
        else ""
    )
    return tr.gettext(
        "🔔 Or subscribe, and dates that move update by themselves: %(webcal)s%(google)s. "
        "It holds the curated schedule; this server's own releases are in its admins' link "
        "(`/ost-admin setup web`)."
    ) % {"webcal": f"<{webcal(link)}>", "google": google}


def empty_text(
    export: CalendarExport, drama: str | None, artist: str | None, tr: Language = SOURCE
) -> str:
    filters = (
        tr.gettext("drama %(drama)s") % {"drama": drama} if drama else "",
        tr.gettext("artist %(artist)s") % {"artist": artist} if artist else "",
    )
    shown = plain(truncate(", ".join(f for f in filters if f), 200))
    if export.tba:
        text = (
            tr.gettext(
                "No calendar file: the %(count)s upcoming release(s) for %(what)s have no date "
                "yet (TBA). Try again once a date is announced."
            )
            if shown
            else tr.gettext(
                "No calendar file: the %(count)s upcoming release(s) have no date yet (TBA). "
                "Try again once a date is announced."
            )
        )
        return text % {"count": export.tba, "what": shown}
    text = (
        tr.gettext(
            "No calendar file: nothing upcoming for %(what)s. Pick a drama or artist from the "
            "suggestions as you type, or try /ost search."
        )
        if shown
        else tr.gettext(
            "No calendar file: nothing upcoming. Pick a drama or artist from the "
            "suggestions as you type, or try /ost search."
        )
    )
    return text % {"what": shown}
