"""The ``ostbot`` command line, run in-process against real files and a real SQLite store."""

from __future__ import annotations

import gc
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain.text import json_printable
from bot.store.errors import EngineFailure
from tests.bot.schedules.bad_cases import CASES, Case, good

REPO = Path(__file__).resolve().parents[2]
SCHEDULES = str(REPO / "schedules")


def dump(db: Path) -> list[str]:
    """Every row of the store, as SQL text: equal dumps mean an unchanged store."""
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "store.sqlite3"
    monkeypatch.setenv("OSTBOT_DB", str(path))
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_accepts_the_shipped_schedules(capsys):
    """`ostbot check schedules/` exits 0 on the repository's schedules."""
    code, out, _ = run(capsys, "check", SCHEDULES)
    assert code == 0
    assert out == "ok: 1 file(s), 4 release(s)\n"


def test_check_writes_nothing(db, capsys):
    """check never creates or touches a store."""
    run(capsys, "check", SCHEDULES)
    assert not db.exists()


def test_import_then_upcoming_lists_the_four_releases(db, capsys):
    """import + upcoming --all --json gives the Soundtrack #1 facts with nulls for the unknown."""
    code, out, _ = run(capsys, "import", SCHEDULES)
    assert code == 0
    assert "soundtrack-1: 4 added, 0 changed, 0 unchanged" in out
    code, out, _ = run(capsys, "upcoming", "--all", "--json")
    assert code == 0
    rows = json.loads(out)
    brief = [(r["id"], r["part"], r["title"], r["artists"], r["at"], r["mv"]) for r in rows]
    assert brief == [
        ("part-1", 1, "Love Beyond Words", ["Kyuhyun"], "2021-12-30T09:00:00+00:00", None),
        ("part-2", 2, "Want to Be Happy", ["Park Bo Ram"], "2022-01-06T09:00:00+00:00", None),
        ("davichi", None, None, ["Davichi"], None, None),
        ("kim-jong-kook", None, None, ["Kim Jong Kook"], None, None),
    ]
    assert {r["drama"] for r in rows} == {"soundtrack-1"}
    assert [r["time_confirmed"] for r in rows] == [False] * 4
    assert {r["status"] for r in rows} == {"scheduled"}


@pytest.mark.parametrize("schedules", [SCHEDULES, "missing-folder"])
def test_import_gives_the_collector_back_as_it_found_it(db, capsys, schedules):
    """import runs with the cyclic collector off, and turns it back on when it ends, whether
    the import succeeded or failed (tests call it in a process that goes on)."""
    assert gc.isenabled()
    run(capsys, "import", schedules)
    assert gc.isenabled()
    gc.disable()
    try:
        run(capsys, "import", schedules)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_upcoming_json_prints_the_stored_documents_escaped(db, capsysbinary):
    """--json prints exactly json_printable("[" + the stored documents joined + "]") and a
    newline, byte for byte, also when a hand-edited store holds an escape or an override."""
    assert main(["import", SCHEDULES]) == 0
    capsysbinary.readouterr()
    with sqlite3.connect(db) as connection:
        connection.execute(
            "UPDATE releases SET doc = replace(doc, 'Love', :hostile) WHERE id = 'part-1'",
            {"hostile": "Lo\x1b[2Jve \u202e드"},
        )
        docs = [
            doc
            for (doc,) in connection.execute(
                "SELECT doc FROM releases ORDER BY at IS NULL, at, drama_id, part, id"
            )
        ]
    assert "\x1b" in docs[0]
    assert main(["upcoming", "--all", "--json"]) == 0
    out = capsysbinary.readouterr().out
    assert out == (json_printable(f"[{','.join(docs)}]") + "\n").encode()
    assert b"Lo\\u001b[2Jve \\u202e\xeb\x93\x9c" in out


def test_upcoming_without_all_hides_past_releases(db, capsys):
    """Without --all only releases from now on (and TBA) are listed."""
    run(capsys, "import", SCHEDULES)
    _, out, _ = run(capsys, "upcoming", "--json", "--now", "2022-01-01T00:00:00+00:00")
    assert [r["id"] for r in json.loads(out)] == ["part-2", "davichi", "kim-jong-kook"]


