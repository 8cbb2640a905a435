"""The real ``ostbot`` as a subprocess: one bad file of each class gets its lines and exit 1,
never a traceback; a store holding what older versions let in still lists and previews, with
nothing harmful reaching the terminal."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.domain import Drama, Release, Schedule
from bot.domain.text import refused_character
from bot.store import open_store
from tests.bot.schedules.input_cases import CLASSES, Case
from tests.bot.schedules.test_bad_files import write_case

REPO = Path(__file__).resolve().parents[3]
ONE_OF_EACH = [cases[0] for cases in CLASSES.values()] + [
    next(c for c in CLASSES["harm"] if c.name == "ANSI red in release.title"),
    next(c for c in CLASSES["harm"] if c.name == "RLO raw in a comment"),
]


def ostbot(folder: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "OSTBOT_DB": str(folder / "store.sqlite3")}
    return subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bot.cli", *argv],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        check=False,
        timeout=60,
    )


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.mark.parametrize("case", ONE_OF_EACH, ids=[c.name for c in ONE_OF_EACH])
def test_ostbot_check_and_import_answer_each_class_in_lines(case: Case, tmp_path: Path):
    """`ostbot check` and `ostbot import` exit 1 with exactly the lines, no traceback, and the
    store keeps what it had."""
    assert ostbot(tmp_path, "import", str(REPO / "schedules")).returncode == 0
    before = dump(tmp_path / "store.sqlite3")
    write_case(tmp_path, case)
    for command in ("check", "import"):
        result = ostbot(tmp_path, command, *sorted(case.files))
        assert (result.returncode, result.stdout) == (1, ""), result.stderr
        assert result.stderr.splitlines() == case.expected
    assert dump(tmp_path / "store.sqlite3") == before


HOSTILE = Drama(id="edge", title="Edge\x1b[31mRED", timezone="Pacific/Kiritimati")
STORED = (
    Release(
        "edge",
        "late",
        ("A\u202eB",),
        title="T\x1b]0;pwned\x07",
        at=datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
        time_confirmed=True,
        notes="line\x1b[2J\nnext\u2028line",
        mv="https://youtu.be/\x1b[5m",
    ),
    Release("edge", "early", ("A",), at=datetime(1, 1, 1, tzinfo=UTC), time_confirmed=True),
    Release("edge", "tba", ("Z\x00",)),
)


@pytest.fixture
def hostile_store(tmp_path: Path) -> Path:
    """A store as an older ostbot (or a hand edit) could leave it: years 1 and 9999, control
    characters and overrides in text."""

    async def write() -> None:
        async with await open_store(tmp_path / "store.sqlite3") as store:
            schedule = Schedule("edge.toml", HOSTILE, STORED)
            await store.releases.import_schedules([schedule], now=datetime.now(UTC))

    asyncio.run(write())
    return tmp_path


@pytest.mark.parametrize(
    "argv",
    [
        ["upcoming"],
        ["upcoming", "--all"],
        ["upcoming", "--all", "--tz", "Pacific/Kiritimati"],
        ["upcoming", "--all", "--tz", "Etc/GMT+12"],
        ["upcoming", "--all", "--json"],
        ["preview", "edge/late"],
        ["preview", "edge/early"],
        ["preview", "edge/tba"],
        ["preview", "\x1b[31medge/x"],
    ],
    ids=lambda argv: " ".join(argv).encode("unicode_escape").decode(),
)
def test_reading_commands_survive_a_hostile_store(hostile_store: Path, argv: list[str]):
    """upcoming and preview never crash on stored edge instants and print nothing harmful."""
    result = ostbot(hostile_store, *argv)
    assert "Traceback" not in result.stderr
    assert result.returncode == (1 if argv[-1].startswith("\x1b") else 0), result.stderr
    assert refused_character(result.stdout, newlines=True) is None
    assert refused_character(result.stderr, newlines=True) is None


@pytest.mark.parametrize("argv", [["calendar"], ["calendar", "--drama", "edge"]])
def test_calendar_survives_a_hostile_store(hostile_store: Path, argv: list[str]):
    """The .ics export of stored edge instants exits 0, no traceback (its text is the
    renderer's to clean)."""
    result = ostbot(hostile_store, *argv)
    assert (result.returncode, "Traceback" in result.stderr) == (0, False), result.stderr
    assert "DTSTART:99991231T235959Z" in result.stdout


def test_upcoming_shows_an_instant_its_zone_cannot_in_utc(hostile_store: Path):
    """Year 9999 seen from UTC+14 would be year 10000: the row says the UTC time instead."""
    result = ostbot(hostile_store, "upcoming", "--all", "--tz", "Pacific/Kiritimati")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("0001-01-01 ")
    assert lines[1].startswith("9999-12-31 23:59 UTC  edge/late")
    assert '"T\\x1b]0;pwned\\x07" — A\\u202eB' in lines[1]


def test_a_hostile_file_path_is_printed_escaped(tmp_path: Path):
    """A file name with an escape sequence is escaped in the problem line."""
    result = ostbot(tmp_path, "check", "\x1b[31mmissing.toml")
    assert result.returncode == 1
    assert result.stderr == "\\x1b[31mmissing.toml:1: file: no such file or folder\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["upcoming", "--db", "\x1b[31mnowhere/store.sqlite3"],
        ["upcoming", "--tz", "Asia/\x1b[2JSeoul"],
        ["import", "--db", "no\u202eroom/x.sqlite3", "also-missing.toml"],
        ["calendar", "--drama", "x", "--out", "\x1b]0;t\x07/missing/out.ics"],
        ["preview", "\u202eedge/x", "--db", "\x9bnowhere.sqlite3"],
    ],
    ids=lambda argv: " ".join(argv).encode("unicode_escape").decode(),
)
def test_every_error_line_escapes_what_the_user_typed(tmp_path: Path, argv: list[str]):
    """Whatever the command, an error quoting a hostile argument prints it escaped, in one line."""
    result = ostbot(tmp_path, *argv)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert refused_character(result.stderr, newlines=True) is None, result.stderr
