"""Post.components(): link buttons, then action buttons on rows of their own; 5 rows of 5."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain import Release, Status
from bot.render import ActionButton, Button, Post
from bot.render.actions import remind_actions, remindable

NOW = datetime(2030, 1, 1, tzinfo=UTC)


def links(count: int) -> tuple[Button, ...]:
    return tuple(Button(f"L{n}", f"https://x.test/{n}") for n in range(count))


def actions(count: int) -> tuple[ActionButton, ...]:
    return tuple(ActionButton(f"A{n}", f"ostbot:remind:d/{n}") for n in range(count))


def test_actions_follow_links_on_their_own_row():
    """Two links then one action: the action is a style-2 button with a custom_id, row 2."""
    rows = Post(buttons=links(2), actions=actions(1)).components()
    assert [[b["label"] for b in row["components"]] for row in rows] == [["L0", "L1"], ["A0"]]
    assert rows[1]["components"][0] == {
        "type": 2,
        "style": 2,
        "label": "A0",
        "custom_id": "ostbot:remind:d/0",
    }
    assert "custom_id" not in rows[0]["components"][0]


def test_actions_keep_their_place_when_links_overflow():
    """25 links and 6 actions: 2 action rows kept, links cut to 3 rows; 5 rows of ≤ 5 in all."""
    rows = Post(buttons=links(25), actions=actions(6)).components()
    assert len(rows) == 5
    assert all(1 <= len(row["components"]) <= 5 for row in rows)
    styles = [b["style"] for row in rows for b in row["components"]]
    assert styles == [5] * 15 + [2] * 6


def test_no_buttons_no_rows():
    """A post without buttons has no components."""
    assert Post(content="x").components() == []


def test_remind_actions_skip_keys_too_long_for_a_custom_id():
    """A release whose key would exceed Discord's 100-character custom_id gets no button."""
    ok = Release("d", "part-1", ("S",), at=NOW, title="One")
    long = Release("d", "x" * 90, ("S",), at=NOW, title="Two")
    assert [a.custom_id for a in remind_actions([ok, long])] == ["ostbot:remind:d/part-1"]
    assert [a.label for a in remind_actions([ok])] == ["🔔 Remind me"]


def test_remindable_only_upcoming_or_tba():
    """Upcoming and TBA can be reminded; past and cancelled cannot."""
    hour = timedelta(hours=1)
    assert remindable(Release("d", "a", ("S",), at=NOW + hour), NOW)
    assert remindable(Release("d", "b", ("S",), at=None), NOW)
    assert not remindable(Release("d", "c", ("S",), at=NOW - hour), NOW)
    assert not remindable(Release("d", "e", ("S",), at=NOW + hour, status=Status.CANCELLED), NOW)
