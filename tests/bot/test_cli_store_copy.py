"""``ostbot store copy SRC DEST``: what it prints, and every refusal one line on stderr, exit 1,
never a password."""

from __future__ import annotations

import pytest

from bot.store import open_store
from bot.store.copy_tables import TABLES
from tests.bot.store.copy_helpers import fill
from tests.bot.test_cli import run
from tests.postgres_server import free_port

SECRET = "hunter2-secret"


@pytest.fixture
async def source(tmp_path):
    path = tmp_path / "source.sqlite3"
    async with await open_store(path) as store:
        await fill(store)
    return path


def test_a_copy_reports_each_tables_rows(source, tmp_path, capsys):
    """Exit 0; a summary line, then every table with its rows, counted in both stores."""
    code, out, err = run(capsys, "store", "copy", str(source), str(tmp_path / "dest.sqlite3"))
    assert (code, err) == (0, "")
    first, *tables = out.splitlines()
    assert first.startswith("copied ")
    assert f"from {source} to {tmp_path / 'dest.sqlite3'} in " in first
    assert [line.split()[0] for line in tables] == [table.name for table in TABLES]
    assert all(int(line.split()[1].replace(",", "")) > 0 for line in tables)


def test_a_copy_to_postgresql_masks_the_password(source, postgres, postgres_url, capsys):
    """The destination URL is printed with its password as ***."""
    url = postgres_url.replace(f"//{postgres.user}@", f"//{postgres.user}:{SECRET}@")
    code, out, err = run(capsys, "store", "copy", str(source), url)
    assert (code, err) == (0, "")
    assert SECRET not in out
    assert f"to postgresql://{postgres.user}:***@{postgres.host}" in out


def test_a_destination_that_is_not_empty_is_one_line(source, capsys):
    """Copying onto a store that holds rows: exit 1, one line, no traceback."""
    code, out, err = run(capsys, "store", "copy", str(source), str(source))
    assert (code, out) == (1, "")
    [line] = err.splitlines()
    assert "the destination store is not empty" in line


def test_a_missing_source_is_one_line(tmp_path, capsys):
    """A source file that does not exist: exit 1, one line naming it as the source."""
    missing = tmp_path / "missing.sqlite3"
    code, _, err = run(capsys, "store", "copy", str(missing), str(tmp_path / "d.sqlite3"))
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"source: {missing}: no store here yet")


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        pytest.param("nobody", 'role "nobody" does not exist', id="refused login"),
        pytest.param("port", "Connect call failed", id="nothing listening"),
        pytest.param("database", 'database "nowhere" does not exist', id="missing database"),
        pytest.param("bad-port", "invalid", id="malformed URL"),
    ],
)
def test_an_unusable_destination_url_is_one_line_without_its_password(
    source, postgres, capsys, where, reason
):
    """A URL that cannot be used: exit 1, one line naming it as the destination, password ***."""
    user, port, database = postgres.user, str(postgres.port), "postgres"
    if where == "nobody":
        user = "nobody"
    elif where == "port":
        port = str(free_port())
    elif where == "database":
        database = "nowhere"
    else:
        port = "not-a-port"
    url = f"postgresql://{user}:{SECRET}@{postgres.host}:{port}/{database}"
    code, out, err = run(capsys, "store", "copy", str(source), url)
    assert (code, out) == (1, "")
    assert SECRET not in err
    [line] = err.splitlines()
    assert line.startswith(f"destination: postgresql://{user}:***@")
    assert reason in line


def test_an_unusable_source_url_is_one_line(postgres, tmp_path, capsys):
    """The same for a source URL: one line naming it as the source."""
    url = f"postgresql://{postgres.user}:{SECRET}@{postgres.host}:{free_port()}/postgres"
    code, _, err = run(capsys, "store", "copy", url, str(tmp_path / "d.sqlite3"))
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"source: postgresql://{postgres.user}:***@")
    assert SECRET not in err
