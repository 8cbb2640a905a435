"""A command answered after Discord's deadlines (3 s to defer, 15 min to follow up) does not
crash the bot: the work is done, one clear warning is logged, and the next command works."""

from __future__ import annotations

import logging

import pytest

from bot.domain import Follow, FollowKind
from tests.fake_discord import FakeDiscord, InteractionResult

WEBHOOK = "POST /webhooks/{app_id}/{token}"
COMMANDS = [
    ("ost-admin follow all", {}),
    ("ost-admin follow drama", {"drama": "도깨비"}),
    ("ost-admin follows", {}),
]


class WakeWaiters(logging.Handler):
    """Log records wake the fake's waiters, so a test can wait for a line without sleeping."""

    def __init__(self, fake: FakeDiscord) -> None:
        super().__init__(logging.WARNING)
        self.fake = fake

    def emit(self, record: logging.LogRecord) -> None:
        self.fake.notifier.notify()


@pytest.fixture
def wake_on_log(fake_discord: FakeDiscord):
    handler = WakeWaiters(fake_discord)
    logging.getLogger().addHandler(handler)
    yield
    logging.getLogger().removeHandler(handler)


def late_by(fake: FakeDiscord, seconds: float) -> None:
    """Once the bot has deferred, let ``seconds`` pass before it can answer."""

    def advance(result: InteractionResult) -> None:
        fake.clock.advance(seconds)
        fake.interactions.after_callback.remove(advance)

    fake.interactions.after_callback.append(advance)


@pytest.mark.parametrize(("command", "options"), COMMANDS)
@pytest.mark.parametrize("late", [15 * 60 + 1, 3600])
async def test_a_reply_after_15_minutes_is_logged_not_raised(
    fake_discord, admin_bot, server_a, caplog, wake_on_log, command, options, late
):
    """The follow-up gets 401 50027; the bot logs one warning naming the command, no traceback."""
    late_by(fake_discord, late)
    caplog.set_level(logging.WARNING)
    result = await fake_discord.invoke(command, options, user=server_a.admin, wait=False)
    await fake_discord.wait_until(
        lambda: any(r.status == 401 for r in fake_discord.requests_to(WEBHOOK)), 5, "the 401"
    )
    await fake_discord.wait_until(lambda: "expired" in caplog.text, 5, "the warning")
    refused = [r for r in fake_discord.requests_to(WEBHOOK) if r.status]
    assert [(r.status, r.response["code"]) for r in refused] == [(401, 50027)]  # no retry
    late_lines = [r for r in caplog.records if "expired" in r.getMessage()]
    assert len(late_lines) == 1
    assert late_lines[0].levelno == logging.WARNING
    assert f"/{command}" in late_lines[0].getMessage()
    assert "15-minute" in late_lines[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert result.followups == []
    # The bot is fine: the next command (in time) is answered.
    again = await fake_discord.invoke("ost-admin follows", user=server_a.admin)
    assert again.ephemeral
    assert again.content


async def test_the_work_is_kept_when_the_reply_is_too_late(fake_discord, admin_bot, server_a):
    """Following happened even though the confirmation could not be delivered."""
    late_by(fake_discord, 16 * 60)
    await fake_discord.invoke("ost-admin follow all", user=server_a.admin, wait=False)
    await fake_discord.wait_until(
        lambda: any(r.status == 401 for r in fake_discord.requests_to(WEBHOOK)), 5, "the 401"
    )
    assert await admin_bot.store.servers.follows(server_a.guild.id) == [Follow(FollowKind.ALL)]


@pytest.mark.parametrize("late", [3.5, 60])
async def test_a_deferral_after_3_seconds_is_logged_not_raised(
    fake_discord, admin_bot, server_a, caplog, wake_on_log, late
):
    """The deferral gets 404 10062; the bot logs one warning about the 3-second window."""
    caplog.set_level(logging.WARNING)
    # invoke(wait=False) returns without yielding to the bot: the clock moves before it answers.
    await fake_discord.invoke("ost-admin follows", user=server_a.admin, wait=False)
    fake_discord.clock.advance(late)
    await fake_discord.wait_until(lambda: "expired" in caplog.text, 5, "the warning")
    callbacks = fake_discord.requests_to("POST /interactions/{interaction_id}/{token}/callback")
    assert [(r.status, r.response["code"]) for r in callbacks if r.status] == [(404, 10062)]
    late_lines = [r.getMessage() for r in caplog.records if "expired" in r.getMessage()]
    assert len(late_lines) == 1
    assert "/ost-admin follows" in late_lines[0]
    assert "3-second" in late_lines[0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
