"""The four commands: parse the options, call ``bot.services.server_releases``, reply.

Each defers first (the write and the announcer's re-plan may take more than Discord's 3 s on
a busy store), then answers ephemerally with what changed and a preview of the announcement.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.exts import SlashCommand
from bot.exts.releases._replies import outcome_reply
from bot.services import server_releases as service
from bot.services.server_releases import Outcome

if TYPE_CHECKING:
    from bot.announcer import Announcer
    from bot.app import OstBot

log = logging.getLogger(__name__)

COMMAND_NAMES = ("add", "edit", "postpone", "cancel")
WHEN_HELP = "e.g. 2026-12-30 18:00 (the drama's zone), 2026-12-30, or 2026-12-30 18:00 Asia/Seoul"

Choices = list[app_commands.Choice[str]]


async def _releases_changed(bot: OstBot) -> None:
    """Have the announcer re-plan and edit posted messages now, not at its next tick.

    Absent when a test loads this extension alone. The change is stored either way and the
    tick would pick it up, so a failure here is logged, not shown as a failed command.
    """
    announcer: Announcer | None = getattr(bot.get_cog("Announcer"), "announcer", None)
    if announcer is None:
        return
    try:
        await announcer.releases_changed()
    except Exception:
        log.exception("acting on a changed release failed; the next tick picks it up")


def _in_server(interaction: discord.Interaction) -> bool:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage
    return True


def _admin(command: SlashCommand) -> SlashCommand:
    """In a server, by a member with Manage Server; the tree answers whichever is missing.

    ``default_permissions`` and ``guild_only`` would do nothing here: Discord reads them on
    top-level commands only, and ``/ost`` also holds every member's commands. These checks run
    in the bot, on every call, in the order added ("only in a server" first).
    """
    command = app_commands.check(_in_server)(command)
    return app_commands.checks.has_permissions(manage_guild=True)(command)


def release_commands(bot: OstBot) -> list[SlashCommand]:
    async def run(
        interaction: discord.Interaction, work: Callable[[int], Awaitable[Outcome]], verb: str
    ) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:  # _in_server already refused DMs; this keeps the type honest
            raise app_commands.NoPrivateMessage
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await work(guild_id)
        if outcome.changed:
            await _releases_changed(bot)
        content, embed = outcome_reply(outcome, verb)
        await interaction.followup.send(
            content, embed=discord.Embed.from_dict(embed), ephemeral=True
        )

    async def dramas(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        found = await service.drama_choices(bot.store, interaction.guild_id, current)
        return [app_commands.Choice(name=name, value=value) for name, value in found]

    async def releases(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        found = await service.release_choices(bot.store, interaction.guild_id, current)
        return [app_commands.Choice(name=name, value=value) for name, value in found]

    @app_commands.command(name="add", description="Track a release in this server only")
    @app_commands.describe(
        drama="A drama from the list, or a new title to make a drama of this server's own",
        artists="Artists, separated by commas",
        title="The song's title",
        part="The OST part number (only for this server's own dramas)",
        when=f"When it comes out; leave out while TBA. {WHEN_HELP}",
        mv="Music video link (https://)",
        notes="Anything else worth saying",
    )
    @app_commands.autocomplete(drama=dramas)
    async def add(
        interaction: discord.Interaction,
        drama: str,
        artists: str,
        title: str | None = None,
        part: app_commands.Range[int, 1, 999] | None = None,
        when: str | None = None,
        mv: str | None = None,
        notes: str | None = None,
    ) -> None:
        async def work(guild_id: int) -> Outcome:
            return await service.add_release(
                bot.store,
                guild_id,
                drama=drama,
                artists=artists,
                title=title,
                part=part,
                when=when,
                mv=mv,
                notes=notes,
                now=bot.clock(),
            )

        await run(interaction, work, "Added")

    @app_commands.command(name="edit", description="Change a release this server added")
    @app_commands.describe(
        release="One of this server's own releases",
        title="New title (- removes it)",
        artists="New artists, separated by commas",
        part="New part number (0 removes it)",
        mv="New music video link (- removes it)",
        notes="New notes (- removes them)",
    )
    @app_commands.autocomplete(release=releases)
    async def edit(
        interaction: discord.Interaction,
        release: str,
        title: str | None = None,
        artists: str | None = None,
        part: app_commands.Range[int, 0, 999] | None = None,
        mv: str | None = None,
        notes: str | None = None,
    ) -> None:
        async def work(guild_id: int) -> Outcome:
            return await service.edit_release(
                bot.store,
                guild_id,
                release,
                title=title,
                artists=artists,
                part=part,
                mv=mv,
                notes=notes,
                now=bot.clock(),
            )

        await run(interaction, work, "Updated")

    @app_commands.command(name="postpone", description="Move a release this server added")
    @app_commands.describe(
        release="One of this server's own releases",
        when=f"The new time, or TBA. {WHEN_HELP}",
    )
    @app_commands.autocomplete(release=releases)
    async def postpone(interaction: discord.Interaction, release: str, when: str) -> None:
        async def work(guild_id: int) -> Outcome:
            return await service.postpone_release(
                bot.store, guild_id, release, when, now=bot.clock()
            )

        await run(interaction, work, "Postponed")

    @app_commands.command(name="cancel", description="Cancel a release this server added")
    @app_commands.describe(release="One of this server's own releases")
    @app_commands.autocomplete(release=releases)
    async def cancel(interaction: discord.Interaction, release: str) -> None:
        async def work(guild_id: int) -> Outcome:
            return await service.cancel_release(bot.store, guild_id, release, now=bot.clock())

        await run(interaction, work, "Cancelled")

    return [_admin(add), _admin(edit), _admin(postpone), _admin(cancel)]
