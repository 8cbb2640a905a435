"""OstBot against the fake Discord: start-up, command sync, /ost, the error replies, shutdown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import discord
import pytest
from discord import app_commands

from bot import __version__
from bot.app import INVITE_PERMISSIONS, OstBot, invite_url
from bot.domain.errors import NotFound, OstbotError, PermissionDenied
from bot.exts import extension_names
from bot.schedules import load_paths
from bot.store import open_store
from bot.tree import GENERIC_APOLOGY
from bot.wiring import utc_now
from tests.bot.schedules.bad_cases import good
from tests.fake_discord import FakeDiscord, Guild, Member

REPO = Path(__file__).resolve().parents[2]
SYNC_GLOBAL = "PUT /applications/{application_id}/commands"
SYNC_GUILD = "PUT /applications/{application_id}/guilds/{guild_id}/commands"


async def import_good(folder: Path, drama: str) -> None:
    """Import a one-release schedule into the store start_ostbot uses (as ostbot run would)."""
    schedule = folder / f"{drama}.toml"
    schedule.write_text(good(drama))
    async with await open_store(folder / "ostbot.sqlite3") as store:
        await store.releases.import_schedules(load_paths([schedule]), now=utc_now())


def member(guild: Guild, name: str) -> Member:
    return next(m for m in guild.members.values() if m.user.username == name)


def add_command(command: app_commands.Command) -> Callable[[OstBot], None]:
    """A ``prepare=`` hook that puts ``command`` under /ost before the bot logs in."""
    return lambda bot: bot.ost.add_command(command)


def failing(name: str, error: Exception, *, defer: bool = False) -> app_commands.Command:
    """A throwaway /ost command that raises ``error`` (after deferring, if asked)."""

    @app_commands.command(name=name, description="fails on purpose")
    async def command(interaction: discord.Interaction) -> None:
        if defer:
            await interaction.response.defer(ephemeral=True, thinking=True)
        raise error

    return command


def test_readme_invite_link_asks_for_the_invite_permissions():
    """The README's invite link carries exactly INVITE_PERMISSIONS and both scopes."""
    readme = (REPO / "README.md").read_text()
    assert INVITE_PERMISSIONS.value == 8589954048
    assert f"scope=bot+applications.commands&permissions={INVITE_PERMISSIONS.value}" in readme
    assert invite_url(1).endswith(f"permissions={INVITE_PERMISSIONS.value}")


def test_extensions_are_discovered_and_private_modules_skipped():
    """Every public package under bot/exts is an extension; _-prefixed modules are not."""
    names = extension_names()
    assert "bot.exts.meta" in names
    assert all(not name.rpartition(".")[2].startswith("_") for name in names)


async def test_connects_and_exposes_its_resources(ostbot, fake_discord: FakeDiscord):
    """After on_ready the bot is ready, its scheduler runs and /ost, /ost-admin are synced."""
    assert ostbot.ready.is_set()
    assert ostbot.scheduler.running
    assert ostbot.settings.token == fake_discord.token
    assert ostbot.clock().tzinfo is not None
    assert [g.name for g in ostbot.guilds] == ["Fans"]
    assert not ostbot.intents.message_content
    ost, admin = fake_discord.commands.list(None)
    assert (ost["name"], admin["name"]) == ("ost", "ost-admin")
    assert "about" in {option["name"] for option in ost["options"]}


async def test_caches_only_its_own_member_and_still_reads_its_permissions(ostbot):
    """No member is cached but the bot's own, which still gives its permissions in a channel."""
    [guild] = ostbot.guilds
    assert [member.id for member in guild.members] == [ostbot.user.id]
    channel = guild.text_channels[0]
    assert channel.permissions_for(guild.me).send_messages


async def test_close_stops_the_scheduler(start_ostbot, fake_guild):
    """Closing the bot shuts its scheduler down (the store is closed by whoever opened it)."""
    async with start_ostbot() as bot:
        await bot.close()
        assert not bot.scheduler.running
        assert await bot.store.state.get("anything") is None  # still open


async def test_unchanged_commands_are_not_uploaded_again(start_ostbot, fake_discord, fake_guild):
    """A second start with the same commands and store skips the bulk overwrite; a change syncs."""
    async with start_ostbot():
        pass
    assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1
    async with start_ostbot():
        pass
    assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 1
    async with start_ostbot(prepare=add_command(failing("new", OstbotError("x")))):
        pass
    assert len(fake_discord.requests_to(SYNC_GLOBAL)) == 2
    assert "new" in {o["name"] for o in fake_discord.commands.list(None)[0]["options"]}