def test_upcoming_filters_by_artist_and_drama(db, capsys):
    """--artist matches any artist case-insensitively; --drama narrows to one drama."""
    run(capsys, "import", SCHEDULES)
    _, out, _ = run(capsys, "upcoming", "--all", "--json", "--artist", "park bo ram")
    assert [r["id"] for r in json.loads(out)] == ["part-2"]
    _, out, _ = run(capsys, "upcoming", "--all", "--json", "--drama", "nope")
    assert json.loads(out) == []


def test_upcoming_table_marks_unconfirmed_times(db, capsys):
    """The text listing shows KST times, flags unconfirmed ones and puts TBA last."""
    run(capsys, "import", SCHEDULES)
    _, out, _ = run(capsys, "upcoming", "--all")
    lines = out.splitlines()
    assert lines[0].startswith("2021-12-30 18:00 KST*  soundtrack-1/part-1")
    assert lines[3].startswith("TBA")
    assert "time unconfirmed" in lines[-1]


def test_reimport_of_unchanged_files_changes_nothing(db, capsys):
    """A second import of the same files reports nothing changed and leaves rows identical."""
    run(capsys, "import", SCHEDULES)
    before = dump(db)
    code, out, _ = run(capsys, "import", SCHEDULES)
    assert code == 0
    assert out.splitlines() == [
        f"{SCHEDULES}/soundtrack-1.toml → soundtrack-1: unchanged since the last import",
        "nothing changed",
    ]
    assert dump(db) == before


def test_same_content_in_new_bytes_is_unchanged(db, tmp_path, capsys):
    """A comment-only edit is parsed, found unchanged, and only its digest is remembered."""
    schedule = tmp_path / "d.toml"
    schedule.write_text(good("d"))
    run(capsys, "import", str(schedule))
    schedule.write_text("# a reviewer's note\n" + good("d"))
    _, out, _ = run(capsys, "import", str(schedule))
    assert "d: 0 added, 0 changed, 1 unchanged" in out
    _, out, _ = run(capsys, "import", str(schedule))
    assert "d: unchanged since the last import" in out


def test_new_file_cannot_take_the_drama_of_an_unchanged_one(db, tmp_path, capsys):
    """The duplicate-drama rule holds even when the first file is skipped as unchanged."""
    (tmp_path / "a.toml").write_text(good("d"))
    run(capsys, "import", "a.toml")
    (tmp_path / "b.toml").write_text(good("d").replace('title = "First"', 'title = "Other"'))
    code, _, err = run(capsys, "import", "a.toml", "b.toml")
    assert code == 1
    assert err == 'b.toml:2: drama.id: "d" is already used by a.toml\n'


