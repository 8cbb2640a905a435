"""The ``ostbot`` commands as real processes: store paths that cannot work, read-only stores
(as an unprivileged user, since root writes through file modes), a full disk, --version, --help.

Every wrong path is one stderr line, exit 1, and nothing created or changed.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import resource
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.bot.test_cli import dump
from tests.bot.test_run import PROCESS_TIMEOUT, Finished, bot_environment

REPO = Path(__file__).resolve().parents[2]
SCHEDULES = str(REPO / "schedules")
NOBODY = "nobody"


async def ostbot(
    cwd: Path,
    *argv: str,
    env: dict[str, str] | None = None,
    as_nobody: bool = False,
    preexec: Callable[[], None] | None = None,
) -> Finished:
    """Run ``ostbot ARGV`` in ``cwd`` (no ostbot settings inherited) and wait for it."""
    command = [sys.executable, "-m", "bot.cli", *argv]
    if as_nobody:
        command = ["setpriv", "--reuid", NOBODY, "--regid", "nogroup", "--clear-groups", *command]
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=cwd,
        env=(env or bot_environment(None)) | {"PYTHONPATH": str(REPO)},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        preexec_fn=preexec,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), PROCESS_TIMEOUT)
    assert process.returncode is not None
    return Finished(process.returncode, stdout.decode(), stderr.decode())


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry of ``folder`` with its bytes (None for folders, FIFOs): equal: unchanged."""
    return {
        str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


STORE_COMMANDS = [
    ["import", SCHEDULES],
    ["upcoming"],
    ["preview", "soundtrack-1/part-1"],
    ["calendar"],
]
COMMAND_IDS = ["import", "upcoming", "preview", "calendar"]


def newer(folder: Path) -> None:
    connection = sqlite3.connect(folder / "future.sqlite3")
    connection.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INT)")
    connection.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)")
    connection.commit()
    connection.close()


def foreign(folder: Path) -> None:
    connection = sqlite3.connect(folder / "other.sqlite3")
    connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.commit()
    connection.close()


# (id, --db value, prepare the folder, what the one line says)
BAD_PATHS: list[tuple[str, str, Callable[[Path], object] | None, str]] = [
    ("empty", "", None, "the store path is empty"),
    ("blank", "  ", None, "the store path is empty"),
    ("memory", ":memory:", None, "name a store file, not a SQLite special name"),
    ("uri", "file:x.db?mode=memory", None, "name a store file, not a SQLite special name"),
    ("folder", ".", None, ".: is a folder"),
    ("folder-slash", "sub/", lambda d: (d / "sub").mkdir(), "sub: is a folder"),
    ("no-parent", "missing/store.db", None, "missing/store.db: "),
    (
        "text",
        "notes.txt",
        lambda d: (d / "notes.txt").write_text("milk\neggs\n"),
        "notes.txt: not an ostbot store (not a SQLite database)",
    ),
    (
        "bytes",
        "blob.bin",
        lambda d: (d / "blob.bin").write_bytes(os.urandom(4096)),
        "blob.bin: not an ostbot store (not a SQLite database)",
    ),
    (
        "truncated-header",
        "cut.db",
        lambda d: (d / "cut.db").write_bytes(b"SQLite for"),
        "cut.db: not an ostbot store",
    ),
    ("fifo", "pipe", lambda d: os.mkfifo(d / "pipe"), "pipe: not a regular file"),
    (
        "under-a-file",
        "plain/store.db",
        lambda d: (d / "plain").write_text("x"),
        "plain/store.db: a part of this path is a file, not a folder",
    ),
    ("newer", "future.sqlite3", newer, "the store was written by a newer ostbot"),
    ("foreign", "other.sqlite3", foreign, "not an ostbot store"),
]


