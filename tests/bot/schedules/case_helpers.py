"""Helpers for the corpora of hostile schedule files (``time_cases``, ``text_cases``).

Built on ``bad_cases.GOOD`` (``[drama]`` on line 1, the release's keys on lines 6-10, keys
added to the release from line 11).
"""

from __future__ import annotations

from bot.domain.text import printable
from tests.bot.schedules.bad_cases import GOOD, Case


def case(name: str, text: str, *expected: str) -> Case:
    """One file, ``bad.toml``; the lines as printed (anything harmful in them escaped)."""
    return Case(name, {"bad.toml": text}, [printable(line) for line in expected])


def in_zone(zone: str, text: str = GOOD) -> str:
    """``text`` with a drama time zone: every release line moves down by one."""
    return text.replace('title = "Good Drama"', f'title = "Good Drama"\ntimezone = "{zone}"')


def with_at(at: str, text: str = GOOD) -> str:
    """``text`` with the release's ``date`` line replaced by ``at = ...`` (same line)."""
    return text.replace("date = 2030-01-01", f"at = {at}")


def drama_line(raw: str) -> str:
    """GOOD with ``raw`` added to the drama on line 4."""
    return GOOD.replace('title = "Good Drama"', f'title = "Good Drama"\n{raw}')
