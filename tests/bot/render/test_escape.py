"""Text helpers: escaping, stripping, cutting with an ellipsis and cutting lists of names."""

from __future__ import annotations

import pytest

from bot.render.escape import clean, join_names, plain, strip_unsafe, truncate


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("a\x00b", "ab"),
        ("\x1b[31mred", "[31mred"),
        ("l\u202eevil", "levil"),
        ("\u2066iso\u2069", "iso"),
        ("c1\x85\x9b", "c1"),
        ("del\x7f", "del"),
        ("cr\r\nlf", "cr\nlf"),
        ("tab\t", "tab"),
        ("한국어 👩‍👩‍👧 é", "한국어 👩‍👩‍👧 é"),
    ],
)
def test_control_and_bidi_characters_are_stripped_newlines_kept(raw, kept):
    """C0/C1 controls (not newline) and bidi overrides/isolates go; other text stays."""
    assert strip_unsafe(raw) == kept
    assert clean(raw) == kept


@pytest.mark.parametrize(
    "markup",
    ["<t:1:R>", "<T:1>", "</ost info:1>", "<:e:1>", "<a:e:1>", "<A:e:1>", "<#1>", "<@1>",
     "<@!1>", "<@&1>", "<id:home>", "@everyone", "@here"],
)  # fmt: skip
def test_markup_is_defused_by_an_invisible_character(markup):
    """Every kind of Discord markup loses its meaning and keeps its look."""
    for render in (clean, plain):
        shown = render(f"x {markup} y")
        assert markup not in shown
        assert shown.replace("\u200b", "").replace("\\", "") == f"x {markup} y"


def test_ordinary_angle_brackets_and_at_signs_are_left_alone():
    """Only markup is touched: "<3", "a < b" and e-mail-like text stay as typed."""
    assert clean("<3 a < b me@x.com") == "<3 a < b me@x.com"


@pytest.mark.parametrize("limit", [1, 2, 5, 80, 100])
@pytest.mark.parametrize("text", ["a" * 200, "\\" * 200, "ab\\" * 70, "한" * 150])
def test_truncate_keeps_the_limit_and_never_ends_on_an_escape(text, limit):
    """Cut text fits, ends with an ellipsis, and no lone backslash escapes that ellipsis."""
    cut = truncate(text, limit)
    assert len(cut) <= limit
    assert cut.endswith("…")
    body = cut[:-1]
    assert (len(body) - len(body.rstrip("\\"))) % 2 == 0


@pytest.mark.parametrize("limit", [1, 5, 20, 40, 101, 500, 2600])
@pytest.mark.parametrize("count", [1, 2, 25])
def test_join_names_fits_and_says_how_many_more(limit, count):
    """A cut list stays within the limit and says how many names it leaves out."""
    names = [f"{i:02}" + "N" * 98 for i in range(count)]
    text, left_out = join_names(names, limit)
    assert len(text) <= limit
    if text == ", ".join(names):
        assert left_out == 0
    elif left_out and limit >= 20:
        assert text.endswith(f"… and {left_out} more")
    else:  # one name, itself cut short, or no room even for "… and N more"
        assert text.endswith("…") or not text
