"""Only bot/store knows the engines: the rest of the bot imports ``bot.store`` and nothing under
it but its interface, so either engine (SQLite, PostgreSQL) can serve it; and each engine's
dialect stays in its own package."""

from __future__ import annotations

import ast
from pathlib import Path

import bot

BOT = Path(bot.__file__).parent
ENGINE = ("bot.store.sqlite", "aiosqlite", "sqlite3", "bot.store.postgres", "asyncpg")
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
    """No module outside bot/store imports an engine (bot.store.sqlite, bot.store.postgres) or
    its driver (aiosqlite, sqlite3, asyncpg)."""
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


def test_each_engine_keeps_to_its_package():
    """The shared repositories import no engine; neither engine imports the other or its driver."""
    store = BOT / "store"
    rules = {
        "sql": ENGINE,
        "sqlite": ("bot.store.postgres", "asyncpg"),
        "postgres": ("bot.store.sqlite", "aiosqlite", "sqlite3"),
    }
    leaks = {
        f"{folder}/{path.name}": sorted(n for n in imported(path) if n.startswith(forbidden))
        for folder, forbidden in rules.items()
        for path in (store / folder).glob("*.py")
    }
    assert {path: names for path, names in leaks.items() if names} == {}
