"""bot.wiring: every service built once, and an announcer that is not running stays still."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain import Follow, FollowKind
from bot.settings import Settings
from bot.store import open_store
from bot.wiring import build_bot
from tests.bot.announcer.conftest import release, schedule


async def test_one_gate_for_the_announcer_and_the_commands(tmp_path):
    """The gate /ost-admin status reads is the one the announcer shuts while Discord blocks."""
    async with await open_store(tmp_path / "ostbot.sqlite3") as store:
        bot = build_bot(Settings(token="t"), store, extensions=[])
        assert bot.services.announcer.gate is bot.services.gate
        assert bot.services.store is bot.store
        assert bot.services.scheduler is bot.scheduler


async def test_an_announcer_not_running_plans_nothing(tmp_path):
    """Told of a change while not started (its extension not loaded), it adds no job and
    writes nothing: the next start plans from the store."""
    now = datetime.now(UTC).replace(microsecond=0)
    async with await open_store(tmp_path / "ostbot.sqlite3") as store:
        await store.releases.import_schedules(
            [schedule(release("p1", now + timedelta(hours=1)))], now=now
        )
        await store.servers.follow(1, Follow(FollowKind.ALL), now=now)
        await store.servers.set_channel(1, 10, ping_role_id=None, now=now)
        bot = build_bot(Settings(token="t"), store, extensions=[])
        before = store.database.total_changes
        await bot.services.announcer.releases_changed()
        await bot.services.announcer.settings_changed()
        assert bot.scheduler.get_jobs() == []
        assert store.database.total_changes == before
