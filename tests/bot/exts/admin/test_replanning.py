"""Admin changes reach the announcer at once, not at its next tick."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Drama, Schedule
from tests.bot.exts.admin.conftest import release


@pytest.mark.latency
async def test_new_reminder_offsets_are_planned_at_once(start_ostbot, fake_discord, server_a):
    """With the announcer loaded, /ost-admin reminders 2h plans a wake-up 2 h before a release."""
    at = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=3)
    async with start_ostbot(extensions=["bot.exts.announcer", "bot.exts.admin"]) as bot:
        await bot.store.releases.import_schedules(
            [Schedule("soon.toml", Drama(id="soon", title="Soon"), (release("soon", "p1", at),))],
            now=at - timedelta(hours=3),
        )
        await fake_discord.invoke(
            "ost-admin setup channel", {"channel": server_a.general}, user=server_a.admin
        )
        result = await fake_discord.invoke(
            "ost-admin reminders", {"offsets": "2h"}, user=server_a.admin
        )
        assert result.content.startswith("✅")
        wake_ups = {job.next_run_time for job in bot.scheduler.get_jobs()}
        assert at - timedelta(hours=2) in wake_ups
        assert at in wake_ups
