"""A small asyncpg pool, named parameters, and transactions for the PostgreSQL engine.

The repositories write ``:name`` parameters, as for SQLite; :func:`positional` turns a
statement into asyncpg's ``$1, $2, ...`` once (cached) and the values are passed in that order,
so no statement is ever numbered by hand.

The pool is small on purpose: one connection holds the process's open transaction while a few
more serve the reads that run beside it (a bot spends its time waiting for Discord, not for the
database). ``POOL_SIZE`` connections per process: PostgreSQL's default of 100 connections serves
about twenty processes.

Transactions: :meth:`Database.atomic` pins one pooled connection to the task that opened it;
that task's statements run on it until the block ends, and a nested ``atomic()`` of the same
task is a savepoint. Other tasks wait for it, as with the SQLite engine's single connection, so
a read-then-write transaction of this process never interleaves with another of its own.
Between processes sharing the database, transactions run at PostgreSQL's READ COMMITTED: the
unique keys are the last guard: of two processes writing the same row at once, one skips it (an
``ON CONFLICT DO NOTHING``) or fails with an error; none writes it twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any, Self, TypeVar

import asyncpg

from bot.store.errors import StoreError
from bot.store.postgres.dialect import DIALECT
from bot.store.postgres.faults import DRIVER_ERRORS, failure

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

    Connection = PoolConnectionProxy[asyncpg.Record]

T = TypeVar("T")
Row = tuple[Any, ...]

POOL_SIZE = 4
CONNECT_TIMEOUT = 10.0  # seconds: a host that does not answer is reported, not waited on
# A bad URL (say, a port that is not a number) is a ValueError from the driver.
_OPEN_ERRORS: tuple[type[Exception], ...] = (*DRIVER_ERRORS, ValueError)
# A ":name" that is not part of a "::type" cast.
_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@functools.lru_cache(maxsize=1024)
def positional(sql: str) -> tuple[str, tuple[str, ...]]:
    """``sql`` with each ``:name`` replaced by ``$n`` (one number per name), and the names in
    number order."""
    numbers: dict[str, int] = {}

    def number(match: re.Match[str]) -> str:
        return f"${numbers.setdefault(match.group(1), len(numbers) + 1)}"

    return _PARAMETER.sub(number, sql), tuple(numbers)


def bind(sql: str, parameters: Sequence[Any] | Mapping[str, Any]) -> tuple[str, list[Any]]:
    """The statement asyncpg runs and its values in order; no parameters: ``sql`` as written."""
    if not parameters:
        return sql, []
    if not isinstance(parameters, Mapping):
        raise TypeError("the PostgreSQL engine takes named parameters only")
    text, names = positional(sql)
    return text, [parameters[name] for name in names]


def _count(status: str) -> int:
    """Rows a command changed, from its status ("INSERT 0 3", "UPDATE 2", "DELETE 0")."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0


class Database:
    """An asyncpg pool plus the bookkeeping ``atomic`` needs."""

    dialect = DIALECT
    # Several ``ostbot run`` share a database: the ledger's claims share the work out.
    single_process = False

    def __init__(self, pool: asyncpg.Pool, shown: str, *, readonly: bool = False) -> None:
        self._pool = pool
        self.path = shown  # the store's URL with its password masked, for messages
        self.readonly = readonly
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._pinned: Connection | None = None

    @classmethod
    async def open(
        cls, dsn: str, *, shown: str, password: str = "", readonly: bool = False
    ) -> Self:
        """Connect; any failure (no server, refused login, no such database) is a one-line
        ``StoreError`` naming ``shown``, never the password."""
        settings = {"application_name": "ostbot"}
        if readonly:
            settings["default_transaction_read_only"] = "on"
        try:
            pool = await asyncpg.create_pool(
                dsn,
                min_size=1,
                max_size=POOL_SIZE,
                timeout=CONNECT_TIMEOUT,
                server_settings=settings,
            )
        except _OPEN_ERRORS as error:
            reason = str(failure(error)).removeprefix("PostgreSQL: ")
            if password:
                reason = reason.replace(password, "***")
            raise StoreError(f"{shown}: cannot open the store: {reason}") from None
        return cls(pool, shown, readonly=readonly)

    def check_identity(self) -> None:
        """Nothing to check: a database on a server cannot be swapped under its clients as a
        file can."""

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[Connection]:
        """The task's pinned connection inside ``atomic``, else one from the pool."""
        if self._pinned is not None and self._owner is asyncio.current_task():
            yield self._pinned
            return
        async with self._pool.acquire() as connection:
            yield connection

    async def _run(self, call: Callable[[Connection], Awaitable[T]]) -> T:
        try:
            async with self._connection() as connection:
                return await call(connection)
        except DRIVER_ERRORS as error:
            raise failure(error) from error

    async def fetchall(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[Row]:
        text, values = bind(sql, parameters)
        records = await self._run(lambda connection: connection.fetch(text, *values))
        return [tuple(record) for record in records]

    async def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> None:
        text, values = bind(sql, parameters)
        await self._run(lambda connection: connection.execute(text, *values))

    async def changed(self, sql: str, parameters: Mapping[str, Any]) -> int:
        text, values = bind(sql, parameters)
        return _count(await self._run(lambda connection: connection.execute(text, *values)))

    async def executemany(self, sql: str, rows: Iterable[Mapping[str, Any]]) -> None:
        text, names = positional(sql)
        values = [[row[name] for name in names] for row in rows]
        await self._run(lambda connection: connection.executemany(text, values))

    async def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        # S608: the table and column names are the repositories' own; values are parameters.
        marks = ", ".join(f"${number}" for number in range(1, len(columns) + 1))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        await self._run(lambda connection: connection.executemany(sql, rows))

    async def changed_many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """One prepared statement run row by row in one transaction: asyncpg's ``executemany``
        returns no counts, and each row's status is what says whether it was new."""
        text, names = positional(sql)

        async def run(connection: Connection) -> int:
            statement = await connection.prepare(text)
            total = 0
            for row in rows:
                await statement.fetch(*[row[name] for name in names])
                total += _count(statement.get_statusmsg() or "")
            return total

        async with self.atomic():
            return await self._run(run)

    @asynccontextmanager
    async def atomic(self) -> AsyncIterator[None]:
        """A transaction: committed on success, rolled back on any exception; nested in the
        same task, a savepoint (asyncpg's nested ``transaction()``)."""
        task = asyncio.current_task()
        if self._pinned is not None and self._owner is task:
            async with self._guarded(self._pinned.transaction()):
                yield
            return
        async with self._lock:
            try:
                connection = await self._pool.acquire()
            except DRIVER_ERRORS as error:
                raise failure(error) from error
            try:
                self._owner, self._pinned = task, connection
                async with self._guarded(connection.transaction()):
                    yield
            finally:
                self._owner = self._pinned = None
                await self._pool.release(connection)

    @asynccontextmanager
    async def _guarded(self, transaction: Any) -> AsyncIterator[None]:
        """``transaction`` entered and left with the driver's errors (a failed BEGIN, COMMIT
        or ROLLBACK) turned into ``EngineFailure``."""
        try:
            await transaction.start()
        except DRIVER_ERRORS as error:
            raise failure(error) from error
        try:
            yield
        except BaseException:
            # The original exception matters more than a failed rollback.
            with contextlib.suppress(*DRIVER_ERRORS):
                await transaction.rollback()
            raise
        try:
            await transaction.commit()
        except DRIVER_ERRORS as error:
            raise failure(error) from error
