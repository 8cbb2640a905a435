"""Reminder offsets as admins type them: units, separators, limits, duplicates, errors."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.durations import DurationError, format_offset, format_offsets, parse_offsets

H = timedelta(hours=1)
M = timedelta(minutes=1)
D = timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("24h, 1h", (24 * H, H)),
        ("1h,24h", (24 * H, H)),
        ("24h 1h", (24 * H, H)),
        ("30m", (30 * M,)),
        ("2d", (2 * D,)),
        ("1h30m", (H + 30 * M,)),
        ("1 h, 15 m", (H, 15 * M)),
        ("  1H , 10M ", (H, 10 * M)),
        ("1m", (M,)),
        ("7d", (7 * D,)),
        ("168h", (7 * D,)),
    ],
)
def test_offsets_are_read_longest_first(text, expected):
    """Units d/h/m in any case, compound offsets, commas or spaces: longest first."""
    assert parse_offsets(text) == expected


@pytest.mark.parametrize("text", ["off", "none", "OFF", " none "])
def test_off_clears_the_reminders(text):
    """`off` or `none` alone means no reminders."""
    assert parse_offsets(text) == ()


def test_duplicates_are_collapsed():
    """The same instant written twice (even differently) is one reminder."""
    assert parse_offsets("1h, 60m, 1h, 1d, 24h") == (D, H)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2x", '"2x": use a number and a unit (m, h, d), e.g. 24h'),
        ("h", '"h": use a number and a unit (m, h, d), e.g. 24h'),
        ("1.5h", '"1.5h": use a number and a unit (m, h, d), e.g. 24h'),
        ("24 hours", '"24": use a number and a unit (m, h, d), e.g. 24h'),
        ("0m", '"0m": too short: reminders are at least 1m before'),
        ("8d", '"8d": too long: reminders are at most 7d before'),
        ("7d1m", '"7d1m": too long: reminders are at most 7d before'),
        ("1h, off", '"off": `off` cannot be combined with reminder times; use it on its own'),
        (",", "Give at least one reminder time, e.g. `24h, 1h`, or `off`."),
    ],
)
def test_a_wrong_part_is_named(text, message):
    """The error quotes the wrong part and says what to type instead."""
    with pytest.raises(DurationError) as caught:
        parse_offsets(text)
    assert str(caught.value).startswith(message)


def test_every_wrong_part_is_named():
    """Several wrong parts are all reported, in the order typed."""
    with pytest.raises(DurationError, match=r'^"2x": .*; "9d": too long'):
        parse_offsets("2x, 1h, 9d")


def test_at_most_five_offsets():
    """Six different offsets are refused; five are fine."""
    assert len(parse_offsets("1m 2m 3m 4m 5m")) == 5
    with pytest.raises(DurationError, match="At most 5 different reminder times, you gave 6"):
        parse_offsets("1m 2m 3m 4m 5m 6m")


@pytest.mark.parametrize(
    ("offset", "text"),
    [(D, "1d"), (24 * H + 30 * M, "1d30m"), (90 * M, "1h30m"), (M, "1m"), (timedelta(0), "0m")],
)
def test_offsets_are_written_back_in_the_input_format(offset, text):
    """format_offset writes what parse_offsets reads back."""
    assert format_offset(offset) == text
    if offset:
        assert parse_offsets(text) == (offset,)


def test_a_list_is_written_longest_first_or_none():
    """Listings read longest first; an empty list reads "none"."""
    assert format_offsets([H, D]) == "1d, 1h"
    assert format_offsets(()) == "none"
