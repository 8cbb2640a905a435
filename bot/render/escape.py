"""Make schedule text safe to show in Discord: no raw control characters, no markup, no pings.

Text reaches posts from schedule files and from ``/ost-admin add``/``edit``. Both refuse control
characters on the way in; stripping them here as well means nothing raw is ever posted, whatever
path the text took (an older store, a hand-edited row).

Discord turns some ``<...>`` forms into something other than the text typed: mentions
(``<@id>``, ``<@!id>``, ``<@&id>``, ``<#id>``), timestamps (``<t:unix:R>``), command mentions
(``</name:id>``), custom emoji (``<:name:id>``, ``<a:name:id>``) and server navigation
(``<id:browse>``). A zero-width space after the ``<`` leaves the text readable as typed and
keeps Discord from parsing it, as it already did for mentions.
"""

from __future__ import annotations

import re
from functools import lru_cache

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])|^([#>-])", re.MULTILINE)
# C0 controls except newline, DEL, C1 controls; bidi embeddings/overrides (U+202A-E) and
# isolates (U+2066-9), which can make a post read differently from what was written.
_UNSAFE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# "<" opening any markup Discord parses: @ mentions, # channels, : / a: emoji, t: timestamps,
# / command mentions, id: navigation. Case-insensitive: Discord is, for the letters.
_MARKUP = re.compile(r"<(?=[@#:/]|a:|t:|id:)", re.IGNORECASE)
_EVERYONE = re.compile(r"@(everyone|here)")
_ZERO_WIDTH_SPACE = "\u200b"
ELLIPSIS = "…"


def strip_unsafe(text: str) -> str:
    """``text`` without control characters (newlines stay) and bidi override/isolate marks."""
    return _UNSAFE.sub("", text)


def clean(text: str) -> str:
    """Text for places Discord shows without markdown (button labels, footers, event names):
    control characters stripped, mentions and other ``<...>`` markup defused."""
    defused = _MARKUP.sub("<" + _ZERO_WIDTH_SPACE, strip_unsafe(text))
    return _EVERYONE.sub(f"@{_ZERO_WIDTH_SPACE}\\1", defused)


@lru_cache(maxsize=8192)  # names recur across a fan-out's posts and fitting's attempts
def plain(text: str) -> str:
    """Text as typed, with markdown characters escaped and markup and mentions defused.

    ``allowed_mentions`` already stops pings; defusing them here too keeps a schedule's
    text from even looking like one (and from pinging if a payload is ever built by hand).
    """
    return clean(_MARKDOWN.sub(lambda m: "\\" + m.group(0), strip_unsafe(text)))


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` characters, marking the cut with an ellipsis."""
    if len(text) <= limit:
        return text
    if limit <= 0:
        return ""
    cut = text[: limit - 1].rstrip()
    # Never end on a lone backslash: it would escape the ellipsis and show itself.
    if cut.endswith("\\") and (len(cut) - len(cut.rstrip("\\"))) % 2:
        cut = cut[:-1]
    return cut + ELLIPSIS


def join_names(names: list[str], limit: int, *, separator: str = ", ") -> tuple[str, int]:
    """As many of ``names`` as fit in ``limit`` characters, then "… and N more".

    Returns the text and how many names were left out. A first name longer than the limit is
    itself truncated (with an ellipsis), so something always shows: compare the text with the
    joined names to know whether anything was cut.
    """
    full = separator.join(names)
    if len(full) <= limit:
        return full, 0
    for shown in range(len(names) - 1, 0, -1):
        text = separator.join(names[:shown]) + f" {ELLIPSIS} and {len(names) - shown} more"
        if len(text) <= limit:
            return text, len(names) - shown
    tail = f" {ELLIPSIS} and {len(names) - 1} more" if len(names) > 1 else ""
    if len(tail) >= limit:
        return truncate(names[0], limit), len(names) - 1
    return truncate(names[0], limit - len(tail)) + tail, len(names) - 1
