"""Reminder offsets as server admins type them: ``24h, 1h``, ``2d``, ``1h30m``, or ``off``.

Pure parsing and formatting, so the rules (units, limits, how many) are tested without Discord.
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain.errors import OstbotError
from bot.domain.messages import Joined, Message
from bot.domain.text import printable
from bot.i18n import N_

MIN_OFFSET = timedelta(minutes=1)
# A reminder a week ahead is already a "save the date"; longer would outlive most schedules.
MAX_OFFSET = timedelta(days=7)
MAX_OFFSETS = 5
# Words that clear the reminders rather than name an offset.
NONE_WORDS = frozenset({"off", "none", "no", "clear"})

_UNITS = {"d": timedelta(days=1), "h": timedelta(hours=1), "m": timedelta(minutes=1)}
# One offset: one or more number+unit pairs written together (``1h30m``), units in any case.
_OFFSET = re.compile(r"(?:\d+[dhm])+")
_PAIR = re.compile(r"(\d+)([dhm])")
# Offsets are separated by commas and/or spaces: ``24h, 1h`` and ``24h 1h`` mean the same;
# a space between a number and its unit (``1 h``) is joined first, so it is not a separator.
_SEPARATORS = re.compile(r"[,\s]+")
_SPACED_UNIT = re.compile(r"(\d)\s+([dhm])(?![a-z])")
_MAX_DIGITS = 6  # 999,999 minutes is already far past MAX_OFFSET
_MAX_QUOTED = 40


class DurationError(OstbotError):
    """Offsets that cannot be read; the message names the wrong part and what to type."""


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """The distinct offsets in ``text``, longest first; ``()`` for ``off``/``none``.

    Raises ``DurationError`` naming every part that is wrong.
    """
    joined = _SPACED_UNIT.sub(r"\1\2", text.strip().lower())
    parts = [part for part in _SEPARATORS.split(joined) if part]
    if not parts:
        raise DurationError(N_("Give at least one reminder time, e.g. `24h, 1h`, or `off`."))
    if len(parts) == 1 and parts[0] in NONE_WORDS:
        return ()
    problems: list[Message] = []
    offsets: set[timedelta] = set()
    for part in parts:
        offset, problem = _parse_one(part)
        if problem:
            shown = part if len(part) <= _MAX_QUOTED else part[: _MAX_QUOTED - 1] + "…"
            problems.append(
                Message('"%(typed)s": %(problem)s', typed=printable(shown), problem=problem)
            )
        elif offset is not None:
            offsets.add(offset)
    if problems:
        raise DurationError(Joined("; ", problems))
    if len(offsets) > MAX_OFFSETS:
        raise DurationError(
            N_(
                "At most %(limit)s different reminder times, you gave %(count)s: "
                "keep the ones that matter most."
            ),
            limit=MAX_OFFSETS,
            count=len(offsets),
        )
    return tuple(sorted(offsets, reverse=True))


def _parse_one(part: str) -> tuple[timedelta | None, Message | None]:
    if part in NONE_WORDS:
        return None, Message(N_("`off` cannot be combined with reminder times; use it on its own"))
    if not _OFFSET.fullmatch(part):
        return None, Message(N_("use a number and a unit (m, h, d), e.g. 24h"))
    pairs = _PAIR.findall(part)
    # A number this long is past any limit; checked first, since timedelta overflows on it.
    if any(len(number.lstrip("0")) > _MAX_DIGITS for number, _ in pairs):
        return None, _too_long()
    offset = sum(
        (int(number.lstrip("0") or "0") * _UNITS[unit] for number, unit in pairs), timedelta()
    )
    if offset < MIN_OFFSET:
        return None, Message(
            N_("too short: reminders are at least %(limit)s before"),
            limit=format_offset(MIN_OFFSET),
        )
    if offset > MAX_OFFSET:
        return None, _too_long()
    return offset, None


def _too_long() -> Message:
    return Message(
        N_("too long: reminders are at most %(limit)s before"), limit=format_offset(MAX_OFFSET)
    )


def format_offset(offset: timedelta) -> str:
    """``1d``, ``1h30m``, ``2d12h``: the largest units first, readable back by ``parse_offsets``."""
    minutes = int(offset.total_seconds()) // 60
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    text = "".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n)
    return text or "0m"


def format_offsets(offsets: tuple[timedelta, ...] | list[timedelta]) -> str:
    """``1d, 1h`` (longest first), or ``none``."""
    if not offsets:
        return "none"
    return ", ".join(format_offset(o) for o in sorted(offsets, reverse=True))
