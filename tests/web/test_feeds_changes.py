"""The feed follows a schedule change (issue 15's feed test): a re-imported file that moves a
release gives the same UID with a higher SEQUENCE and the new time, and a repeat with the new
ETag is a 304."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from icalendar import Calendar

from bot.commandline.schedule_files import import_into
from bot.schedules import read_files
from bot.store import open_store
from tests.web.served_store import NOW, serve

SCHEDULE = """
[drama]
id = "moon-lovers"
title = "Moon Lovers"
timezone = "Asia/Seoul"

[[release]]
id = "part-1"
part = 1
title = "For You"
artists = ["Chen", "Baekhyun", "Xiumin"]
at = {at}
"""
UID = "moon-lovers/part-1@ostbot"


def event(body: bytes) -> dict[str, object]:
    [found] = [e for e in Calendar.from_ical(body).walk("VEVENT") if str(e["UID"]) == UID]
    return found


async def import_file(store, path: Path, at: str, now: datetime) -> None:
    """Write the schedule with the release at ``at`` and import it as ostbot run does."""
    await asyncio.to_thread(path.write_text, SCHEDULE.format(at=at), encoding="utf-8")
    report, _ = await import_into(store, read_files([str(path)]), now=now)
    assert report.wrote_anything


async def test_a_moved_release_keeps_its_uid_with_a_higher_sequence_and_the_new_time(tmp_path):
    """Fetch, postpone the release by re-importing its file, fetch again: same UID, higher
    SEQUENCE, new DTSTART; the new ETag then gets a 304."""
    schedule = tmp_path / "moon-lovers.toml"
    async with await open_store(tmp_path / "ostbot.sqlite3") as store:
        await import_file(store, schedule, "2030-01-03T18:00:00+09:00", NOW)
        async for served in serve(store):
            first = await served.client.get("/calendar.ics")
            assert first.status == 200
            before = event(await first.read())
            assert before["DTSTART"].dt == datetime(2030, 1, 3, 9, tzinfo=UTC)

            await import_file(store, schedule, "2030-01-10T18:00:00+09:00", NOW + timedelta(1))

            moved = await served.client.get(
                "/calendar.ics", headers={"If-None-Match": first.headers["ETag"]}
            )
            assert moved.status == 200
            after = event(await moved.read())
            assert str(after["UID"]) == str(before["UID"]) == UID
            assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
            assert after["DTSTART"].dt == datetime(2030, 1, 10, 9, tzinfo=UTC)

            repeat = await served.client.get(
                "/calendar.ics", headers={"If-None-Match": moved.headers["ETag"]}
            )
            assert repeat.status == 304
            assert await repeat.read() == b""
