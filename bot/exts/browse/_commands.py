"""The browse commands, built by a factory that closes over the services they use."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.exts import Browsing, SlashCommand
from bot.exts.browse._reminder_buttons import answer_remind
from bot.exts.browse._replies import embed_of, info_view
from bot.exts.browse._upcoming import upcoming_reply
from bot.i18n import N_
from bot.i18n.readers import reader
from bot.render.browse import release_embed, search_embed, when_line
from bot.render.escape import clean, plain, truncate
from bot.render.limits import CONTENT
from bot.services.browse import find_release
from bot.services.browse_reminders import unremind

COMMAND_NAMES = ("upcoming", "info", "search", "remind", "unremind", "myreminders")
Choices = list[app_commands.Choice[str]]
RELEASE_HINT = N_("Title, artist or drama (Korean or romanized)")


def browse_commands(services: Browsing) -> list[SlashCommand]:
    """The six commands; each answers within Discord's 3 s (the slow ones defer first)."""
    catalog = services.catalog

    async def releases(interaction: discord.Interaction, current: str) -> Choices:
        found = await catalog.search(current, guild_id=interaction.guild_id)
        return [app_commands.Choice(name=e.name, value=e.value) for e in found]

    async def dramas(interaction: discord.Interaction, current: str) -> Choices:
        found = await catalog.dramas(current, guild_id=interaction.guild_id)
        return [app_commands.Choice(name=e.name, value=e.value) for e in found]

    async def artists(interaction: discord.Interaction, current: str) -> Choices:
        found = await catalog.artists(current, guild_id=interaction.guild_id)
        return [app_commands.Choice(name=e.name, value=e.value) for e in found]

    async def my_reminders(interaction: discord.Interaction, current: str) -> Choices:
        mine = await services.store.reminders.of_member(interaction.user.id)
        typed = current.casefold()
        return [
            app_commands.Choice(name=_choice_name(r.key, r.title, r.artists), value=r.key)
            for r in mine
            if typed in f"{r.key} {r.title or ''} {' '.join(r.artists)}".casefold()
        ][:25]

    @app_commands.command(name="upcoming", description="The next OST drops, soonest first")
    @app_commands.describe(drama="Only this drama", artist="Only this artist")
    @app_commands.autocomplete(drama=dramas, artist=artists)
    async def upcoming(
        interaction: discord.Interaction, drama: str | None = None, artist: str | None = None
    ) -> None:
        embed, view = await upcoming_reply(
            services,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            page=0,
            drama=drama,
            artist=artist,
            tr=reader(interaction),
        )
        await _send(interaction, embed, view)

    @app_commands.command(name="info", description="One release in full: credits, links, status")
    @app_commands.describe(release=RELEASE_HINT)
    @app_commands.autocomplete(release=releases)
    async def info(interaction: discord.Interaction, release: str) -> None:
        details = await find_release(services.store, release, guild_id=interaction.guild_id)
        tr = reader(interaction)
        view = info_view(details.release, now=services.clock(), tr=tr)
        await _send(interaction, embed_of(release_embed(details, tr)), view)

    @app_commands.command(name="search", description="Dramas, releases and artists by name")
    @app_commands.describe(text="Part of a title, a drama or an artist's name")
    async def search(interaction: discord.Interaction, text: str) -> None:
        # A substring scan over every release: defer first, it can take a while.
        await interaction.response.defer(thinking=True)
        found = await services.store.releases.search(text, guild_id=interaction.guild_id)
        tr = reader(interaction)
        if found.empty:
            await interaction.followup.send(
                tr.gettext(
                    'Nothing matches "%(text)s". Try fewer letters, or another spelling '
                    "(Korean titles are searched too)."
                )
                % {"text": plain(truncate(text, 100))}
            )
            return
        titles = {d.id: d.title for d in found.dramas}
        for drama_id in {r.drama_id for r in found.releases} - titles.keys():
            titles[drama_id] = (await services.store.releases.drama(drama_id)).title
        embed = search_embed(text, found.dramas, found.releases, found.artists, titles, tr)
        await interaction.followup.send(embed=embed_of(embed))

    @app_commands.command(name="remind", description="A DM from ostbot when a release comes out")
    @app_commands.describe(release=RELEASE_HINT)
    @app_commands.autocomplete(release=releases)
    async def remind_me(interaction: discord.Interaction, release: str) -> None:
        await answer_remind(services, interaction, release)

    @app_commands.command(name="unremind", description="Cancel one of your reminders")
    @app_commands.describe(release="One of your reminders")
    @app_commands.autocomplete(release=my_reminders)
    async def unremind_me(interaction: discord.Interaction, release: str) -> None:
        key = await unremind(services.store, interaction.user.id, release)
        text = reader(interaction).gettext("Reminder for %(release)s cancelled.")
        await interaction.response.send_message(text % {"release": key}, ephemeral=True)

    @app_commands.command(name="myreminders", description="The releases you asked a DM for")
    async def myreminders(interaction: discord.Interaction) -> None:
        mine = await services.store.reminders.of_member(interaction.user.id)
        tr = reader(interaction)
        if not mine:
            await interaction.response.send_message(
                tr.gettext("You have no reminders. /ost remind sets one."), ephemeral=True
            )
            return
        lines = [f"`{r.key}` {plain(r.title or '')} — {when_line(r, tr)}" for r in mine]
        text = tr.gettext("Your reminders:") + "\n" + "\n".join(lines)
        await interaction.response.send_message(truncate(text, CONTENT), ephemeral=True)

    return [upcoming, info, search, remind_me, unremind_me, myreminders]


def _choice_name(key: str, title: str | None, artists: tuple[str, ...]) -> str:
    name = clean(f"{key} {title or ''} — {', '.join(artists)}")
    return truncate(name, 100)


async def _send(
    interaction: discord.Interaction, embed: discord.Embed, view: discord.ui.View | None
) -> None:
    """Answer with ``embed``, and ``view`` when there is one: discord.py takes no None view."""
    if view is None:
        await interaction.response.send_message(embed=embed)
    else:
        await interaction.response.send_message(embed=embed, view=view)
