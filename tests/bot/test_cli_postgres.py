"""The command line on a PostgreSQL store: --db takes a postgresql:// URL, and a URL that cannot
be used is one line (exit 1) that never shows its password."""

from __future__ import annotations

import json
from pathlib import Path

from bot.cli import main
from bot.commandline.store_lock import store_lock
from tests.bot.test_cli import SCHEDULES, run


def test_import_then_upcoming_through_a_url(postgres_url, capsys, monkeypatch, tmp_path):
    """import --db URL stores the shipped schedules; upcoming --db URL lists them."""
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "import", "--db", postgres_url, SCHEDULES)
    assert code == 0
    assert "soundtrack-1: 4 added, 0 changed, 0 unchanged" in out
    code, out, _ = run(capsys, "upcoming", "--db", postgres_url, "--all", "--json")
    assert code == 0
    assert len(json.loads(out)) == 4


def test_the_ostbot_db_setting_may_be_a_url(postgres_url, capsys, monkeypatch, tmp_path):
    """The URL in OSTBOT_DB is --db's default, as a path is."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OSTBOT_DB", postgres_url)
    assert main(["import", SCHEDULES]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "upcoming", "--all", "--json")
    assert (code, len(json.loads(out))) == (0, 4)


def test_a_missing_database_is_one_line_with_the_password_masked(postgres, capsys, tmp_path):
    """A database that does not exist: exit 1, one line naming the URL without its password."""
    url = f"postgresql://{postgres.user}:hunter2@{postgres.host}:{postgres.port}/nowhere"
    code, out, err = run(capsys, "import", "--db", url, SCHEDULES)
    assert code == 1
    assert "hunter2" not in out + err
    [line] = err.splitlines()
    assert line.startswith(f"postgresql://{postgres.user}:***@")
    assert 'database "nowhere" does not exist' in line


def test_a_url_takes_no_store_lock(tmp_path, monkeypatch):
    """Several processes may share a PostgreSQL store: a URL takes no lock and makes no file."""
    monkeypatch.chdir(tmp_path)
    url = "postgresql://bot@db.example/ostbot"
    with store_lock(url), store_lock(url):
        pass
    assert list(Path(tmp_path).iterdir()) == []
