"""The PostgreSQL engine's own behaviour: named parameters bound by number, one-line errors
that never show the password, and its migrations (the shared behaviour is in the other tests,
which run on both engines)."""

from __future__ import annotations

import asyncpg
import pytest

from bot.store import MigrationError, StoreError, open_store
from bot.store.postgres.database import bind, positional
from bot.store.postgres.schema import bundled_migrations
from bot.store.sqlite.schema import bundled_migrations as sqlite_migrations
from tests.postgres_fixtures import run_aside
from tests.postgres_server import free_port

SECRET = "s3cret-pa55"


def test_each_name_gets_one_number_in_order_of_first_use():
    """`:a ... :b ... :a` becomes `$1 ... $2 ... $1`; casts (`::jsonb`) are left alone."""
    text, names = positional("SELECT :a, :b::jsonb, CAST(:a AS text) WHERE x = :b")
    assert text == "SELECT $1, $2::jsonb, CAST($1 AS text) WHERE x = $2"
    assert names == ("a", "b")
    assert bind("SELECT :b, :a", {"a": 1, "b": 2}) == ("SELECT $1, $2", [2, 1])


def test_positional_values_are_refused():
    """The engine takes named parameters only, as the SQLite one is written."""
    with pytest.raises(TypeError, match="named"):
        bind("SELECT :a", (1,))


def test_both_engines_ship_the_same_migration_steps():
    """Each SQLite migration has its PostgreSQL counterpart of the same name, and no more."""
    assert [name for name, _ in bundled_migrations()] == [m.name for m in sqlite_migrations()]


@pytest.fixture
def fresh_database(postgres) -> str:
    """A URL naming a new, empty database (no template: nothing in it)."""
    name = f"empty_{free_port()}"

    async def create() -> None:
        admin = await asyncpg.connect(postgres.dsn())
        try:
            await admin.execute(f"CREATE DATABASE {name}")
        finally:
            await admin.close()

    run_aside(create)
    return postgres.dsn(name)


async def test_a_new_database_gets_every_migration_recorded_once(fresh_database):
    """Opening an empty database creates the tables and records each bundled migration."""
    async with await open_store(fresh_database) as store:
        recorded = await store.database.fetchall("SELECT name FROM schema_migrations ORDER BY 1")
    async with await open_store(fresh_database) as store:
        again = await store.database.fetchall("SELECT name FROM schema_migrations ORDER BY 1")
    assert [name for (name,) in recorded] == [name for name, _ in bundled_migrations()]
    assert again == recorded


async def test_read_only_open_of_an_empty_database_creates_nothing(fresh_database):
    """A reading command on a database without a store says so and leaves it empty."""
    with pytest.raises(MigrationError, match="no ostbot store in this database yet"):
        await open_store(fresh_database, readonly=True)
    async with await open_store(fresh_database) as store:  # still empty: all migrations apply
        [(count,)] = await store.database.fetchall("SELECT count(*) FROM schema_migrations")
    assert count == len(bundled_migrations())


async def test_someone_elses_database_is_refused(fresh_database):
    """A database with tables but no ostbot history is left alone."""
    connection = await asyncpg.connect(fresh_database)
    try:
        await connection.execute("CREATE TABLE invoices (id INTEGER)")
    finally:
        await connection.close()
    with pytest.raises(MigrationError, match=r"not an ostbot store .* invoices"):
        await open_store(fresh_database)


async def test_a_store_from_a_newer_ostbot_is_refused(postgres_url):
    """A history naming a migration this ostbot does not ship is refused, read-only or not."""
    async with await open_store(postgres_url) as store:
        await store.database.execute(
            "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future.sql', 0)"
        )
    for readonly in (False, True):
        with pytest.raises(MigrationError, match="newer ostbot"):
            await open_store(postgres_url, readonly=readonly)


async def test_a_read_only_store_refuses_writes(postgres_url):
    """Opened read-only, the store reads but any write fails in the database."""
    async with await open_store(postgres_url, readonly=True) as store:
        assert await store.state.get("x") is None
        with pytest.raises(Exception, match="read-only transaction"):
            await store.state.set("x", "y")


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        pytest.param("nobody", "does not exist", id="unknown user"),
        pytest.param("database", 'database "no_such_db" does not exist', id="missing database"),
        pytest.param("port", "Connect call failed", id="nothing listening"),
    ],
)
async def test_an_unusable_url_is_one_line_without_the_password(postgres, where, reason):
    """No server, a refused login or a missing database: one StoreError line, password masked."""
    user, port, database = postgres.user, postgres.port, "postgres"
    if where == "nobody":
        user = "nobody"
    elif where == "database":
        database = "no_such_db"
    else:
        port = free_port()
    url = f"postgresql://{user}:{SECRET}@{postgres.host}:{port}/{database}"
    with pytest.raises(StoreError) as caught:
        await open_store(url)
    message = str(caught.value)
    assert reason in message
    assert SECRET not in message
    assert f"postgresql://{user}:***@{postgres.host}:{port}/{database}: cannot open" in message
    assert "\n" not in message
