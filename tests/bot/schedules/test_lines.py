"""The line index finds keys where a reviewer would look for them."""

from __future__ import annotations

from bot.schedules.lines import LineIndex

TEXT = '''\
[drama]
id = "d"
synopsis = """
id = "not a key: inside a string"
"""
cast = [
  "A",   # a comment with = sign
  "B",
]

[[release]]
id = "one"
links = { melon = "https://x" }

[[release]]
id = "two"

[release.credits]
producer = ["P"]
'''


def test_keys_and_headers_have_their_lines():
    """Headers, keys and keys of later array items map to their own lines."""
    index = LineIndex(TEXT)
    assert index.line(("drama",)) == 1
    assert index.line(("drama", "id")) == 2
    assert index.line(("drama", "cast")) == 6
    assert index.line(("release", 0)) == 11
    assert index.line(("release", 1, "id")) == 16
    assert index.line(("release", 1, "credits", "producer")) == 19


def test_inline_values_fall_back_to_their_key():
    """A value inside an inline table is reported at its key's line."""
    assert LineIndex(TEXT).line(("release", 0, "links", "melon")) == 13


def test_strings_and_arrays_hide_their_contents():
    """Text inside multi-line strings and arrays is not taken for keys."""
    index = LineIndex(TEXT)
    assert index.path_at(4) is None
    assert index.path_at(7) is None