def test_import_reports_changed_and_disappeared(db, tmp_path, capsys):
    """A changed release is reported with its fields; one dropped from the file is kept."""
    schedule = tmp_path / "d.toml"
    schedule.write_text(good("d") + '\n[[release]]\nid = "extra"\nartists = ["X"]\n')
    run(capsys, "import", str(schedule))
    schedule.write_text(good("d", mv='"https://youtu.be/new"'))
    code, out, _ = run(capsys, "import", str(schedule))
    assert code == 0
    assert "changed: part-1 (mv)" in out
    assert 'no longer in the file (kept; retire with status = "cancelled"): extra' in out
    _, listing, _ = run(capsys, "upcoming", "--all", "--json")
    assert [r["id"] for r in json.loads(listing)] == ["part-1", "extra"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_import_prints_the_lines_and_leaves_the_store_unchanged(case: Case, db, capsys):
    """A rejected import exits 1 with the exact problem lines and changes no row."""
    run(capsys, "import", SCHEDULES)
    before = dump(db)
    for name, text in case.files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        Path(name).write_bytes(data)
    code, out, err = run(capsys, "import", *sorted(case.files))
    assert code == 1
    assert err.splitlines() == case.expected
    assert out == ""
    assert dump(db) == before


def test_preview_prints_the_announcement(db, capsys):
    """preview renders the stored release as it will be posted."""
    run(capsys, "import", SCHEDULES)
    code, out, _ = run(capsys, "preview", "soundtrack-1/part-1")
    assert code == 0
    assert out.startswith('┌─ Soundtrack #1 OST Part 1 "Love Beyond Words"')
    assert "Producer: DOKO" in out
    assert "time unconfirmed" in out
    assert "Buttons: none" in out


def test_preview_from_files_needs_no_store(db, capsys):
    """preview --from reads schedule files directly, for review before import."""
    code, out, _ = run(capsys, "preview", "soundtrack-1/part-2", "--from", SCHEDULES)
    assert code == 0
    assert "Lyrics: Park Bo Ram" in out
    assert not db.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["preview", "soundtrack-1"], "name a release as DRAMA/RELEASE"),
        (["preview", "soundtrack-1/part-9", "--from", SCHEDULES], "no such release"),
        (["upcoming"], "no store here yet"),
        (["upcoming", "--tz", "Mars/Base"], "not an IANA time zone name"),
    ],
)
def test_command_errors_are_one_clear_line(db, capsys, argv, message):
    """Bad arguments give exit 1 and a one-line explanation, no traceback."""
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert message in err
    assert len(err.splitlines()) == 1


def test_preview_of_unknown_stored_release_says_not_found(db, capsys):
    """preview of a release the store does not have is a clear error."""
    run(capsys, "import", SCHEDULES)
    code, _, err = run(capsys, "preview", "soundtrack-1/part-9")
    assert code == 1
    assert "part-9" in err


def test_db_default_comes_from_dotenv_like_ostbot_run(tmp_path, monkeypatch, capsys):
    """Without --db or OSTBOT_DB, the store named in .env is used, as ostbot run would."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("OSTBOT_DB", raising=False)
    (tmp_path / ".env").write_text("OSTBOT_DB=from-dotenv.sqlite3\n")
    code, _, _ = run(capsys, "import", SCHEDULES)
    assert code == 0
    assert (tmp_path / "from-dotenv.sqlite3").exists()


def test_reading_commands_do_not_import_discord():
    """The CLI's store commands never load discord.py (half a second of every run)."""
    code = "import sys, bot.cli, bot.commandline.listing; print('discord' in sys.modules)"
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("command", ["listing", "schedule_files"])
def test_listings_and_imports_leave_heavy_modules_unloaded(command, tmp_path):
    """upcoming and import (whose posts are rendered in a child) load neither Babel, dotenv
    (without a .env file), the settings' checks nor the renderer: start-up is most of a
    listing's time (issue 13)."""
    heavy = ["babel", "dotenv", "bot.settings", "bot.render", "bot.store.sql.imports"]
    if command == "schedule_files":
        heavy.remove("bot.store.sql.imports")
    code = (
        f"import sys, bot.cli, bot.commandline.{command}; bot.cli._parser(); "
        f"print([m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "failure",
    [sqlite3.OperationalError("disk I/O error"), EngineFailure("connection lost")],
    ids=["sqlite", "postgresql"],
)
def test_an_engine_failure_mid_command_is_one_line(failure, monkeypatch, capsys):
    """Either engine failing under a command is one stderr line and exit 1, not a traceback."""

    def failing(args):
        raise failure

    monkeypatch.setattr("bot.cli._handler", lambda name: failing)
    assert main(["upcoming"]) == 1
    assert capsys.readouterr().err == f"ostbot: the store failed: {failure}\n"


def test_a_bug_mid_command_keeps_its_traceback(monkeypatch):
    """Anything that is not an engine's failure is a bug: it is raised, not dressed as one."""

    def failing(args):
        raise ZeroDivisionError

    monkeypatch.setattr("bot.cli._handler", lambda name: failing)
    with pytest.raises(ZeroDivisionError):
        main(["upcoming"])
