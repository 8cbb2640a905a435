"""/ost-admin reminders and follow artist refuse absurd or harmful input privately, by name,
and store nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import OstbotError
from bot.domain.text import refused_character
from bot.services import admin
from tests.bot.exts.admin.conftest import NOW


@pytest.mark.parametrize(
    "offsets",
    [
        "99999999999999999999d",
        "1000000000000h",
        "9" * 99 + "m",
        "0" * 95 + "8d",
        "1h, 99999999999d",
        "10081m",
        "7d1m",
        "1d1d1d1d1d1d1d1d",
    ],
)
async def test_absurd_reminder_offsets_are_refused_as_too_long(
    fake_discord, admin_bot, server_a, offsets
):
    """However many digits, an offset past 7 days is "too long", never a crash."""
    await fake_discord.invoke("ost-admin reminders", {"offsets": "2h"}, user=server_a.admin)
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": offsets}, user=server_a.admin
    )
    assert result.ephemeral
    assert "too long: reminders are at most 7d before" in result.content
    settings = await admin_bot.store.servers.get(server_a.guild.id)
    assert settings.reminder_offsets == (timedelta(hours=2),)


@pytest.mark.parametrize("offsets", ["\x1b[31m", "1h\u202e", "2h, \x00"])
async def test_harmful_offsets_are_quoted_escaped(fake_discord, admin_bot, server_a, offsets):
    """A control character in what was typed is shown escaped in the answer."""
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": offsets}, user=server_a.admin
    )
    assert "use a number and a unit" in result.content
    assert refused_character(result.content, newlines=True) is None
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


@pytest.mark.parametrize(
    ("name", "named"),
    [
        ("IU\x1b[31m", "U+001B (ESCAPE)"),
        ("I\u202eU", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("I\u2066U", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("I\u200bU", "U+200B (ZERO WIDTH SPACE)"),
        ("I\x7fU", "U+007F (DELETE)"),
    ],
)
async def test_following_an_artist_with_harmful_characters_is_refused(
    fake_discord, admin_bot, server_a, name, named
):
    """The artist's name is refused naming the character; nothing is followed."""
    result = await fake_discord.invoke(
        "ost-admin follow artist", {"name": name}, user=server_a.admin
    )
    assert result.ephemeral
    assert result.content.startswith(f"That artist's name contains {named}")
    assert await admin_bot.store.servers.follows(server_a.guild.id) == []


@pytest.mark.parametrize("hours", [-1, 73, 10**6, 10**30, -(10**30)])
async def test_a_catchup_window_out_of_range_is_refused_even_past_discord(
    admin_bot, server_a, hours
):
    """Discord checks the option's range; the service checks again, for any whole number."""
    with pytest.raises(OstbotError, match="The catch-up window is 0 to 72 hours"):
        await admin.set_catchup(admin_bot.store, server_a.guild.id, hours, now=NOW)
    assert await admin_bot.store.servers.get(server_a.guild.id) is None


async def test_a_korean_admin_reads_offset_problems_in_korean(fake_discord, admin_bot, server_a):
    """Every wrong part of the offsets is explained in Korean, quoted as typed; none stored."""
    server_a.admin.user.locale = "ko"
    result = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "2x, 9d"}, user=server_a.admin
    )
    assert result.ephemeral
    assert result.content == (
        '"2x": 숫자와 단위(m, h, d)로 적어 주세요. 예: 24h; '
        '"9d": 너무 길어요: 알림은 최대 7d 전까지예요'
    )
    many = await fake_discord.invoke(
        "ost-admin reminders", {"offsets": "1m 2m 3m 4m 5m 6m"}, user=server_a.admin
    )
    assert many.content == (
        "알림 시간은 서로 다른 것으로 최대 5개까지예요. 6개를 적으셨어요: "
        "가장 중요한 것만 남겨 주세요."
    )
    assert await admin_bot.store.servers.get(server_a.guild.id) is None
