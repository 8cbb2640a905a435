"""Every class of hostile or unlucky schedule input gets its exact ``file:line`` lines, the
same from the parser, from ``ostbot check`` and from ``ostbot import``, and changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.cli import main
from bot.domain import ScheduleError
from bot.domain.text import refused_character
from bot.schedules import load_paths, loader, parse_text
from tests.bot.schedules.bad_cases import GOOD, good
from tests.bot.schedules.input_cases import CLASSES, CLI_CASES, INPUT_CASES, Case, in_zone, with_at
from tests.bot.schedules.test_bad_files import write_case

REPO = Path(__file__).resolve().parents[3]
SCHEDULES = str(REPO / "schedules")


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSTBOT_DB", str(tmp_path / "store.sqlite3"))
    return tmp_path


def test_every_class_has_many_variants():
    """Each class is covered by several variants, not one example."""
    assert all(len(cases) >= 5 for cases in CLASSES.values()), {
        name: len(cases) for name, cases in CLASSES.items()
    }
    assert len({c.name for c in INPUT_CASES}) == len(INPUT_CASES)


@pytest.mark.parametrize("case", INPUT_CASES, ids=[c.name for c in INPUT_CASES])
def test_the_parser_answers_with_the_exact_lines(case: Case, folder: Path):
    """load_paths raises ScheduleError with exactly the expected lines, nothing else."""
    write_case(folder, case)
    with pytest.raises(ScheduleError) as caught:
        load_paths(sorted(case.files))
    assert [str(p) for p in caught.value.problems] == case.expected


@pytest.mark.parametrize("case", CLI_CASES, ids=[c.name for c in CLI_CASES])
def test_check_and_import_agree_and_the_store_is_unchanged(
    case: Case, folder: Path, capsys: pytest.CaptureFixture[str]
):
    """check and import exit 1 with the same lines, none holding a harmful character, and
    import leaves the store exactly as it was."""
    assert main(["import", SCHEDULES]) == 0
    before = dump(folder / "store.sqlite3")
    write_case(folder, case)
    capsys.readouterr()
    assert main(["check", *sorted(case.files)]) == 1
    checked = capsys.readouterr()
    assert main(["import", *sorted(case.files)]) == 1
    imported = capsys.readouterr()
    assert checked.err.splitlines() == case.expected
    assert imported.err.splitlines() == case.expected
    assert checked.out == imported.out == ""
    assert refused_character(checked.err, newlines=True) is None
    assert dump(folder / "store.sqlite3") == before


@pytest.mark.parametrize(
    ("text", "at"),
    [
        (b"\xef\xbb\xbf" + GOOD.encode(), "2030-01-01T09:00:00+00:00"),
        (in_zone("America/New_York", with_at("2026-11-01T01:30:00")), "2026-11-01T05:30:00+00:00"),
        (in_zone("Europe/London", with_at("2026-10-25T01:30:00")), "2026-10-25T00:30:00+00:00"),
        (with_at("1970-01-01T00:00:00Z"), "1970-01-01T00:00:00+00:00"),
        (with_at("2200-12-31T23:59:59Z"), "2200-12-31T23:59:59+00:00"),
        (in_zone("Pacific/Kiritimati", good(date="2200-12-31")), "2200-12-31T04:00:00+00:00"),
        (with_at("2026-12-30T18:00:00.000+09:00"), "2026-12-30T09:00:00+00:00"),
    ],
    ids=[
        "BOM",
        "New York overlap",
        "London overlap",
        "first second",
        "last second",
        "Kiritimati",
        "zero fraction",
    ],
)
def test_files_at_the_edges_that_are_fine_import_as_documented(
    text: str | bytes, at: str, folder: Path, capsys: pytest.CaptureFixture[str]
):
    """A BOM is dropped, an overlap is its first occurrence, the range ends are inside."""
    data = text if isinstance(text, bytes) else text.encode()
    (folder / "edge.toml").write_bytes(data)
    assert main(["check", "edge.toml"]) == 0
    assert main(["import", "edge.toml"]) == 0
    capsys.readouterr()
    assert main(["upcoming", "--all", "--json"]) == 0
    assert f'"at":"{at}"' in capsys.readouterr().out


@pytest.mark.parametrize(
    "notes",
    ['"one\\ntwo"', '"""\nFirst line.\nSecond line.\n"""', "'''literal\nlines'''"],
)
def test_notes_and_synopsis_may_hold_line_feeds(notes: str):
    """Line breaks are allowed where text is prose: notes and synopsis."""
    text = good(notes=notes).replace(
        'title = "Good Drama"', f'title = "Good Drama"\nsynopsis = {notes}'
    )
    schedule = parse_text(text, "fine.toml")
    assert "\n" in (schedule.releases[0].notes or "")
    assert "\n" in (schedule.drama.synopsis or "")


@pytest.mark.parametrize(
    "url",
    [
        "https://youtu.be/x",
        "https://www.melon.com/song/detail.htm?songId=1#top",
        "https://music.youtube.com",
        "https://open.spotify.com:443/track/1",
        "https://xn--3e0b707e.xn--3e0b707e/",
        "https://한국.kr/노래",
        "https://a-b.c-d.co.kr/x%20y",
    ],
)
def test_real_host_names_are_accepted(url: str):
    """Dotted host names (any script, IDNA, a port) with any path pass."""
    schedule = parse_text(good(mv=f'"{url}"'), "fine.toml")
    assert schedule.releases[0].mv == url


def test_import_points_the_stores_own_refusals_at_their_lines(
    folder: Path, capsys: pytest.CaptureFixture[str]
):
    """A part held by a release that left the file is found by the store; the line is real."""
    two = good() + '\n[[release]]\nid = "p2"\npart = 2\nartists = ["B"]\n'
    (folder / "d.toml").write_text(two)
    assert main(["import", "d.toml"]) == 0
    before = dump(folder / "store.sqlite3")
    (folder / "d.toml").write_text(good(part="2"))
    capsys.readouterr()
    assert main(["import", "d.toml"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("d.toml:7: release[0].part: part 2 is still held by release")
    assert dump(folder / "store.sqlite3") == before


def test_a_file_imported_under_older_rules_is_checked_again(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """Import skips a byte-identical file only while the rules are the same: after an upgrade
    (a new RULES_VERSION) the file is parsed again, so the new rules apply to it."""
    (folder / "a.toml").write_text(GOOD)
    assert main(["import", "a.toml"]) == 0
    assert main(["import", "a.toml"]) == 0
    assert "unchanged since the last import" in capsys.readouterr().out
    monkeypatch.setattr(loader, "RULES_VERSION", b"ostbot schedule rules next\n")
    assert main(["import", "a.toml"]) == 0
    assert "good: 0 added, 0 changed, 1 unchanged" in capsys.readouterr().out