@pytest.mark.parametrize("argv", STORE_COMMANDS, ids=COMMAND_IDS)
@pytest.mark.parametrize(
    ("db", "prepare", "message"),
    [case[1:] for case in BAD_PATHS],
    ids=[case[0] for case in BAD_PATHS],
)
async def test_a_store_path_that_cannot_work_is_one_line(tmp_path, argv, db, prepare, message):
    """Every store command, every kind of wrong --db: one line, exit 1, nothing changed."""
    if prepare is not None:
        prepare(tmp_path)
    before = snapshot(tmp_path)
    done = await ostbot(tmp_path, *argv, "--db", db)
    assert done.code == 1, done.output
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert message in line
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("argv", STORE_COMMANDS[1:], ids=COMMAND_IDS[1:])
async def test_reading_an_empty_file_or_no_file_creates_nothing(tmp_path, argv):
    """The reading commands never create a store: no file, or an empty one, is one line."""
    (tmp_path / "empty.db").write_bytes(b"")
    before = snapshot(tmp_path)
    for db, says in (("empty.db", "the file is empty"), ("none.db", "no store here yet")):
        done = await ostbot(tmp_path, *argv, "--db", db)
        assert done.code == 1
        [line] = done.stderr.splitlines()
        assert says in line
    assert snapshot(tmp_path) == before


