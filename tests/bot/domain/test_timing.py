"""The time rules of the schedule format, as pure functions."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from bot.domain import Release, resolve_time


def test_date_alone_is_18h_in_the_drama_zone_and_unconfirmed():
    """A date alone means 18:00 local time, marked unconfirmed."""
    resolved = resolve_time(date(2021, 12, 30), "Asia/Seoul")
    assert resolved.at == datetime(2021, 12, 30, 9, tzinfo=UTC)
    assert resolved.confirmed is False


def test_local_time_follows_daylight_saving():
    """A local time is read in the zone's offset on that day."""
    winter = resolve_time(datetime(2026, 1, 10, 12), "Europe/London").at  # noqa: DTZ001
    summer = resolve_time(datetime(2026, 7, 10, 12), "Europe/London").at  # noqa: DTZ001
    assert winter == datetime(2026, 1, 10, 12, tzinfo=UTC)
    assert summer == datetime(2026, 7, 10, 11, tzinfo=UTC)


def test_offset_time_ignores_the_drama_zone():
    """An explicit offset wins over the drama's zone and is confirmed."""
    given = datetime(2026, 1, 10, 12, tzinfo=timezone(timedelta(hours=-5)))
    resolved = resolve_time(given, "Asia/Seoul")
    assert resolved.at == datetime(2026, 1, 10, 17, tzinfo=UTC)
    assert resolved.confirmed is True


def test_nothing_is_tba():
    """No value means TBA: no instant."""
    assert resolve_time(None, "Asia/Seoul").is_tba


def test_release_rejects_naive_instants():
    """A naive datetime can never enter a release."""
    with pytest.raises(ValueError, match="timezone-aware"):
        Release("d", "r", ("A",), at=datetime(2026, 1, 1))  # noqa: DTZ001


def test_changed_fields_names_what_differs():
    """changed_fields lists exactly the fields that differ."""
    before = Release("d", "r", ("A",), title="T")
    after = Release("d", "r", ("A",), title="T2", mv="https://x")
    assert before.changed_fields(after) == ["title", "mv"]
    assert before.changed_fields(before) == []
