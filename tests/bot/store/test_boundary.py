"""Only bot/store knows the engine: the rest of the bot imports ``bot.store`` and nothing under it
but its interface, so a second engine (PostgreSQL) can take SQLite's place."""

from __future__ import annotations

import ast
from pathlib import Path

import bot

BOT = Path(bot.__file__).parent
ENGINE = ("bot.store.sqlite", "aiosqlite", "sqlite3")
# The command line's last-resort net names the engine's errors itself (see bot/cli.py: importing
# the store there would slow every command).
NETS = {"cli.py": {"sqlite3"}}


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_nothing_outside_the_store_imports_the_engine():
    """No module outside bot/store imports bot.store.sqlite, aiosqlite or sqlite3."""
    leaks = {
        str(path.relative_to(BOT)): sorted(
            name
            for name in imported(path)
            if name.startswith(ENGINE) and name not in NETS.get(str(path.relative_to(BOT)), ())
        )
        for path in BOT.rglob("*.py")
        if path.relative_to(BOT).parts[0] != "store"
    }
    assert {path: names for path, names in leaks.items() if names} == {}