async def test_dev_guild_gets_the_commands_instead_of_everyone(
    start_ostbot, fake_discord, fake_guild
):
    """With OSTBOT_DEV_GUILD the commands go to that guild only, for instant updates."""
    async with start_ostbot(dev_guild=fake_guild.id):
        pass
    assert fake_discord.requests_to(SYNC_GLOBAL) == []
    assert len(fake_discord.requests_to(SYNC_GUILD, guild_id=fake_guild.id)) == 1
    assert [c["name"] for c in fake_discord.commands.list(fake_guild.id)] == ["ost", "ost-admin"]


async def test_about_answers_privately_with_version_and_schedule_size(
    start_ostbot, fake_discord, fake_guild, tmp_path
):
    """/ost about replies ephemerally with the version and the upcoming releases it knows."""
    await import_good(tmp_path, "d")
    async with start_ostbot():
        result = await fake_discord.invoke("ost about", user=member(fake_guild, "alice"))
    assert result.ephemeral
    assert f"**ostbot** {__version__}" in result.content
    assert "1 upcoming release(s)" in result.content


async def test_readiness_counts_releases_and_names_servers_not_set_up(
    start_ostbot, fake_discord, tmp_path
):
    """readiness(): releases scheduled/upcoming, and the servers needing set-up (capped)."""
    await import_good(tmp_path, "d")
    for name in ("Beta", "Alpha", "Gamma", "Delta", "Eps", "Zeta", "Eta"):
        fake_discord.add_guild(name)
    async with start_ostbot() as bot:
        line = await bot.readiness()
        await bot.store.servers.set_channel(
            next(g.id for g in bot.guilds if g.name == "Alpha"), 1, ping_role_id=None, now=utc_now()
        )
        after = await bot.readiness()
    assert line.startswith("1 release(s) scheduled, 1 upcoming; 7 server(s) not set up yet: ")
    assert "Alpha (" in line
    assert line.endswith("and 2 more (use /ost-admin setup channel)")
    assert after.startswith("1 release(s) scheduled, 1 upcoming; 6 server(s) not set up yet: ")
    assert "Alpha" not in after


@pytest.mark.parametrize(
    ("error", "defer"),
    [
        (NotFound("No drama called 'goblin'."), False),
        (PermissionDenied("Only server managers can change the announcement channel."), False),
        (OstbotError("That release is already announced."), True),
    ],
    ids=["not-found", "permission-denied", "after-defer"],
)
async def test_ostbot_errors_become_ephemeral_replies(
    start_ostbot, fake_discord, fake_guild, error, defer
):
    """An OstbotError from a command is answered with its message, privately (follow-up if
    the command deferred)."""
    command = failing("fail", error, defer=defer)
    async with start_ostbot(extensions=[], prepare=add_command(command)):
        result = await fake_discord.invoke("ost fail", user=member(fake_guild, "alice"))
    assert result.content == str(error)
    assert result.ephemeral
    assert bool(result.followups) == defer


async def test_unexpected_errors_get_an_apology_and_a_logged_traceback(
    start_ostbot, fake_discord, fake_guild, caplog
):
    """Any other exception: a generic ephemeral apology, and the traceback in the log."""
    command = failing("crash", ZeroDivisionError("internal detail"))
    async with start_ostbot(extensions=[], prepare=add_command(command)):
        result = await fake_discord.invoke("ost crash", user=member(fake_guild, "alice"))
    assert result.content == GENERIC_APOLOGY
    assert result.ephemeral
    assert "internal detail" not in result.content
    (record,) = [r for r in caplog.records if r.name == "bot.tree"]
    assert record.getMessage() == "/ost crash failed"
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ZeroDivisionError)


async def test_a_failed_permission_check_says_what_is_missing(
    start_ostbot, fake_discord, fake_guild
):
    """An app_commands permission check that fails tells the user which permission they lack."""

    @app_commands.command(name="admin", description="needs Manage Server")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("done")

    async with start_ostbot(extensions=[], prepare=add_command(admin)):
        result = await fake_discord.invoke("ost admin", user=member(fake_guild, "alice"))
    assert result.content == "You need the Manage Server permission to use this command."
    assert result.ephemeral
