"""`ostbot check` and `import` accept a schedule whose posts must be cut, and say where with
`FILE:LINE: field: warning: ...`, exit status 0."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main

NAMES = ", ".join(f'"{"N" * 99}{i % 10}"' for i in range(25))
LINKS = ", ".join(f's{i} = "https://e.com/{i}"' for i in range(25))


def write(folder: Path, *release_lines: str, title: str = "Drama") -> Path:
    """A one-release schedule; ``release_lines`` from line 7 (8 when it adds the artists)."""
    path = folder / "cut.toml"
    head = ["[drama]", 'id = "d"', f'title = "{title}"', "", "[[release]]"]
    body = ['id = "r"', *release_lines, "at = 2030-01-01T18:00:00+09:00"]
    if not any(line.startswith("artists") for line in release_lines):
        body.insert(1, 'artists = ["Singer"]')
    path.write_text("\n".join([*head, *body]) + "\n", "utf-8")
    return path


# (release lines, the field warned about, its line): one case per kind of cut.
CASES = [
    ([f"artists = [{NAMES}]"], "artists", 7),
    (['title = "Love"', f"credits = {{ producer = [{NAMES}] }}"], "credits.producer", 9),
    ([f'title = "{"T" * 200}"'], "title", 8),
    (['mv = "https://youtu.be/x"', f"links = {{ {LINKS} }}"], "links", 9),
    ([f"links = {{ {LINKS} }}"], "links", 8),  # reminder posts: the Remind-me row takes five
    ([f'notes = "{"<" * 500}"', f"artists = [{NAMES}]", f"credits = {{ a = [{NAMES}] }}"],
     "credits.a", 9),
]  # fmt: skip


@pytest.mark.parametrize(("lines", "field", "line"), CASES)
def test_check_warns_at_the_line_of_what_was_cut(tmp_path, capsys, lines, field, line):
    """Each kind of cut is one warning line naming file, line, field and what was left out."""
    path = write(tmp_path, *lines, title="D" * 200 if field == "title" else "Drama")
    assert main(["check", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == "ok: 1 file(s), 1 release(s), 1 cut to fit Discord (see the warnings)\n"
    warnings = err.splitlines()
    assert f"{path}:{line}: release[0].{field}: warning: cut to fit Discord's limits: " in [
        w[: w.index("limits: ") + 8] for w in warnings
    ]
    pattern = re.compile(rf"{re.escape(str(path))}:\d+: release\[0\]\.[\w.-]+: warning: .+")
    assert all(pattern.fullmatch(w) for w in warnings), warnings


def test_a_schedule_that_fits_gets_no_warning(tmp_path, capsys):
    """Nothing cut, nothing said: the output is the plain ok line."""
    path = write(tmp_path, 'title = "Love"', 'credits = { producer = ["DOKO"] }')
    assert main(["check", str(path)]) == 0
    assert capsys.readouterr() == ("ok: 1 file(s), 1 release(s)\n", "")


def test_import_prints_the_same_warnings(tmp_path, capsys):
    """import warns like check, and imports the release all the same."""
    path = write(tmp_path, f"artists = [{NAMES}]")
    assert main(["check", str(path)]) == 0
    checked = capsys.readouterr().err
    assert main(["import", str(path), "--db", str(tmp_path / "s.sqlite3")]) == 0
    out, err = capsys.readouterr()
    assert err == checked
    assert "1 added" in out


def test_the_real_command_exits_0_with_the_warning_on_stderr(tmp_path):
    """Run as a process: exit status 0, the ok line on stdout, the warning on stderr."""
    path = write(tmp_path, f"artists = [{NAMES}]")
    done = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-m", "bot.cli", "check", str(path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("ok: 1 file(s), 1 release(s), 1 cut")
    assert done.stderr.startswith(f"{path}:7: release[0].artists: warning: ")
