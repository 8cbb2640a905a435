"""export_calendar: the store's upcoming releases as .ics, capped, with change counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bot.domain import Drama, Release, Schedule
from bot.services import calendar as service
from bot.store import open_store

NOW = datetime(2030, 1, 1, tzinfo=UTC)
DRAMA = Drama(id="goblin", title="Goblin")
TIMED = tuple(
    Release("goblin", f"r{n}", ("Crush",), at=NOW + timedelta(hours=n + 1), time_confirmed=True)
    for n in range(5)
)
RELEASES = (*TIMED, Release("goblin", "tba", ("Crush",)))


@pytest.fixture
async def store(tmp_path):
    async with await open_store(tmp_path / "s.sqlite3") as opened:
        await opened.releases.import_schedules([Schedule("g.toml", DRAMA, RELEASES)], now=NOW)
        changed = replace(RELEASES[0], at=RELEASES[0].at + timedelta(minutes=30))
        await opened.releases.import_schedules(
            [Schedule("g.toml", DRAMA, (changed, *RELEASES[1:]))], now=NOW
        )
        yield opened


def sequences(ics: bytes) -> dict[str, int]:
    return {str(e["UID"]): e.decoded("SEQUENCE") for e in Calendar.from_ical(ics).walk("VEVENT")}


async def test_limit_keeps_the_soonest_and_says_it_cut(store):
    """With a limit, the soonest releases are kept and the export says more matched."""
    export = await service.export_calendar(store, now=NOW, guild_id=None, limit=2)
    assert (export.events, export.truncated) == (2, True)
    assert list(sequences(export.ics)) == ["goblin/r0@ostbot", "goblin/r1@ostbot"]
    whole = await service.export_calendar(store, now=NOW, guild_id=None)
    assert (whole.events, whole.tba, whole.truncated) == (5, 1, False)


@pytest.mark.parametrize("ratio", [0, 1000], ids=["histories", "change log"])
async def test_sequence_is_the_change_count_either_way(store, monkeypatch, ratio):
    """Read from the releases' histories or from the change log, SEQUENCE is the same."""
    monkeypatch.setattr(service, "HISTORY_VS_LOG_ROW", ratio)
    export = await service.export_calendar(store, now=NOW, guild_id=None)
    assert sequences(export.ics) == {f"goblin/r{n}@ostbot": int(n == 0) for n in range(5)}


def test_file_names_are_safe():
    """Attachment names keep letters and digits only, with a fallback for other scripts."""
    assert service.file_name() == "ostbot-upcoming.ics"
    assert (
        service.file_name(drama="goblin", artist="Park Bo Ram") == "ostbot-goblin-park-bo-ram.ics"
    )
    assert service.file_name(artist="아이유") == "ostbot-upcoming.ics"
