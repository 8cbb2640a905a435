"""The fake checks synced commands' localizations as Discord does (name rule, lengths, locales,
unique option names per locale), so a translation Discord would refuse fails a test."""

import discord
import pytest
from discord import app_commands

from tests.fake_discord import FakeDiscord
from tests.fake_discord.commands import valid_name


class Table(app_commands.Translator):
    """Answers from a table: (location, English) → {locale: text}."""

    def __init__(self, table: dict[str, dict[str, str]]) -> None:
        self.table = table

    async def translate(self, string, locale, context):
        return self.table.get(string.message, {}).get(locale.value)


async def sync_with(client: discord.Client, table: dict[str, dict[str, str]]) -> None:
    tree = client.tree
    group = app_commands.Group(name="ost", description="OST releases")

    @group.command(name="upcoming", description="Next drops")
    @app_commands.describe(drama="Only this drama", artist="Only this artist")
    async def upcoming(interaction: discord.Interaction, drama: str, artist: str) -> None:
        await interaction.response.send_message("ok")

    tree.add_command(group)
    await tree.set_translator(Table(table))
    await tree.sync()


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("예정", True),
        ("próximos", True),
        ("今後の予定", True),
        ("mis-recordatorios", True),
        ("Próximos", False),  # uppercase
        ("two words", False),
        ("x" * 33, False),
        ("", False),
        ("ok!", False),
    ],
)
def test_the_name_rule(name, ok):
    """Letters and numbers of any script, - and _, lowercase, 1-32 characters."""
    assert valid_name(name) is ok


async def test_valid_localizations_are_stored(discord_py_client, fake_discord: FakeDiscord):
    """Localized names and descriptions Discord accepts are kept on the synced command."""
    await sync_with(
        discord_py_client,
        {"upcoming": {"ko": "예정"}, "Next drops": {"ko": "곧 공개되는 OST"}},
    )
    [ost] = fake_discord.commands.list(None)
    [sub] = ost["options"]
    assert sub["name_localizations"] == {"ko": "예정"}
    assert sub["description_localizations"] == {"ko": "곧 공개되는 OST"}


@pytest.mark.parametrize(
    "table",
    [
        {"upcoming": {"ko": "Upcoming List"}},  # uppercase and a space
        {"Next drops": {"es-ES": "x" * 101}},  # description over 100
        {"drama": {"ja": "名前"}, "artist": {"ja": "名前"}},  # two options, one name in ja
    ],
)
async def test_localizations_discord_refuses_fail_the_sync(discord_py_client, table):
    """A sync whose localizations break Discord's rules is answered 400, as Discord does."""
    with pytest.raises(discord.HTTPException) as refused:
        await sync_with(discord_py_client, table)
    assert refused.value.status == 400
