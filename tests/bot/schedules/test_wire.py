"""Schedules as plain values (what a child parsing files hands back): nothing lost or changed."""

from __future__ import annotations

import dataclasses
import marshal
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given

from bot.domain import Drama, Release, Schedule
from bot.schedules.wire import DRAMA_ORDER, RELEASE_ORDER, from_plain, to_plain
from bot.store.sql.rows import to_json
from tests.bot.release_strategies import SCHEDULES


def test_the_plain_tuples_name_every_field_in_order():
    """A field added to Drama or Release fails here until the plain form carries it."""
    assert tuple(field.name for field in dataclasses.fields(Drama)) == DRAMA_ORDER
    assert tuple(field.name for field in dataclasses.fields(Release)) == RELEASE_ORDER


@given(SCHEDULES)
def test_a_schedule_comes_back_equal_through_marshal(schedule: Schedule):
    """Awkward text, huge parts, TBA, any status: equal after marshal, down to each value's
    type (a JSON document shows true, not 1); instants with fractions (or a fold) have no
    plain form."""
    plain = to_plain(schedule)
    if any(r.at is not None and (r.at.microsecond or r.at.fold) for r in schedule.releases):
        assert plain is None
        return
    assert plain is not None
    back = from_plain(marshal.loads(marshal.dumps(plain)))  # noqa: S302 - our own bytes
    assert back == schedule
    assert [to_json(r.as_dict()) for r in back.releases] == [
        to_json(r.as_dict()) for r in schedule.releases
    ]
    assert [r.at.tzinfo for r in back.releases if r.at] == [UTC for r in back.releases if r.at]


def test_an_instant_in_another_zone_has_no_plain_form():
    """The parser makes UTC instants only; anything else is parsed again where it is needed."""
    seoul = timezone(timedelta(hours=9))
    release = Release("d", "r", ("IU",), at=datetime(2030, 1, 1, 18, tzinfo=seoul))
    assert to_plain(Schedule("f.toml", Drama("d", "D"), (release,))) is None
