"""``ostbot calendar``: the shipped schedule as an .ics file or on stdout, curated releases only."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.cli import main

REPO = Path(__file__).resolve().parents[3]
SCHEDULES = str(REPO / "schedules")
BEFORE_PART_1 = "2021-12-01T00:00:00+00:00"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store holding the shipped Soundtrack #1 schedule (2 dated releases, 2 TBA); tests
    discard the import's output with a first ``readouterr()``."""
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("OSTBOT_DB", str(path))
    assert main(["import", SCHEDULES]) == 0
    return path


def test_writes_a_file_that_parses(db, tmp_path, capsys):
    """--out FILE writes an .ics with one event per dated release; the summary goes to stderr."""
    capsys.readouterr()
    out = tmp_path / "ost.ics"
    code = main(["calendar", "--out", str(out), "--now", BEFORE_PART_1])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out == ""
    assert (
        captured.err == f"wrote 2 event(s) to {out}; 2 release(s) with no date yet (TBA) left out\n"
    )
    calendar = Calendar.from_ical(out.read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == [
        "soundtrack-1/part-1@ostbot",
        "soundtrack-1/part-2@ostbot",
    ]
    assert events[0].decoded("DTSTART") == datetime(2021, 12, 30, 9, tzinfo=UTC)
    assert str(events[0]["SUMMARY"]) == (
        'Soundtrack #1 OST Part 1 "Love Beyond Words" — Kyuhyun (time unconfirmed)'
    )
    assert str(events[0]["STATUS"]) == "TENTATIVE"


def test_dash_or_no_out_prints_to_stdout(db, capsysbinary):
    """--out - (and no --out) print the same .ics on stdout."""
    capsysbinary.readouterr()
    assert main(["calendar", "--out", "-", "--now", BEFORE_PART_1]) == 0
    dashed = capsysbinary.readouterr().out
    assert main(["calendar", "--now", BEFORE_PART_1]) == 0
    plain = capsysbinary.readouterr().out
    assert dashed == plain
    assert dashed.startswith(b"BEGIN:VCALENDAR\r\n")
    assert len(Calendar.from_ical(dashed).walk("VEVENT")) == 2


def test_filters(db, capsysbinary):
    """--drama and --artist narrow the events like `ostbot upcoming`'s."""
    capsysbinary.readouterr()
    main(["calendar", "--artist", "park bo ram", "--now", BEFORE_PART_1])
    events = Calendar.from_ical(capsysbinary.readouterr().out).walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["soundtrack-1/part-2@ostbot"]
    main(["calendar", "--drama", "nope", "--now", BEFORE_PART_1])
    captured = capsysbinary.readouterr()
    assert Calendar.from_ical(captured.out).walk("VEVENT") == []
    assert captured.err == b"wrote 0 event(s)\n"


def test_missing_store_is_refused(tmp_path, capsys):
    """Like every reading command, it never creates a store."""
    missing = tmp_path / "none.sqlite3"
    assert main(["calendar", "--db", str(missing)]) == 1
    assert "no store here yet" in capsys.readouterr().err
    assert not missing.exists()


def test_unwritable_out_is_one_line(db, tmp_path, capsys):
    """A path that cannot be written is one line on stderr and exit status 1."""
    capsys.readouterr()
    assert main(["calendar", "--out", str(tmp_path / "no" / "such" / "dir.ics")]) == 1
    assert capsys.readouterr().err.startswith("--out: cannot write ")


def test_does_not_import_discord():
    """ostbot calendar never loads discord.py (half a second of every run)."""
    code = "import sys, bot.cli, bot.commandline.calendar; print('discord' in sys.modules)"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
