"""The store's SQL names its parameters (``:drama``), never numbers them (``?1``, ``?``)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import bot.store

STORE = Path(bot.store.__file__).parent
# A positional placeholder: a "?" (maybe numbered) standing where a value goes in SQL.
POSITIONAL = re.compile(r"(?:^|[\s(,=<>])\?\d*(?=$|[\s),;])")


def string_literals(path: Path) -> list[tuple[int, str]]:
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [(t.start[0], t.string) for t in tokens if t.type == tokenize.STRING]


def test_no_store_module_uses_positional_parameters():
    """Every string in bot/store (so every SQL statement) uses named parameters only."""
    found = [
        f"{path.relative_to(STORE)}:{line}: {text.strip()[:60]}"
        for path in sorted(STORE.rglob("*.py"))
        for line, text in string_literals(path)
        if POSITIONAL.search(text)
    ]
    assert found == []


def test_the_check_sees_positional_parameters():
    """The pattern catches the forms it must (so the test above can fail)."""
    for sql in ("WHERE id = ?", "VALUES (?, ?)", "SET part = ?3,", "LIMIT ?"):
        assert POSITIONAL.search(sql), sql
    for sql in ("WHERE id = :id", "f'{uri}?mode=ro'", "coalesce(?x"):
        assert not POSITIONAL.search(sql), sql
