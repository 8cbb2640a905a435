"""Every malformed schedule in the corpus fails with its exact ``file:line: field: message``."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import ScheduleError
from bot.schedules import load_paths
from tests.bot.schedules.bad_cases import CASES, Case


def write_case(folder: Path, case: Case) -> None:
    for name, text in case.files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / name).write_bytes(data)


def test_corpus_is_large_enough():
    """The issue asks for at least 30 malformed cases."""
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_file_reports_exact_lines(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Loading the case fails with exactly the expected problem lines, in order."""
    write_case(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScheduleError) as caught:
        load_paths(sorted(case.files))
    assert [str(p) for p in caught.value.problems] == case.expected
