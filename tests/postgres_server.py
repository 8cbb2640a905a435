"""A throwaway PostgreSQL server for the tests: its own data folder, a free loopback port.

The store's PostgreSQL engine is tested against the real server, not a stand-in. The tests
start one cluster per session (``initdb`` takes about a second) and drop it at the end, so
neither ``.ci/run`` nor a developer has anything to start by hand.

PostgreSQL refuses to run as root, and CI runs as root: then the cluster runs as the
``postgres`` system user that Debian's package creates (``runuser -u postgres``); as anyone
else it runs as that user. Durability settings are off (``fsync``, ``full_page_writes``):
the data folder is thrown away, and a test's crash is a process being killed, which these
settings survive; only a machine losing power needs them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "ostbot"
INSTALL_HINT = (
    "PostgreSQL's server programs (initdb, pg_ctl) were not found: install them "
    "(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql@15) "
    "to run the PostgreSQL tests"
)
# Where Debian's package puts the programs when they are not on PATH.
DEBIAN_BIN = Path("/usr/lib/postgresql")
SYSTEM_USER = "postgres"


class PostgresMissing(RuntimeError):
    """The server programs are not installed (or, as root, there is no user to run them)."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    folder: Path  # its data, sockets and log; deleted when the server stops

    def dsn(self, database: str = "postgres") -> str:
        """A ``postgresql://`` URL for one database on this server."""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{database}"


def find_program(name: str) -> str:
    """The path of a PostgreSQL server program, on PATH or in Debian's versioned folders."""
    found = shutil.which(name)
    if found is not None:
        return found
    folders = DEBIAN_BIN.glob("*/bin")
    for folder in sorted(folders, key=_version, reverse=True):  # newest version first
        if (folder / name).is_file():
            return str(folder / name)
    raise PostgresMissing(INSTALL_HINT)


def _version(folder: Path) -> tuple[int, ...]:
    """``/usr/lib/postgresql/15/bin`` → (15,); a folder not named by a version sorts first."""
    parts = folder.parent.name.split(".")
    return tuple(int(part) for part in parts) if all(p.isdigit() for p in parts) else ()


def free_port() -> int:
    # The port is free now; PostgreSQL binds it a moment later. Another process taking it in
    # between makes pg_ctl fail loudly, never a test pass against the wrong server.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("runuser") is None:
        raise PostgresMissing("running as root, and runuser is missing to start PostgreSQL")
    try:
        subprocess.run(["id", SYSTEM_USER], check=True, capture_output=True)  # noqa: S603,S607 - fixed argv
    except subprocess.CalledProcessError as error:
        raise PostgresMissing(
            f"running as root, and there is no {SYSTEM_USER!r} user to run PostgreSQL as"
        ) from error
    return ["runuser", "-u", SYSTEM_USER, "--"]


def _run(prefix: Sequence[str], *command: str) -> None:
    # PostgreSQL's own programs, with arguments built here from fixed text and temp paths.
    done = subprocess.run(  # noqa: S603
        [*prefix, *command], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}")


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a fresh cluster, yield where it listens, then stop it and delete its folder."""
    initdb, pg_ctl = find_program("initdb"), find_program("pg_ctl")
    prefix = _as_server_user()
    folder = Path(tempfile.mkdtemp(prefix="ostbot-pg-"))
    try:
        if prefix:
            shutil.chown(folder, user=SYSTEM_USER)
        data, sockets = folder / "data", folder / "sockets"
        _run(prefix, initdb, "-D", str(data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
             "--locale=C", "--no-sync", "--no-instructions")  # fmt: skip
        _run(prefix, "mkdir", str(sockets))
        port = free_port()
        options = " ".join(
            [
                f"-p {port}",
                f"-k {sockets}",  # its own socket folder: /var/run/postgresql may not exist
                "-c listen_addresses=127.0.0.1",
                "-c fsync=off",
                "-c full_page_writes=off",
                "-c synchronous_commit=off",
                "-c max_connections=200",  # several bot processes, each with a pool
            ]
        )
        _run(prefix, pg_ctl, "-D", str(data), "-l", str(folder / "server.log"), "-w",
             "-o", options, "start")  # fmt: skip
        try:
            yield PostgresServer(host="127.0.0.1", port=port, user=SUPERUSER, folder=folder)
        finally:
            _run(prefix, pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
