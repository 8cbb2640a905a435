"""/ost-admin reminders and /ost-admin catchup: when a server hears about a release."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.fake_discord import InvalidInteraction


async def test_reminder_offsets_are_stored(fake_discord, admin_bot, server_a):
    """ "24h, 1h" stores two offsets and the reply reads them back."""
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "1h, 24h"}, user=server_a.admin
    )
    assert result.ephemeral
    assert result.content == "✅ Reminder posts 1d, 1h before each release."
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.reminder_offsets == (timedelta(days=1), timedelta(hours=1))


async def test_off_clears_the_reminders(fake_discord, admin_bot, server_a):
    """`off` after offsets leaves none."""
    await fake_discord.invoke("ost-admin reminders", {"offsets": "2h"}, user=server_a.admin)
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "off"}, user=server_a.admin
    )
    assert result.content == "✅ No reminder posts before releases."
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.reminder_offsets == ()


async def test_a_wrong_offset_is_named_and_nothing_stored(fake_discord, admin_bot, server_a):
    """ "2x" is refused saying how to write it; earlier offsets stay as they were."""
    await fake_discord.invoke("ost-admin reminders", {"offsets": "2h"}, user=server_a.admin)
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "24h, 2x"}, user=server_a.admin
    )
    assert result.ephemeral
    assert result.content == '"2x": use a number and a unit (m, h, d), e.g. 24h'
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.reminder_offsets == (timedelta(hours=2),)


async def test_too_many_or_too_long_offsets_are_refused(fake_discord, admin_bot, server_a):
    """Six offsets, or one beyond 7 days, are refused; nothing is stored."""
    six = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "1m 2m 3m 4m 5m 6m"}, user=server_a.admin
    )
    assert "At most 5 different reminder times" in six.content
    week = await fake_discord.invoke("ost-admin reminders", {"offsets": "8d"}, user=server_a.admin)
    assert week.content == '"8d": too long: reminders are at most 7d before'
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


@pytest.mark.parametrize(
    ("hours", "says"),
    [
        (0, "never posted late"),
        (12, "still posted up to 12 h late"),
        (72, "still posted up to 72 h late"),
    ],
)
async def test_catchup_window_is_stored(fake_discord, admin_bot, server_a, hours, says):
    """0 to 72 hours are stored and explained."""
    result = await fake_discord.invoke("ost-admin catchup", {"hours": hours}, user=server_a.admin)
    assert result.ephemeral
    assert says in result.content
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.catchup == timedelta(hours=hours)


@pytest.mark.parametrize("hours", [-1, 73])
async def test_catchup_outside_its_range_is_refused_by_discord(
    fake_discord, admin_bot, server_a, hours
):
    """The synced option has min 0 and max 72, so Discord refuses other values."""
    with pytest.raises(InvalidInteraction, match=r"[<>]="):
        await fake_discord.invoke("ost-admin catchup", {"hours": hours}, user=server_a.admin)
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_catchup_denied_to_members_keeps_the_default(fake_discord, admin_bot, server_a):
    """A member without Manage Server cannot change the window."""
    result = await fake_discord.invoke("ost-admin catchup", {"hours": 0}, user=server_a.member)
    assert result.content == "You need the Manage Server permission to use this command."
    assert await admin_bot.store.servers.get(server_a.guild.id) is None
