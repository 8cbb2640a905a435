"""The pure plan of a server's scheduled events: what to create, edit, drop or forget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.announcer.events_plan import plan_events
from bot.domain import Drama, Link, Release
from bot.store import EventMirror

NOW = datetime(2026, 11, 26, 12, tzinfo=UTC)
DRAMA = Drama(id="d", title="Drama")


def rel(release_id: str, hours: float, **kw: object) -> Release:
    return Release(
        "d", release_id, artists=("Singer",), part=1, title=release_id,
        at=NOW + timedelta(hours=hours), time_confirmed=True, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def mirror(release_id: str, fingerprint: str, hours: float) -> EventMirror:
    return EventMirror(1, "d", release_id, 99, fingerprint, NOW + timedelta(hours=hours))


def test_new_changed_gone_and_past():
    """New releases are created, changed ones edited, unwanted dropped, begun ones forgotten;
    releases beyond 14 days are left for later."""
    same = rel("same", 2)
    first = plan_events([same], {"d": DRAMA}, [], now=NOW)
    [event] = first.create
    plan = plan_events(
        [same, rel("moved", 5), rel("new", 3), rel("far", 24 * 15)],
        {"d": DRAMA},
        [
            mirror("same", event.fingerprint, 2),
            mirror("moved", "old", 4),
            mirror("gone", "x", 6),
            mirror("begun", "x", -1),
        ],
        now=NOW,
    )
    assert [e.release_id for e in plan.create] == ["new"]
    assert [(m.release_id, e.start) for m, e in plan.edit] == [("moved", NOW + timedelta(hours=5))]
    assert [m.release_id for m in plan.drop] == ["gone"]
    assert [m.release_id for m in plan.past] == ["begun"]


def test_turned_off_drops_everything_upcoming():
    """With mirroring off every upcoming mirrored event is dropped."""
    plan = plan_events([rel("a", 2)], {"d": DRAMA}, [mirror("a", "x", 2)], now=NOW, enabled=False)
    assert plan.create == []
    assert plan.edit == []
    assert [m.release_id for m in plan.drop] == ["a"]


def test_name_location_and_times():
    """Name ≤ 100, location the MV, else the first link, else the drama; an hour long."""
    long_title = "x" * 200
    plan = plan_events(
        [
            rel("mv", 1, mv="https://mv.example/1", links=(Link("melon", "https://m/1"),)),
            rel("link", 2, links=(Link("melon", "https://m/2"),)),
            rel("bare", 3),
            rel(long_title, 4),
        ],
        {"d": DRAMA},
        [],
        now=NOW,
    )
    events = {e.release_id: e for e in plan.create}
    assert events["mv"].location == "https://mv.example/1"
    assert events["link"].location == "https://m/2"
    assert events["bare"].location == "Drama"
    assert events["mv"].name == 'Drama OST Part 1 "mv"'
    assert events["mv"].end - events["mv"].start == timedelta(hours=1)
    assert len(events[long_title].name) == 100
    assert events[long_title].name.endswith("…")
