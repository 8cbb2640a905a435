"""Delivery kinds: typed values with stable names (message keys and the ledger use them)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import ANNOUNCE, DM, DeliveryKind, Occasion


@pytest.mark.parametrize(
    ("kind", "name"),
    [
        (ANNOUNCE, "announce"),
        (DM, "dm"),
        (DeliveryKind.reminder(timedelta(days=1)), "remind:86400"),
        (DeliveryKind.reminder(timedelta(minutes=30)), "remind:1800"),
    ],
)
def test_each_kind_has_a_stable_name_that_reads_back(kind, name):
    """str() gives the name stored and put in message keys; named() gives the kind back."""
    assert str(kind) == name
    assert DeliveryKind.named(name) == kind


@pytest.mark.parametrize("name", ["", "remind", "remind:", "remind:-5", "announce:60", "dm:1", "x"])
def test_other_names_are_not_kinds(name):
    """Text that no kind has as its name is refused, not guessed."""
    with pytest.raises(ValueError, match="not a delivery kind"):
        DeliveryKind.named(name)


def test_only_a_reminder_says_how_long_before():
    """A reminder needs its offset; an announcement or a DM cannot have one."""
    with pytest.raises(ValueError, match="only a reminder"):
        DeliveryKind(Occasion.REMIND)
    with pytest.raises(ValueError, match="only a reminder"):
        DeliveryKind(Occasion.ANNOUNCE, timedelta(hours=1))
    assert ANNOUNCE.before is None
    assert DeliveryKind.reminder(timedelta(hours=1)).before == timedelta(hours=1)
