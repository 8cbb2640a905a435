"""status_embed: a pure rendering that stays within Discord's embed limits."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import DeliveryKind, GuildSettings
from bot.render import limits
from bot.render.status import ServerStatus, status_embed
from bot.store import Delivery
from tests.bot.exts.admin.conftest import NOW


def delivery(n: int) -> Delivery:
    return Delivery(
        id=n,
        drama_id="goblin",
        release_id=f"p{n}",
        guild_id=1,
        channel_id=10,
        user_id=None,
        kind=DeliveryKind.reminder(timedelta(hours=1)),
        due_at=NOW - timedelta(hours=n),
        message_key=f"k{n}",
        position=0,
        state="missed",
        message_id=None,
        attempts=0,
        next_attempt_at=None,
        last_error="x" * 500,
        sent_at=None,
    )


def test_a_large_status_fits_one_embed():
    """Hundreds of follows and long error texts are cut to the field and embed limits."""
    settings = GuildSettings(guild_id=1, configured_at=NOW, channel_id=10, broken_reason="y" * 3000)
    status = ServerStatus(
        settings=settings,
        follows=[f"artist: Singer {i}" for i in range(500)],
        upcoming=[],
        problems=[delivery(n) for n in range(5)],
        problem_count=40,
        dramas={},
    )
    embed = status_embed(status, server_name="*Fans*")
    assert embed["title"] == "ostbot in \\*Fans\\*"
    assert all(len(f["value"]) <= limits.FIELD_VALUE for f in embed["fields"])
    total = len(embed["title"]) + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"])
    assert total <= limits.EMBED_TOTAL
    problems = next(f["value"] for f in embed["fields"] if f["name"] == "Missed or failed posts")
    assert problems.startswith("missed: reminder of goblin/p0, due <t:")
    assert problems.endswith("…and 35 older")


def test_no_channel_and_no_follows_say_what_to_run():
    """An unset channel and empty follows point at the commands that fix them."""
    settings = GuildSettings(guild_id=1, configured_at=NOW)
    status = ServerStatus(settings, [], [], [], 0, {})
    fields = {f["name"]: f["value"] for f in status_embed(status, server_name="Fans")["fields"]}
    assert "`/ost-admin setup channel`" in fields["Channel"]
    assert "`/ost-admin follow all`" in fields["Follows"]
    assert fields["Role pinged"] == "none"
    assert fields["Next announcements"] == "nothing scheduled among what this server follows"
