"""``/ost-admin reminders`` and ``/ost-admin catchup``: when this server hears about a release."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.exts import SlashCommand
from bot.exts.admin._common import admin_only, begin, guild_of, reply, settings_changed
from bot.i18n.readers import reader
from bot.render.settings import catchup_text, reminders_text
from bot.services import admin
from bot.services.admin import MAX_CATCHUP_HOURS

if TYPE_CHECKING:
    from bot.exts.admin._common import AdminServices


def reminders_command(services: AdminServices) -> SlashCommand:
    @app_commands.command(
        name="reminders", description="Reminder posts before each release (Manage Server)"
    )
    @app_commands.describe(offsets="How long before, e.g. 24h, 1h (m, h, d; up to 5), or off")
    @admin_only
    async def reminders(
        interaction: discord.Interaction, offsets: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        chosen = await admin.set_reminders(services.store, guild.id, offsets, now=services.clock())
        await settings_changed(services)
        await reply(interaction, f"✅ {reminders_text(chosen, reader(interaction))}")

    return reminders


def catchup_command(services: AdminServices) -> SlashCommand:
    @app_commands.command(
        name="catchup",
        description="How late a release missed during downtime is still posted (Manage Server)",
    )
    @app_commands.describe(hours=f"0 to {MAX_CATCHUP_HOURS}; 0 = never post late")
    @admin_only
    async def catchup(
        interaction: discord.Interaction,
        hours: app_commands.Range[int, 0, MAX_CATCHUP_HOURS],
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        window = await admin.set_catchup(services.store, guild.id, hours, now=services.clock())
        await settings_changed(services)
        await reply(interaction, f"✅ {catchup_text(window, reader(interaction))}")

    return catchup
