"""/ost info, /ost upcoming and /ost search answer about releases at the worst-case size, with
markup in every text, and Discord (the fake) accepts every reply: nothing refused, nothing raw."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Credit, Drama, Link, Release, Schedule
from tests.bot.exts.browse.conftest import NOW

NAMES = tuple("*" * 99 + str(i % 10) for i in range(25))


def huge(release_id: str, hours: int) -> Release:
    return Release(
        "huge",
        release_id,
        NAMES,
        part=hours,
        title="<t:1:R>" * 28,
        at=NOW + timedelta(hours=hours),
        time_confirmed=True,
        mv="https://youtu.be/" + "v" * 490,
        links=tuple(Link(f"s{i:02}", f"https://e.com/{i}" + "p" * 490) for i in range(25)),
        credits=tuple(Credit(f"role{i:02}", NAMES) for i in range(25)),
        notes="@everyone " + "_" * 480,
    )


@pytest.fixture
async def huge_schedule(browse_bot):
    drama = Drama(id="huge", title="<@1> " + "*" * 195, title_native="<#2> " + "_" * 195)
    releases = tuple(huge(f"r{i}", i + 1) for i in range(12))
    await browse_bot.store.releases.import_schedules(
        [Schedule("huge.toml", drama, releases)], now=NOW
    )


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("ost info", {"release": "huge/r0"}),
        ("ost upcoming", {"drama": "huge"}),
        ("ost upcoming", {}),
        ("ost search", {"text": "***"}),
        ("ost search", {"text": "<t:1:R>"}),
    ],
)
async def test_replies_about_worst_case_releases_are_accepted(
    fake_discord, browse_bot, huge_schedule, alice, command, options
):
    """The reply is an embed Discord accepts; no request of the bot's was refused."""
    result = await fake_discord.invoke(command, options, user=alice)
    if result.deferred:
        await result.wait_for_followup(1)
        [reply] = result.followups
        embeds = reply["embeds"]
    else:
        embeds = result.embeds
    assert embeds
    assert [r for r in fake_discord.requests if r.status >= 400] == []
    shown = str(embeds)
    assert "<t:1:R>" not in shown
    assert "@everyone" not in shown
    assert "<@1>" not in shown
