"""``ostbot web`` as a real process: it serves the store read-only, and what a user can get
wrong is one line on stderr with exit status 1."""

from __future__ import annotations

import socket
import subprocess
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.web.pages import world
from tests.web.pages.process import START_TIMEOUT, running_web, web_command, web_environment


@pytest.fixture
async def store_file(tmp_path: Path) -> Path:
    path = tmp_path / "ostbot.sqlite3"
    await world.build(path, datetime.now(UTC))
    return path


def run_web(
    tmp_path: Path, *args: str, db: Path | str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command line
        web_command(db or tmp_path / "ostbot.sqlite3", *args),
        cwd=tmp_path,
        env=web_environment(**env),
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
        check=False,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in folder.iterdir() if path.is_file()}


def test_it_serves_the_pages_and_stops_on_sigterm_leaving_the_store_alone(store_file, tmp_path):
    """GET / answers from the store; SIGTERM ends it with 0; the store's bytes never change."""
    before = snapshot(tmp_path)
    with (
        running_web(store_file, tmp_path) as web,
        urllib.request.urlopen(f"{web.url}/dramas/sea-of-stars") as response,  # noqa: S310
    ):
        body = response.read().decode()
        assert response.status == 200
        assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Sea of Stars" in body
    assert snapshot(tmp_path) == before


def test_a_missing_store_is_one_line_and_nothing_is_created(tmp_path):
    """No store at --db: one line naming it, exit 1, no file created."""
    done = run_web(tmp_path, db=tmp_path / "missing.sqlite3")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert "missing.sqlite3: no store here yet" in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("listen", "message"),
    [
        ("8080", "must be HOST:PORT"),
        ("127.0.0.1:http", "port 'http' must be a number"),
        ("127.0.0.1:70000", "must be a number from 0 to 65535"),
        ("::1:8080", "write an IPv6 address in brackets"),
        ("[nope]:8080", "is not an IPv6 address"),
        ("bad host:8080", "is not a host name or address"),
    ],
)
def test_a_bad_listen_value_is_one_line(store_file, tmp_path, listen, message):
    """--listen that is not HOST:PORT: one line saying why, exit 1."""
    done = run_web(tmp_path, "--listen", listen)
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert f"--listen {listen!r}: " in done.stderr
    assert message in done.stderr


def test_a_port_in_use_is_one_line(store_file, tmp_path):
    """Another socket holds the port: one line naming the address, exit 1."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run_web(tmp_path, "--listen", f"127.0.0.1:{port}")
    assert done.returncode == 1
    assert done.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}: " in done.stderr


def test_a_bad_public_url_is_one_line(store_file, tmp_path):
    """OSTBOT_PUBLIC_URL that is not an http(s) address: one line naming it, exit 1."""
    done = run_web(tmp_path, OSTBOT_PUBLIC_URL="ftp://example.org")
    assert done.returncode == 1
    assert done.stderr.startswith("OSTBOT_PUBLIC_URL='ftp://example.org': expected the web's")
    assert done.stderr.count("\n") == 1


def test_the_public_url_makes_the_subscribe_links(store_file, tmp_path):
    """With OSTBOT_PUBLIC_URL set, the pages' calendar links use it (webcal:// and https://)."""
    public = {"OSTBOT_PUBLIC_URL": "https://ost.example.org/"}
    with (
        running_web(store_file, tmp_path, **public) as web,
        urllib.request.urlopen(f"{web.url}/?artist=IU") as response,  # noqa: S310
    ):
        body = response.read().decode()
    assert 'href="webcal://ost.example.org/calendar.ics?artist=IU"' in body
    assert 'href="https://ost.example.org/calendar.ics?artist=IU"' in body
