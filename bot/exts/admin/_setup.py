"""``/ost-admin setup …``: ``channel`` (where this server's announcements go and which role they
ping), ``publish``, ``events``, and ``web`` (its private calendar link, ``_web.py``)."""

from __future__ import annotations

from typing import Protocol

import discord
from discord import app_commands

from bot.domain import GuildSettings, NotFound, OstbotError, PermissionDenied
from bot.exts.admin._common import (
    AdminServices,
    admin_only,
    begin,
    guild_of,
    reply,
    settings_changed,
)
from bot.exts.admin._web import WebServices, add_web_command
from bot.render.settings import catchup_text, publish_text, reminders_text
from bot.services import admin


class SetupServices(AdminServices, WebServices, Protocol):
    """The admin commands' services, and the settings ``setup web`` reads."""


# What posting an announcement needs: seeing the channel, sending, and embeds (the release).
POSTING = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
}
# More follows than this are counted, not listed, in the confirmation (2,000 characters).
_FOLLOWS_LISTED = 10


def setup_group(services: SetupServices) -> app_commands.Group:
    group = app_commands.Group(
        name="setup", description="Set up ostbot's announcements here (Manage Server)"
    )

    @group.command(name="channel", description="Where announcements go, and the role they ping")
    @app_commands.describe(
        channel="A text or announcement channel the bot can post embeds in",
        role="A role to ping with each announcement (leave out for no ping)",
    )
    @admin_only
    async def channel(
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        role: discord.Role | None = None,
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        check_can_post(guild, channel)
        if role is not None:
            check_pingable(guild, role)
        settings = await admin.set_channel(
            services.store,
            guild.id,
            channel.id,
            ping_role_id=role.id if role else None,
            now=services.clock(),
        )
        await settings_changed(services)
        follows = await admin.follow_lines(services.store, guild.id)
        await reply(interaction, confirmation(settings, follows, _ping_note(channel, role)))

    @group.command(name="publish", description="Publish posts in an announcement channel")
    @app_commands.describe(enabled="Publish (crosspost) to servers following the channel")
    @admin_only
    async def publish(interaction: discord.Interaction, enabled: bool) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        text = await admin.set_publish(services.store, guild.id, enabled, now=services.clock())
        await reply(interaction, f"✅ {text}")

    @group.command(name="events", description="Mirror followed releases as scheduled events")
    @app_commands.describe(
        enabled="An event per followed release in the next 14 days (off deletes them)"
    )
    @admin_only
    async def events(interaction: discord.Interaction, enabled: bool) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        if enabled and not guild.me.guild_permissions.manage_events:
            raise PermissionDenied(
                "I can't create scheduled events here: I need Manage Events in this server. "
                "Give my role that permission in Server Settings → Roles, then run "
                "`/ost-admin setup events enabled:True` again."
            )
        await services.store.servers.set_event_mirroring(guild.id, enabled, now=services.clock())
        await settings_changed(services)  # the announcer creates (or deletes) the events now
        text = (
            "Each followed release in the next 14 days will be a scheduled event here; "
            "members who mark one interested get Discord's own notification."
            if enabled
            else "Scheduled events are off; the ones I created are deleted."
        )
        await reply(interaction, f"✅ {text}")

    add_web_command(group, services)
    return group


def check_can_post(guild: discord.Guild, channel: discord.TextChannel) -> None:
    """Raise, naming every permission the bot lacks in ``channel``; nothing is stored then."""
    if channel.guild.id != guild.id:
        raise NotFound("That channel is not in this server.")
    allowed = channel.permissions_for(guild.me)
    missing = [label for flag, label in POSTING.items() if not getattr(allowed, flag)]
    if missing:
        raise PermissionDenied(
            f"I can't post announcements in {channel.mention}: I need "
            f"{_join(missing)} there. Give my role those permissions in the channel's "
            "settings, then run `/ost-admin setup channel` again."
        )


def check_pingable(guild: discord.Guild, role: discord.Role) -> None:
    if guild.get_role(role.id) is None:
        raise NotFound("That role is not in this server.")
    if role.is_default():
        raise OstbotError(
            "Announcements can't ping @everyone. Choose a role members can opt into, "
            "or leave the role out."
        )
    if role.managed:
        raise OstbotError(
            f"{role.mention} is managed by an integration (a bot's or the booster role) and "
            "can't be given to members. Choose a role members can opt into."
        )


def _ping_note(channel: discord.TextChannel, role: discord.Role | None) -> str | None:
    # A bot's ping reaches a role only if the role is mentionable or the bot may mention all.
    if role is None or role.mentionable:
        return None
    if channel.permissions_for(channel.guild.me).mention_everyone:
        return None
    return (
        f"Note: {role.mention} is not mentionable, so its members won't be notified. Turn on "
        '"Allow anyone to @mention this role" in Server Settings → Roles.'
    )


def confirmation(settings: GuildSettings, follows: list[str], note: str | None) -> str:
    role = f", pinging <@&{settings.ping_role_id}>" if settings.ping_role_id else " (no ping)"
    lines = [f"✅ Announcements will go to <#{settings.channel_id}>{role}."]
    if len(follows) > _FOLLOWS_LISTED:
        lines.append(
            f"Following {len(follows)} dramas and artists: `/ost-admin follows` lists them."
        )
    elif follows:
        lines.append(f"Following: {'; '.join(follows)}.")
    else:
        lines.append(
            "This server follows nothing yet: next, `/ost-admin follow all` "
            "(or a drama or an artist)."
        )
    lines += [reminders_text(settings.reminder_offsets), catchup_text(settings.catchup)]
    lines.append(publish_text(settings.publish))
    if note:
        lines.append(note)
    return "\n".join(lines)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