async def test_importing_into_an_empty_file_makes_it_a_store(tmp_path):
    """An empty file is a new store for import (SQLite treats it as an empty database)."""
    (tmp_path / "empty.db").write_bytes(b"")
    done = await ostbot(tmp_path, "import", SCHEDULES, "--db", "empty.db")
    assert done.code == 0, done.stderr
    assert "4 added" in done.stdout


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder ``nobody`` can reach (pytest's tmp_path is under a root-only folder)."""
    folder = Path(tempfile.mkdtemp(prefix="ostbot-shared-"))
    os.chmod(folder, 0o755)  # noqa: S103 - tests only: let nobody enter it
    try:
        yield folder
    finally:
        os.chmod(folder, 0o755)  # noqa: S103
        shutil.rmtree(folder)


def nobody_can_run_python() -> bool:
    try:
        pwd.getpwnam(NOBODY)
    except KeyError:
        return False
    return os.geteuid() == 0 and shutil.which("setpriv") is not None


needs_nobody = pytest.mark.skipif(
    not nobody_can_run_python(), reason="needs root, setpriv and a 'nobody' user"
)


@needs_nobody
@pytest.mark.parametrize("layout", ["file", "folder", "both"])
async def test_a_read_only_store_is_read_but_never_written(shared, layout):
    """A store nobody may not write (file, folder or both): upcoming, preview and calendar
    read it; import is one line and exit 1; nothing changes."""
    root = await ostbot(shared, "import", SCHEDULES, "--db", "store.db")
    assert root.code == 0, root.stderr
    store = shared / "store.db"
    os.chmod(store, 0o444 if layout in ("file", "both") else 0o666)
    os.chmod(shared, 0o555 if layout in ("folder", "both") else 0o777)
    before = snapshot(shared)
    for argv in (["upcoming", "--all"], ["preview", "soundtrack-1/part-1"], ["calendar"]):
        done = await ostbot(shared, *argv, "--db", "store.db", as_nobody=True)
        assert done.code == 0, (argv, done.stderr)
        assert done.stdout
    done = await ostbot(shared, "import", SCHEDULES, "--db", "store.db", as_nobody=True)
    assert done.code == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("store.db: ")
    assert "read-only" in line
    env = bot_environment(None, DISCORD_TOKEN="MTIz.x.y", OSTBOT_DB="store.db")
    done = await ostbot(shared, "run", env=env, as_nobody=True)
    assert done.code == 1
    assert done.stderr.startswith("store.db: ")
    assert "read-only" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert snapshot(shared) == before


@needs_nobody
async def test_a_new_store_in_a_read_only_folder_is_one_line(shared):
    """import into a folder nobody may not write: one line naming the -wal/-shm need."""
    os.chmod(shared, 0o555)  # noqa: S103 - read-only on purpose
    done = await ostbot(shared, "import", SCHEDULES, "--db", "new.db", as_nobody=True)
    assert done.code == 1
    assert done.stderr.splitlines() == [
        "new.db: folder . is read-only; ostbot needs to create new.db-wal and new.db-shm next "
        "to the store"
    ]
    assert snapshot(shared) == {}


@needs_nobody
async def test_an_unreadable_env_file_is_one_line(shared):
    """A .env nobody may not read: every command says so in one line."""
    env_file = shared / ".env"
    env_file.write_text("OSTBOT_DB=x.db\n")
    env_file.chmod(0o600)
    for argv in (["upcoming"], ["run"]):
        done = await ostbot(shared, *argv, as_nobody=True)
        assert done.code == 1
        assert done.stderr == ".env: cannot read the settings file: Permission denied\n"


def file_size_limit(limit: int) -> Callable[[], None]:
    """A preexec hook: writes past ``limit`` bytes fail with EFBIG (Python ignores SIGXFSZ)."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def big_schedules(folder: Path, files: int, releases: int) -> None:
    folder.mkdir()
    for number in range(files):
        big_schedule(folder / f"big-{number}.toml", f"big-{number}", releases)


def big_schedule(path: Path, drama: str, releases: int) -> None:
    lines = [f'[drama]\nid = "{drama}"\ntitle = "Big"\n']
    for index in range(releases):
        lines.append(
            f'[[release]]\nid = "r{index}"\npart = {index + 1}\nartists = ["Singer {index}"]\n'
            f'date = "2030-01-01"\ntitle = "{"Song title " * 8}{index}"\n'
        )
    path.write_text("\n".join(lines))


async def test_a_full_disk_during_import_leaves_the_store_as_it_was(tmp_path):
    """A file-size limit hit mid-import (EFBIG, as a full disk): one line, exit 1, store intact."""
    first = await ostbot(tmp_path, "import", SCHEDULES, "--db", "store.db")
    assert first.code == 0, first.stderr
    before = dump(tmp_path / "store.db")
    big_schedules(tmp_path / "big", 8, 400)
    size = (tmp_path / "store.db").stat().st_size
    done = await ostbot(
        tmp_path,
        "import",
        "big",
        "--db",
        "store.db",
        preexec=file_size_limit(size + 64 * 1024),
    )
    assert done.code == 1, done.output
    # Long titles also earn "cut to fit Discord" warnings (the events' names); the error is one.
    [line] = [line for line in done.stderr.splitlines() if ": warning: " not in line]
    assert line.startswith("store.db: could not write to the store (")
    assert line.endswith("); it is unchanged")
    assert dump(tmp_path / "store.db") == before


async def test_version_comes_from_the_package_metadata(tmp_path):
    """ostbot --version prints the installed distribution's version."""
    from importlib import metadata

    done = await ostbot(tmp_path, "--version")
    assert done.code == 0
    assert done.stdout == f"ostbot {metadata.version('ostbot')}\n"


@pytest.mark.parametrize(
    "command", ["check", "import", "upcoming", "preview", "calendar", "run", None]
)
async def test_every_command_has_help(tmp_path, command):
    """--help works for ostbot and each subcommand, exit 0."""
    done = await ostbot(tmp_path, *([command] if command else []), "--help")
    assert done.code == 0
    assert done.stdout.startswith("usage: ostbot")


async def test_run_help_lists_every_setting_with_its_default(tmp_path):
    """ostbot run --help: each setting, its default and meaning, and where they are read."""
    from bot.settings import SETTINGS

    done = await ostbot(tmp_path, "run", "--help")
    assert "read from the environment, else from ./.env" in done.stdout
    for name, default, meaning in SETTINGS:
        [row] = [line for line in done.stdout.splitlines() if line.split()[:1] == [name]]
        assert default in row
        assert meaning in row
