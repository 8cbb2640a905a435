"""Slash commands, autocomplete and buttons: synced by discord.py, invoked through the fake."""

import discord
import pytest
from discord import app_commands

from tests.fake_discord import FakeDiscord, Guild, InvalidInteraction, UnknownCommand


def alice(guild: Guild):
    return next(m for m in guild.members.values() if m.user.username == "alice")


class Confirm(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Follow", custom_id="follow", style=discord.ButtonStyle.primary)
    async def follow(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Following!", view=None)


@pytest.fixture
async def synced(discord_py_client, fake_guild: Guild):
    """The plain bot with a few commands, synced globally and to the guild."""
    tree = discord_py_client.tree
    ost = app_commands.Group(name="ost", description="OST releases")

    @ost.command(name="add", description="Add a release")
    @app_commands.describe(title="Title", part="Part number")
    async def add(
        interaction: discord.Interaction, title: str, part: app_commands.Range[int, 1, 20]
    ):
        await interaction.response.send_message(f"added {title} part {part}", ephemeral=True)

    @ost.command(name="slow", description="Deferred work")
    async def slow(interaction: discord.Interaction):
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("done after deferring")

    async def titles(interaction: discord.Interaction, current: str):
        names = ["Queen of Tears", "Lovely Runner", "Goblin"]
        return [app_commands.Choice(name=n, value=n) for n in names if current.lower() in n.lower()]

    @ost.command(name="find", description="Find a drama")
    @app_commands.autocomplete(title=titles)
    async def find(interaction: discord.Interaction, title: str):
        await interaction.response.send_message(title)

    @app_commands.command(name="follow", description="Follow OST news")
    async def follow(interaction: discord.Interaction):
        await interaction.response.send_message("Follow this server?", view=Confirm())

    @app_commands.command(name="who", description="Show a user")
    async def who(interaction: discord.Interaction, member: discord.Member):
        await interaction.response.send_message(f"{member.name} in {interaction.guild.name}")

    tree.add_command(ost)
    tree.add_command(follow)
    tree.add_command(who, guild=discord.Object(fake_guild.id))
    await tree.sync()
    await tree.sync(guild=discord.Object(fake_guild.id))
    return discord_py_client


async def test_synced_commands_are_stored_and_listed(synced, fake_discord: FakeDiscord, fake_guild):
    """Global and guild syncs are stored with ids and read back by discord.py."""
    assert {c["name"] for c in fake_discord.commands.list(None)} == {"ost", "follow"}
    assert [c["name"] for c in fake_discord.commands.list(fake_guild.id)] == ["who"]
    fetched = await synced.tree.fetch_commands()
    assert {c.name for c in fetched} == {"ost", "follow"}


async def test_subcommand_reply_is_returned(synced, fake_discord: FakeDiscord, fake_guild):
    """`/ost add` with typed options reaches the callback; the ephemeral reply comes back."""
    result = await fake_discord.invoke(
        "ost add", {"title": "Queen of Tears", "part": 3}, user=alice(fake_guild)
    )
    assert result.response_type == 4
    assert result.content == "added Queen of Tears part 3"
    assert result.ephemeral
    assert fake_discord.messages_in(next(iter(fake_guild.channels))) == []


async def test_deferred_reply_then_followup(synced, fake_discord: FakeDiscord, fake_guild):
    """A deferred command is final once its follow-up arrives."""
    result = await fake_discord.invoke("ost slow", user=alice(fake_guild))
    assert result.deferred
    followup = await result.wait_for_followup()
    assert followup["content"] == "done after deferring"
    assert result.content == "done after deferring"


async def test_autocomplete_returns_choices(synced, fake_discord: FakeDiscord, fake_guild):
    """Typing in an autocomplete option returns the bot's choices."""
    result = await fake_discord.autocomplete(
        "ost find", "title", {"title": "lo"}, user=alice(fake_guild)
    )
    assert [c["name"] for c in result.choices] == ["Lovely Runner"]


async def test_button_press_updates_the_message(synced, fake_discord: FakeDiscord, fake_guild):
    """Pressing a view's button reaches its callback, which edits the message."""
    result = await fake_discord.invoke("follow", user=alice(fake_guild))
    [message] = fake_discord.messages_in(int(result.message["channel_id"]))
    pressed = await fake_discord.press_button(message, "follow", user=alice(fake_guild))
    assert pressed.response_type == 7
    assert fake_discord.messages_in(int(message["channel_id"]))[0]["content"] == "Following!"


async def test_guild_command_with_member_option(synced, fake_discord: FakeDiscord, fake_guild):
    """A guild-scoped command gets a resolved Member option."""
    result = await fake_discord.invoke("who", {"member": alice(fake_guild)}, user=alice(fake_guild))
    assert result.content == "alice in Fans"


async def test_invocations_discord_would_refuse_raise_in_the_test(synced, fake_discord, fake_guild):
    """Unknown command, missing subcommand, wrong type and out-of-range values are refused."""
    user = alice(fake_guild)
    with pytest.raises(UnknownCommand):
        await fake_discord.invoke("nope", user=user)
    with pytest.raises(UnknownCommand):
        await fake_discord.invoke("ost", user=user)
    with pytest.raises(InvalidInteraction):
        await fake_discord.invoke("ost add", {"title": "x", "part": "3"}, user=user)
    with pytest.raises(InvalidInteraction):
        await fake_discord.invoke("ost add", {"title": "x", "part": 21}, user=user)
    with pytest.raises(InvalidInteraction):
        await fake_discord.invoke("ost add", {"title": "x"}, user=user)
