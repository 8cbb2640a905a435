"""``/ost-admin status``: this server's settings, next announcements and delivery problems."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.exts import SlashCommand
from bot.exts.admin._common import admin_only, begin, guild_of, reply
from bot.i18n.readers import reader
from bot.render.status import HOW_TO_START, status_embed
from bot.services.admin_status import server_status

if TYPE_CHECKING:
    from bot.exts.admin._common import AdminServices


def status_command(services: AdminServices) -> SlashCommand:
    @app_commands.command(
        name="status", description="This server's ostbot settings and next posts (Manage Server)"
    )
    @admin_only
    async def status(interaction: discord.Interaction) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        tr = reader(interaction)
        found = await server_status(
            services.store,
            guild.id,
            now=services.clock(),
            blocked_until=services.gate.blocked_until,
            tr=tr,
        )
        if found is None:
            await reply(interaction, tr.gettext(HOW_TO_START))
            return
        embed = discord.Embed.from_dict(status_embed(found, server_name=guild.name, tr=tr))
        await reply(interaction, "", embed=embed)

    return status
