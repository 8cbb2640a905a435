"""Make schedule text safe to show in Discord: no markdown surprises, no pings."""

from __future__ import annotations

import re

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])|^([#>-])", re.MULTILINE)
_MENTION = re.compile(r"@(everyone|here)|<(@[!&]?|#)(\d+)>")
_ZERO_WIDTH_SPACE = "\u200b"


def plain(text: str) -> str:
    """Text as typed, with markdown characters escaped and mentions defused.

    ``allowed_mentions`` already stops pings; defusing them here too keeps a schedule's
    text from even looking like one (and from pinging if a payload is ever built by hand).
    """
    escaped = _MARKDOWN.sub(lambda m: "\\" + m.group(0), text)
    return _MENTION.sub(_defuse, escaped)


def _defuse(match: re.Match[str]) -> str:
    if match.group(1):
        return f"@{_ZERO_WIDTH_SPACE}{match.group(1)}"
    return f"<{match.group(2)}{_ZERO_WIDTH_SPACE}{match.group(3)}>"


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
