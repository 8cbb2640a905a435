"""The tests' throwaway PostgreSQL server starts, answers, and leaves nothing behind."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from tests import postgres_server
from tests.postgres_server import PostgresMissing, find_program
from tests.postgres_server import postgres_server as start


def _psql(server: postgres_server.PostgresServer, sql: str) -> str:
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql (PostgreSQL's client) is not installed")
    done = subprocess.run(  # noqa: S603 - the psql found on PATH, our own SQL
        [psql, server.dsn(), "-XAtc", sql], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_server_answers_and_is_gone_after() -> None:
    """A real PostgreSQL 15+ answers on the port it names; afterwards the port is closed and
    its folder deleted."""
    # The session's own server (tests/postgres_fixtures.py) may be running: only the folder
    # this server made counts.
    before = set(Path(postgres_server.tempfile.gettempdir()).glob("ostbot-pg-*"))
    try:
        with start() as server:
            assert int(_psql(server, "show server_version_num")) >= 150000
            assert _psql(server, "show fsync") == "off"
            folders = set(Path(postgres_server.tempfile.gettempdir()).glob("ostbot-pg-*")) - before
            assert len(folders) == 1
    except PostgresMissing as missing:
        pytest.skip(str(missing))
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect((server.host, server.port))
    assert not folders & set(Path(postgres_server.tempfile.gettempdir()).glob("ostbot-pg-*"))


def test_missing_programs_say_how_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Without the server programs the error says how to install them (the tests skip with it)."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(postgres_server, "DEBIAN_BIN", tmp_path / "nowhere")
    with pytest.raises(PostgresMissing, match="apt-get install postgresql"):
        find_program("initdb")


def test_debian_folder_is_searched_newest_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Off PATH, the newest of Debian's versioned folders wins."""
    for version in ("13", "15", "9", "beta"):
        program = tmp_path / version / "bin" / "initdb"
        program.parent.mkdir(parents=True)
        program.touch()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(postgres_server, "DEBIAN_BIN", tmp_path)
    assert find_program("initdb") == str(tmp_path / "15" / "bin" / "initdb")
