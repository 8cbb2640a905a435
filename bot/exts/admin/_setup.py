"""``/ost-admin setup …``: ``channel`` (where this server's announcements go and which role they
ping), ``publish``, ``events``, ``language`` (the language of its posts) and ``web`` (its
private calendar link, ``_web.py``)."""

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
from bot.i18n import N_, SOURCE, SUPPORTED, Language
from bot.i18n.readers import reader, server_default
from bot.render.settings import catchup_text, language_text, publish_text, reminders_text
from bot.services import admin


class SetupServices(AdminServices, WebServices, Protocol):
    """The admin commands' services, and the settings ``setup web`` reads."""


# What posting an announcement needs: seeing the channel, sending, and embeds (the release).
# Discord's own permission names, shown as Discord's settings spell them in the member's language.
POSTING = {
    "view_channel": N_("View Channel"),
    "send_messages": N_("Send Messages"),
    "embed_links": N_("Embed Links"),
}
SERVER_DEFAULT = "default"  # the language choice's value for "the server's own language"
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
        tr = reader(interaction)
        check_can_post(guild, channel, tr)
        if role is not None:
            check_pingable(guild, role)
        settings = await admin.set_channel(
            services.store,
            guild.id,
            channel.id,
            ping_role_id=role.id if role else None,
            now=services.clock(),
            news=channel.is_news(),
        )
        # The server's own language is the default of its posts' (``setup language``).
        locale = server_default(interaction)
        if locale is not None:
            await services.store.servers.note_discord_locale(guild.id, locale, now=services.clock())
        await settings_changed(services)
        follows = await admin.follow_lines(services.store, guild.id, tr)
        note = _ping_note(channel, role, tr)
        await reply(interaction, confirmation(settings, follows, note, tr))

    @group.command(name="publish", description="Publish posts in an announcement channel")
    @app_commands.describe(enabled="Publish (crosspost) to servers following the channel")
    @admin_only
    async def publish(interaction: discord.Interaction, enabled: bool) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        tr = reader(interaction)
        text = await admin.set_publish(
            services.store, guild.id, enabled, now=services.clock(), tr=tr
        )
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
                N_(
                    "I can't create scheduled events here: I need Manage Events in this server. "
                    "Give my role that permission in Server Settings → Roles, then run "
                    "`/ost-admin setup events enabled:True` again."
                )
            )
        await services.store.servers.set_event_mirroring(guild.id, enabled, now=services.clock())
        await settings_changed(services)  # the announcer creates (or deletes) the events now
        tr = reader(interaction)
        text = (
            tr.gettext(
                "Each followed release in the next 14 days will be a scheduled event here; "
                "members who mark one interested get Discord's own notification."
            )
            if enabled
            else tr.gettext("Scheduled events are off; the ones I created are deleted.")
        )
        await reply(interaction, f"✅ {text}")

    @group.command(name="language", description="The language of this server's posts")
    @app_commands.describe(language="A language, or the server's own language in Discord")
    @app_commands.choices(language=language_choices())
    @admin_only
    async def set_language(
        interaction: discord.Interaction, language: app_commands.Choice[str]
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        chosen = None if language.value == SERVER_DEFAULT else language.value
        now = services.clock()
        await services.store.servers.set_language(guild.id, chosen, now=now)
        locale = server_default(interaction)
        if locale is not None:
            await services.store.servers.note_discord_locale(guild.id, locale, now=now)
        await settings_changed(services)  # scheduled events are rewritten in it now
        settings = await services.store.servers.get(guild.id)
        tr = reader(interaction)
        shown = language_text(settings, tr) if settings is not None else language.name
        text = tr.gettext("✅ Announcements, reminders and events here will be in %(language)s.")
        await reply(interaction, text % {"language": shown})

    add_web_command(group, services)
    return group


def language_choices() -> list[app_commands.Choice[str]]:
    """The supported languages, each named in itself, then "server default"."""
    named = [app_commands.Choice(name=name, value=code) for code, name in SUPPORTED.items()]
    return [*named, app_commands.Choice(name="Server default", value=SERVER_DEFAULT)]


def check_can_post(
    guild: discord.Guild, channel: discord.TextChannel, tr: Language = SOURCE
) -> None:
    """Raise, naming every permission the bot lacks in ``channel``; nothing is stored then."""
    if channel.guild.id != guild.id:
        raise NotFound(N_("That channel is not in this server."))
    allowed = channel.permissions_for(guild.me)
    missing = [tr.gettext(label) for flag, label in POSTING.items() if not getattr(allowed, flag)]
    if missing:
        raise PermissionDenied(
            N_(
                "I can't post announcements in %(channel)s: I need %(permissions)s there. Give "
                "my role those permissions in the channel's settings, then run "
                "`/ost-admin setup channel` again."
            ),
            channel=channel.mention,
            permissions=_join(missing, tr),
        )


def check_pingable(guild: discord.Guild, role: discord.Role) -> None:
    if guild.get_role(role.id) is None:
        raise NotFound(N_("That role is not in this server."))
    if role.is_default():
        raise OstbotError(
            N_(
                "Announcements can't ping @everyone. Choose a role members can opt into, "
                "or leave the role out."
            )
        )
    if role.managed:
        raise OstbotError(
            N_(
                "%(role)s is managed by an integration (a bot's or the booster role) and "
                "can't be given to members. Choose a role members can opt into."
            ),
            role=role.mention,
        )


def _ping_note(
    channel: discord.TextChannel, role: discord.Role | None, tr: Language = SOURCE
) -> str | None:
    # A bot's ping reaches a role only if the role is mentionable or the bot may mention all.
    if role is None or role.mentionable:
        return None
    if channel.permissions_for(channel.guild.me).mention_everyone:
        return None
    return tr.gettext(
        "Note: %(role)s is not mentionable, so its members won't be notified. Turn on "
        '"Allow anyone to @mention this role" in Server Settings → Roles.'
    ) % {"role": role.mention}


def confirmation(
    settings: GuildSettings, follows: list[str], note: str | None, tr: Language = SOURCE
) -> str:
    if settings.ping_role_id:
        line = tr.gettext("✅ Announcements will go to %(channel)s, pinging %(role)s.")
    else:
        line = tr.gettext("✅ Announcements will go to %(channel)s (no ping).")
    where = {"channel": f"<#{settings.channel_id}>", "role": f"<@&{settings.ping_role_id}>"}
    lines = [line % where]
    if len(follows) > _FOLLOWS_LISTED:
        lines.append(
            tr.gettext("Following %(count)s dramas and artists: `/ost-admin follows` lists them.")
            % {"count": tr.number(len(follows))}
        )
    elif follows:
        lines.append(tr.gettext("Following: %(follows)s.") % {"follows": "; ".join(follows)})
    else:
        lines.append(
            tr.gettext(
                "This server follows nothing yet: next, `/ost-admin follow all` "
                "(or a drama or an artist)."
            )
        )
    lines += [reminders_text(settings.reminder_offsets, tr), catchup_text(settings.catchup, tr)]
    lines.append(publish_text(settings.publish, tr))
    if note:
        lines.append(note)
    return "\n".join(lines)


def _join(names: list[str], tr: Language) -> str:
    if len(names) == 1:
        return names[0]
    return tr.gettext("%(first)s and %(last)s") % {
        "first": ", ".join(names[:-1]),
        "last": names[-1],
    }
