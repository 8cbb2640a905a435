"""The four commands: parse the options, call ``bot.services.server_releases``, reply.

Each defers first (the write and the announcer's re-plan may take more than Discord's 3 s on
a busy store), then answers ephemerally with what changed and a preview of the announcement.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

import discord
from discord import app_commands

from bot.exts import SlashCommand, StoreAndClock
from bot.exts._checks import admin_only
from bot.exts.releases._replies import outcome_reply
from bot.i18n.readers import reader
from bot.services import server_releases as service
from bot.services.server_releases import Outcome

if TYPE_CHECKING:
    from bot.exts import Replanning

log = logging.getLogger(__name__)

COMMAND_NAMES = ("add", "edit", "postpone", "cancel")
WHEN_HELP = "e.g. 2026-12-30 18:00 (the drama's zone), 2026-12-30, or 2026-12-30 18:00 Asia/Seoul"

Choices = list[app_commands.Choice[str]]


class ReleaseServices(StoreAndClock, Protocol):
    """What these commands use: also the announcer, to tell it of a change."""

    @property
    def announcer(self) -> Replanning: ...


async def _releases_changed(announcer: Replanning) -> None:
    """Have the announcer re-plan and edit posted messages now, not at its next tick.

    The change is stored either way and the tick would pick it up, so a failure here is
    logged, not shown as a failed command.
    """
    try:
        await announcer.releases_changed()
    except Exception:
        log.exception("acting on a changed release failed; the next tick picks it up")


def release_commands(services: ReleaseServices) -> list[SlashCommand]:
    async def run(
        interaction: discord.Interaction, work: Callable[[int], Awaitable[Outcome]], verb: str
    ) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:  # admin_only already refused DMs; this keeps the type honest
            raise app_commands.NoPrivateMessage
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await work(guild_id)
        if outcome.changed:
            await _releases_changed(services.announcer)
        content, embed = outcome_reply(outcome, verb, reader(interaction))
        await interaction.followup.send(
            content, embed=discord.Embed.from_dict(embed), ephemeral=True
        )

    async def dramas(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        found = await service.drama_choices(services.store, interaction.guild_id, current)
        return [app_commands.Choice(name=name, value=value) for name, value in found]

    async def releases(interaction: discord.Interaction, current: str) -> Choices:
        if interaction.guild_id is None:
            return []
        found = await service.release_choices(services.store, interaction.guild_id, current)
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
                services.store,
                guild_id,
                drama=drama,
                artists=artists,
                title=title,
                part=part,
                when=when,
                mv=mv,
                notes=notes,
                now=services.clock(),
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
                services.store,
                guild_id,
                release,
                title=title,
                artists=artists,
                part=part,
                mv=mv,
                notes=notes,
                now=services.clock(),
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
                services.store, guild_id, release, when, now=services.clock()
            )

        await run(interaction, work, "Postponed")

    @app_commands.command(name="cancel", description="Cancel a release this server added")
    @app_commands.describe(release="One of this server's own releases")
    @app_commands.autocomplete(release=releases)
    async def cancel(interaction: discord.Interaction, release: str) -> None:
        async def work(guild_id: int) -> Outcome:
            return await service.cancel_release(
                services.store, guild_id, release, now=services.clock()
            )

        await run(interaction, work, "Cancelled")

    return [admin_only(add), admin_only(edit), admin_only(postpone), admin_only(cancel)]
