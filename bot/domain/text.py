"""Characters that can do harm in text ostbot shows, and how to show text without them.

Refused in every text a schedule or a command gives (titles, names, ids, notes, links, keys):

- control characters (Unicode Cc: C0 U+0000-U+001F, DEL U+007F, C1 U+0080-U+009F), which
  drive terminals (ANSI escape sequences start with U+001B); only ``notes`` and ``synopsis``
  may hold a line feed (U+000A);
- invisible format characters (Unicode Cf): bidirectional overrides and isolates
  (U+202A-U+202E, U+2066-U+2069), marks (U+200E, U+200F, U+061C), zero-width spaces
  (U+200B, U+2060, U+FEFF), the soft hyphen, tag characters, ... They reorder or hide text (the
  "Trojan Source" trick), so a reviewer reads something other than what is posted. The zero-width
  joiner and non-joiner (U+200D, U+200C) stay allowed: emoji sequences and scripts need them;
- the line and paragraph separators (U+2028, U+2029), lone surrogates (which cannot even be
  stored as UTF-8), and the invisible Hangul fillers (U+3164, U+FFA0).

``printable`` escapes the same characters (as ``\\x1b``, ``\\u202e``) for output to a terminal.
"""

from __future__ import annotations

import re
import unicodedata

from bot.domain.messages import Message
from bot.i18n import N_

# The refused characters as one regex class. Cf is spelled out (Unicode 15) so that building it
# costs nothing at start-up; tests check it against this Python's unicodedata.
_CONTROLS = "\x00-\x09\x0b-\x1f\x7f-\x9f"
_FORMATS_BMP = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
)
# Each of these is written in UTF-8 with a first byte of F0 or F3 (json_printable_bytes).
_FORMATS_ASTRAL = (
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
_FORMATS = _FORMATS_BMP + _FORMATS_ASTRAL
_OTHERS = "\u2028\u2029\ud800-\udfff\u3164\uffa0"
_REFUSED = re.compile(f"[\n{_CONTROLS}{_FORMATS}{_OTHERS}]")
_REFUSED_BUT_NEWLINE = re.compile(f"[{_CONTROLS}{_FORMATS}{_OTHERS}]")

# The same class split for speed over long texts (json_printable_bytes): a class of code points
# below U+10000 compiles to one lookup table, while a single astral range turns the whole class
# into ranges tried one by one (measured over 30 MB: 80 ms against 450 ms). Compiled on first
# use (``re`` keeps them), so importing this module costs nothing more.
_REFUSED_BMP = f"[{_CONTROLS}{_FORMATS_BMP}{_OTHERS}]"
_REFUSED_ASTRAL = f"[{_FORMATS_ASTRAL}]"
_ASCII_REFUSED = bytes(range(0x0A)) + bytes(range(0x0B, 0x20)) + b"\x7f"

# Control characters have no Unicode name; these are the ones people meet.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
    0x9B: "CONTROL SEQUENCE INTRODUCER",
}


def refused_character(text: str, *, newlines: bool = False) -> str | None:
    """The first character of ``text`` that is refused (see the module doc), or None."""
    # The common case first: a text with nothing refused. str.isprintable() is False for
    # every character of Unicode's Cc, Cf, Cs, Zl and Zp, so a printable text (line feeds
    # aside, when allowed) holds no refused character but the two Hangul fillers (letters, Lo,
    # to Unicode). It is one
    # table lookup per character, several times faster than the regex (measured: 4 ms
    # against 31 for the 2.2 MB of 10,000 releases' schedules).
    probe = text.replace("\n", "") if newlines else text
    if probe.isprintable() and "\u3164" not in probe and "\uffa0" not in probe:
        return None
    found = (_REFUSED_BUT_NEWLINE if newlines else _REFUSED).search(text)
    return found.group() if found else None


def character_name(char: str) -> str:
    """``U+001B (ESCAPE)``, ``U+202E (RIGHT-TO-LEFT OVERRIDE)``: what a person can search for."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


def refusal(text: str, *, newlines: bool = False) -> str | None:
    """Why ``text`` is refused, naming its first bad character; None when it is fine."""
    char = refused_character(text, newlines=newlines)
    if char is None:
        return None
    what = character_name(char)
    if char == "\n":
        return Message(
            N_("contains %(character)s, a line break; write it on one line"), character=what
        )
    if unicodedata.category(char) == "Cc":
        return Message(N_("contains %(character)s, a control character; remove it"), character=what)
    return Message(
        N_(
            "contains %(character)s, an invisible character that can hide or reorder text; "
            "remove it"
        ),
        character=what,
    )


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def printable(text: str, *, newlines: bool = False) -> str:
    """``text`` safe for a terminal: every refused character escaped (``\\x1b``, ``\\u202e``).

    Line feeds are kept when ``newlines`` (a multi-line preview), escaped otherwise (one line
    per problem).
    """
    return (_REFUSED_BUT_NEWLINE if newlines else _REFUSED).sub(_escape, text)


def json_printable(document: str) -> str:
    """A JSON text with every refused character written as a ``\\uXXXX`` escape (still JSON).

    They can only stand inside JSON strings, where the escape means the same character.
    """
    return _REFUSED_BUT_NEWLINE.sub(_json_escape, document)


def json_printable_bytes(document: bytes) -> bytes:
    """``json_printable`` for a UTF-8 JSON text, as UTF-8: the same bytes as
    ``json_printable(document.decode()).encode()``, without decoding a clean ASCII text.

    Raises ``UnicodeDecodeError`` if ``document`` is not UTF-8.
    """
    if document.isascii():
        # Only the ASCII controls can be there: deleting them is one pass in C.
        if len(document.translate(None, _ASCII_REFUSED)) == len(document):
            return document
        return json_printable(document.decode("ascii")).encode("ascii")
    text = document.decode()
    # Two byte searches (memchr) spare the slow astral class to texts with no emoji or the like.
    astral = b"\xf0" in document or b"\xf3" in document
    if re.search(_REFUSED_BMP, text) is None and not (astral and re.search(_REFUSED_ASTRAL, text)):
        return document
    return json_printable(text).encode()


def _json_escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = divmod(code - 0x10000, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
