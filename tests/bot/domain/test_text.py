"""Which characters ostbot refuses in text, how it names them, and how it prints any text."""

from __future__ import annotations

import json
import sys
import unicodedata

import pytest

from bot.domain.text import (
    character_name,
    json_printable,
    json_printable_bytes,
    printable,
    refusal,
    refused_character,
)

ALLOWED_FORMATS = {"\u200c", "\u200d"}  # zero-width non-joiner and joiner: scripts and emoji
INVISIBLE_LETTERS = {"\u3164", "\uffa0"}  # Hangul fillers
# Format characters of Unicode 15 (Egyptian hieroglyph controls), newer than this Python's
# unicodedata (14.0): refused already.
NEWER_FORMATS = {chr(code) for code in range(0x13439, 0x13440)}

# A sample of each kind, for the tests that print; the first test covers every code point.
HARMFUL = [
    "\x00",
    "\x07",
    "\x08",
    "\t",
    "\r",
    "\x1b",
    "\x7f",
    "\x85",
    "\x9b",
    "\u00ad",
    "\u061c",
    "\u200b",
    "\u200e",
    "\u200f",
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2028",
    "\u2029",
    "\u2060",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\ufeff",
    "\ud800",
    "\U000e0001",
    "\U000e0041",
    "\u3164",
]
FINE = [
    "Love Beyond Words",
    "사랑인가 봐",  # Korean
    "DOKO & Kim Ji-hyang",
    "\uff26\uff55\uff4c\uff4c\u3000\uff57\uff49\uff44\uff54\uff48",  # full-width, ideographic space
    "👩\u200d🎤 star",  # an emoji sequence joined by U+200D
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, a zero-width non-joiner
    "é (e + combining accent: e\u0301)",
    "נשיקה",  # Hebrew: right-to-left letters are not overrides
]


def expected_refused(char: str, *, newlines: bool) -> bool:
    category = unicodedata.category(char)
    if char == "\n":
        return not newlines
    if category == "Cf" or char in NEWER_FORMATS:
        return char not in ALLOWED_FORMATS
    return category in {"Cc", "Cs", "Zl", "Zp"} or char in INVISIBLE_LETTERS


@pytest.mark.parametrize("newlines", [False, True])
def test_the_refused_set_is_exactly_the_documented_one(newlines):
    """Every code point is refused exactly when the module doc's rule says so."""
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        refused = refused_character(char, newlines=newlines) is not None
        assert refused == expected_refused(char, newlines=newlines), f"U+{code:04X}"


@pytest.mark.parametrize("char", HARMFUL, ids=lambda c: f"U+{ord(c):04X}")
def test_harmful_characters_are_found_in_long_multi_line_text(char):
    """Where line feeds are allowed, a refused character after them, deep in a long text, is
    still the one found (the quick printable test must not let it through)."""
    text = "Song\n" * 1000 + f"Part 1{char}Title\n" + "é" * 1000
    assert refused_character(text, newlines=True) == char
    assert refused_character(text.replace("\n", " "), newlines=False) == char


@pytest.mark.parametrize("text", FINE)
def test_ordinary_text_in_any_script_is_accepted_and_printed_as_is(text):
    """Korean, emoji sequences, full-width and right-to-left letters pass and print unchanged."""
    assert refusal(text) is None
    assert printable(text) == text


@pytest.mark.parametrize("char", HARMFUL, ids=lambda c: f"U+{ord(c):04X}")
def test_harmful_characters_are_refused_by_name(char):
    """The refusal names the code point, wherever it stands in the text."""
    message = refusal(f"Part 1{char}Title")
    assert message is not None
    assert f"U+{ord(char):04X}" in message
    assert message.startswith("contains ")


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x1b", "U+001B (ESCAPE)"),
        ("\x00", "U+0000 (NULL)"),
        ("\x7f", "U+007F (DELETE)"),
        ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("\x9e", "U+009E"),
    ],
)
def test_characters_are_named_as_unicode_names_them(char, name):
    """Control characters get their usual names; others their Unicode name."""
    assert character_name(char) == name


def test_line_feeds_are_allowed_only_where_asked():
    """A line feed is refused by default, allowed with newlines=True; a CR never."""
    assert "U+000A (LINE FEED), a line break" in (refusal("a\nb") or "")
    assert refusal("a\nb", newlines=True) is None
    assert refusal("a\r\nb", newlines=True) is not None


@pytest.mark.parametrize("char", HARMFUL, ids=lambda c: f"U+{ord(c):04X}")
def test_printable_escapes_every_harmful_character(char):
    """Printed text holds no harmful character, only its escape."""
    shown = printable(f"a{char}b")
    assert refused_character(shown) is None
    assert shown.startswith("a\\")
    assert shown.endswith("b")


def test_printable_writes_escapes_python_style():
    """ESC as \\x1b, an override as \\u202e, a tag as \\U000e0041; newlines kept on request."""
    assert printable("\x1b[31mred") == "\\x1b[31mred"
    assert printable("a\u202eb") == "a\\u202eb"
    assert printable("\U000e0041") == "\\U000e0041"
    assert printable("one\ntwo") == "one\\x0atwo"
    assert printable("one\ntwo", newlines=True) == "one\ntwo"


@pytest.mark.parametrize("char", [*HARMFUL[:-4], "\U000e0041"], ids=lambda c: f"U+{ord(c):04X}")
def test_json_printable_keeps_the_json_meaning(char):
    """The escaped JSON reads back to the same value and holds no harmful character."""
    document = json.dumps({"title": f"x{char}y"}, ensure_ascii=False)
    escaped = json_printable(document)
    assert refused_character(escaped) is None
    assert json.loads(escaped) == {"title": f"x{char}y"}


def test_json_printable_bytes_agrees_with_json_printable_on_every_code_point():
    """For each code point UTF-8 can hold, written raw in a JSON text (ASCII ones also beside
    Korean), the bytes variant gives json_printable's text in UTF-8."""
    wrong = []
    for code in (*range(0xD800), *range(0xE000, 0x110000)):
        for around in ("a", "드") if code < 0x80 else ("a",):
            text = f'["{around}{chr(code)}"]'
            if json_printable_bytes(text.encode()) != json_printable(text).encode():
                wrong.append(f"U+{code:04X} beside {around!r}")
    assert wrong == []


def test_json_printable_bytes_escapes_raw_controls_anywhere():
    """A raw control or override outside the JSON encoder's escapes (a hand-edited store) is
    escaped, with emoji and Korean text left as they are."""
    document = '[{"title":"a\x1bb\x7f","notes":"드라마 \u202e 🎵"},\n"\U000e0041"]'
    assert json_printable_bytes(document.encode()) == json_printable(document).encode()
    assert json_printable_bytes(document.encode()) == (
        '[{"title":"a\\u001bb\\u007f","notes":"드라마 \\u202e 🎵"},\n"\\udb40\\udc41"]'.encode()
    )
    assert json_printable_bytes("🎵".encode()) == "🎵".encode()


def test_json_printable_bytes_refuses_what_is_not_utf8():
    """Bytes that are not UTF-8 (a lone continuation byte) raise rather than reach a terminal."""
    with pytest.raises(UnicodeDecodeError):
        json_printable_bytes(b'["\x9b"]')
