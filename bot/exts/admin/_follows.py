"""``/ost-admin follow …``, ``unfollow …`` and ``follows``: what this server announces."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.domain import FollowKind
from bot.exts import SlashCommand
from bot.exts.admin._common import admin_only, begin, choices, guild_of, reply, settings_changed
from bot.i18n import SOURCE, Language
from bot.i18n.readers import reader
from bot.render.escape import plain
from bot.services import admin, admin_choices

if TYPE_CHECKING:
    from bot.exts.admin._common import AdminServices

Choices = list[app_commands.Choice[str]]
# Discord's limit on a message's content, less room for the heading.
_LISTING_ROOM = 1900


def follow_group(services: AdminServices) -> app_commands.Group:
    group = app_commands.Group(
        name="follow", description="Announce more releases in this server (Manage Server)"
    )

    @group.command(name="all", description="Announce every release")
    @admin_only
    async def follow_all(interaction: discord.Interaction) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        await admin.follow_all(services.store, guild.id, now=services.clock())
        await settings_changed(services)
        tr = reader(interaction)
        hint = await _unset_channel_hint(services, guild.id, tr)
        await reply(interaction, tr.gettext("✅ This server now announces every release.") + hint)

    @group.command(name="drama", description="Announce one drama's releases")
    @app_commands.describe(drama="Start typing its title and pick it")
    @admin_only
    async def follow_drama(
        interaction: discord.Interaction, drama: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        found = await admin.follow_drama(services.store, guild.id, drama, now=services.clock())
        await settings_changed(services)
        tr = reader(interaction)
        hint = await _unset_channel_hint(services, guild.id, tr)
        text = tr.gettext("✅ This server now announces %(drama)s's OST.") % {
            "drama": plain(found.title)
        }
        await reply(interaction, text + hint)

    @group.command(name="artist", description="Announce every OST an artist sings")
    @app_commands.describe(name="The artist's name (any case); pick it as you type")
    @admin_only
    async def follow_artist(
        interaction: discord.Interaction, name: app_commands.Range[str, 1, 100]
    ) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        followed, known = await admin.follow_artist(
            services.store, guild.id, name, now=services.clock()
        )
        await settings_changed(services)
        tr = reader(interaction)
        text = tr.gettext("✅ This server now announces releases by %(artist)s.") % {
            "artist": plain(followed)
        }
        if not known:
            text += " " + tr.gettext(
                "No release credits them yet: announcements start with their first one."
            )
        await reply(interaction, text + await _unset_channel_hint(services, guild.id, tr))

    @follow_drama.autocomplete("drama")
    async def drama_options(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        pairs = await admin_choices.drama_choices(
            services.store, interaction.guild_id, current, now=services.clock()
        )
        return choices(pairs)

    @follow_artist.autocomplete("name")
    async def artist_options(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        pairs = await admin_choices.artist_choices(services.store, interaction.guild_id, current)
        return choices(pairs)

    return group


def unfollow_group(services: AdminServices) -> app_commands.Group:
    group = app_commands.Group(
        name="unfollow", description="Stop announcing something in this server (Manage Server)"
    )

    async def stop(interaction: discord.Interaction, kind: FollowKind, value: str = "") -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        followed = await admin.unfollow(services.store, guild.id, kind, value)
        await settings_changed(services)
        tr = reader(interaction)
        what = tr.gettext("every release") if kind is FollowKind.ALL else plain(followed.value)
        left = await admin.follow_lines(services.store, guild.id)
        after = (
            ""
            if left
            else " " + tr.gettext("It follows nothing now, so nothing will be announced.")
        )
        text = tr.gettext("✅ This server no longer follows %(what)s.") % {"what": what}
        await reply(interaction, text + after)

    @group.command(name="all", description="Stop announcing every release (follows stay)")
    @admin_only
    async def unfollow_all(interaction: discord.Interaction) -> None:
        await stop(interaction, FollowKind.ALL)

    @group.command(name="drama", description="Stop announcing a drama")
    @app_commands.describe(drama="One of the dramas this server follows")
    @admin_only
    async def unfollow_drama(interaction: discord.Interaction, drama: str) -> None:
        await stop(interaction, FollowKind.DRAMA, drama)

    @group.command(name="artist", description="Stop announcing an artist")
    @app_commands.describe(name="One of the artists this server follows")
    @admin_only
    async def unfollow_artist(interaction: discord.Interaction, name: str) -> None:
        await stop(interaction, FollowKind.ARTIST, name)

    async def followed(interaction: discord.Interaction, kind: FollowKind, text: str) -> Choices:
        if interaction.guild_id is None:
            return []
        pairs = await admin_choices.followed_choices(
            services.store, interaction.guild_id, kind, text
        )
        return choices(pairs)

    @unfollow_drama.autocomplete("drama")
    async def drama_options(interaction: discord.Interaction, current: str) -> Choices:
        return await followed(interaction, FollowKind.DRAMA, current)

    @unfollow_artist.autocomplete("name")
    async def artist_options(interaction: discord.Interaction, current: str) -> Choices:
        return await followed(interaction, FollowKind.ARTIST, current)

    return group


def follows_command(services: AdminServices) -> SlashCommand:
    @app_commands.command(name="follows", description="What this server announces")
    @admin_only
    async def follows(interaction: discord.Interaction) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        tr = reader(interaction)
        lines = await admin.follow_lines(services.store, guild.id, tr)
        if not lines:
            await reply(
                interaction,
                tr.gettext(
                    "This server follows nothing yet: `/ost-admin follow all`, "
                    "`/ost-admin follow drama` or `/ost-admin follow artist`."
                ),
            )
            return
        await reply(interaction, listing(lines, tr))

    return follows


def listing(lines: list[str], tr: Language = SOURCE) -> str:
    """The follows as a bullet list, cut (with a count) to fit one message."""
    text = tr.gettext("This server announces:")
    for shown, line in enumerate(lines):
        if len(text) + len(line) + 3 > _LISTING_ROOM:
            more = tr.gettext("…and %(count)s more") % {"count": tr.number(len(lines) - shown)}
            return f"{text}\n{more}"
        text += f"\n• {line}"
    return text


async def _unset_channel_hint(services: AdminServices, guild_id: int, tr: Language) -> str:
    """A reminder that follows post nowhere until a channel is set."""
    settings = await services.store.servers.get(guild_id)
    if settings is not None and settings.channel_id is not None:
        return ""
    return "\n" + tr.gettext(
        "Announcements start once `/ost-admin setup channel` says where they go."
    )
