"""The one SQLite connection: opening it with the right pragmas, and transactions.

The connection runs in autocommit mode (``isolation_level=None``): the sqlite3 module's implicit
transactions would start and commit behind our back, so every transaction here is explicit and
goes through :meth:`Database.atomic`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Self, cast

import aiosqlite

from bot.store.errors import StoreError, StoreGone
from bot.store.sqlite.dialect import DIALECT
from bot.store.sqlite.pragmas import BUSY_TIMEOUT, FAST_READS, LEAN, PRAGMAS

Row = tuple[Any, ...]


def _exists(path: str) -> bool:
    return os.path.exists(path)


def _probe(target: str, uri: bool) -> None:
    """Open ``target`` and read its schema once (a bad or unreachable file fails here)."""
    connection = sqlite3.connect(target, uri=uri)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchall()
    finally:
        connection.close()


def _file_uri(name: str) -> str:
    """``name`` as a ``file:`` URI (percent-encoded), for SQLite's ``mode``/``immutable``."""
    return Path(os.path.abspath(name)).as_uri()


def _identity(path: str) -> tuple[int, int] | None:
    """The file's (device, inode), or None if it is gone."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


class Database:
    """An open aiosqlite connection plus the transaction bookkeeping ``atomic`` needs."""

    dialect = DIALECT

    def __init__(
        self, connection: aiosqlite.Connection, path: str | None = None, *, readonly: bool = False
    ) -> None:
        self._connection = connection
        self._path = path
        self._identity = _identity(path) if path is not None else None
        self.readonly = readonly
        # The task that owns the open transaction and how deep its atomic() blocks are nested.
        # Other tasks wait on the lock: savepoints only make sense within one flow of control.
        self._lock = asyncio.Lock()
        self._owner: asyncio.Task[Any] | None = None
        self._depth = 0

    @classmethod
    async def open(
        cls, path: str | os.PathLike[str], *, lean: bool = False, readonly: bool = False
    ) -> Self:
        """Open ``path`` (read-write, created if missing; or ``readonly``, never written).

        ``readonly`` is for a store this user may not write: it is read through the live WAL if
        there is one, else opened ``immutable`` (nothing created next to it).
        SQLite's errors on open become a ``StoreError`` naming the file.
        """
        name = os.fspath(path)
        if not readonly:
            return await cls._connect(name, name, (*PRAGMAS, *(LEAN if lean else FAST_READS)))
        reading = ("PRAGMA foreign_keys = ON", BUSY_TIMEOUT, *FAST_READS)
        uri = _file_uri(name)
        if _exists(f"{name}-wal"):  # a writer may be live: read through its WAL
            with contextlib.suppress(StoreError):
                return await cls._connect(name, f"{uri}?mode=ro", reading, readonly=True)
        # No WAL (no writer), or one we cannot join: a mode=ro reader would leave -wal and
        # -shm files behind in a writable folder; immutable reads the file and creates nothing.
        return await cls._connect(name, f"{uri}?immutable=1", reading, readonly=True)

    @classmethod
    async def _connect(
        cls, name: str, target: str, pragmas: Sequence[str], *, readonly: bool = False
    ) -> Self:
        uri = target.startswith("file:")
        # Probed with plain sqlite3 first: an aiosqlite connect that fails leaves its worker
        # thread to report to an event loop that may be closed by then (a stray traceback).
        try:
            await asyncio.to_thread(_probe, target, uri)
        except sqlite3.Error as error:
            raise StoreError(f"{name}: cannot open the store: {error}") from None
        connection = await aiosqlite.connect(target, isolation_level=None, uri=uri)
        try:
            for pragma in pragmas:
                await connection.execute(pragma)
            # The first read makes SQLite open the file for real (a bad file fails here).
            await connection.execute_fetchall("SELECT count(*) FROM sqlite_master")
        except BaseException as error:
            await connection.close()
            if isinstance(error, sqlite3.Error):
                raise StoreError(f"{name}: cannot open the store: {error}") from None
            raise
        return cls(connection, name, readonly=readonly)

    @property
    def path(self) -> str:
        """The file this database was opened from (for messages)."""
        return self._path or ":memory:"

    def check_identity(self) -> None:
        """Raise ``StoreGone`` if the store file was deleted or replaced since it was opened.

        A process holding an unlinked file keeps reading and writing it without any error, so
        nothing else would notice; an ``os.stat`` (microseconds) is the whole cost.
        """
        if self._path is None or self._identity is None:
            return
        now = _identity(self._path)
        if now is None:
            raise StoreGone(
                f"{self._path}: the store file was deleted or moved while ostbot ran; stopped "
                "(put it back, or start again with a new store)"
            )
        if now != self._identity:
            raise StoreGone(
                f"{self._path}: the store file was replaced while ostbot ran; stopped (start "
                "again to use the new file)"
            )

    # ``ostbot run`` holds the file's own lock (``bot.commandline.store_lock``): one process.
    single_process = True

    async def close(self) -> None:
        await self._connection.close()

    @property
    def total_changes(self) -> int:
        """Rows changed through this connection since it opened (SQLite's own count)."""
        return self._connection.total_changes

    async def fetchall(
        self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[Row]:
        """Run a query and fetch every row in one trip to the connection's thread."""
        rows = await self._connection.execute_fetchall(sql, parameters)
        # aiosqlite says sqlite3.Row whatever the row factory; with none set, rows are tuples.
        return list(cast("Iterable[Row]", rows))

    async def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> None:
        await self._connection.execute(sql, parameters)

    async def changed(self, sql: str, parameters: Mapping[str, Any]) -> int:
        """Run a write and return how many rows it inserted, updated or deleted."""
        before = self.total_changes
        await self._connection.execute(sql, parameters)
        return self.total_changes - before

    async def executemany(
        self, sql: str, rows: Iterable[Sequence[Any]] | Iterable[Mapping[str, Any]]
    ) -> None:
        """Run one statement over many rows in one trip (the batch import's workhorse)."""
        await self._connection.executemany(sql, rows)

    async def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        # S608: the table and column names are the repositories' own; values are parameters.
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608
        await self._connection.executemany(sql, rows)

    async def changed_many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> int:
        before = self.total_changes
        await self._connection.executemany(sql, rows)
        return self.total_changes - before

    @asynccontextmanager
    async def atomic(self) -> AsyncIterator[None]:
        """A transaction: committed on success, rolled back on any exception.

        Nested inside another ``atomic()`` of the same task it is a savepoint, so an inner failure
        that the caller catches undoes only the inner block. The outer transaction starts with
        ``BEGIN IMMEDIATE``: it takes the write lock up front, so a read-then-write transaction
        can never fail half-way because another process wrote in between.
        """
        task = asyncio.current_task()
        if not self._depth:
            self.check_identity()  # never commit to a file nobody will read again
        if self._depth and self._owner is task:
            async with self._savepoint():
                yield
            return
        async with self._lock:
            self._owner = task
            try:
                async with self._transaction():
                    yield
            finally:
                self._owner = None

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[None]:
        await self.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            await self._rollback_if_open()
            raise
        self._depth = 0
        try:
            await self.execute("COMMIT")
        except BaseException:
            await self._rollback_if_open()
            raise

    @asynccontextmanager
    async def _savepoint(self) -> AsyncIterator[None]:
        name = f"atomic_{self._depth}"
        await self.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            # ROLLBACK TO undoes the block but keeps the savepoint open; RELEASE then closes it.
            await self.execute(f"ROLLBACK TO {name}")
            await self.execute(f"RELEASE {name}")
            raise
        self._depth -= 1
        await self.execute(f"RELEASE {name}")

    async def _rollback_if_open(self) -> None:
        # A failed COMMIT or some errors (e.g. SQLITE_FULL) may already have ended the transaction.
        if self._connection.in_transaction:
            # The original exception matters more than a failed rollback of a dead transaction.
            with contextlib.suppress(sqlite3.Error):
                await self.execute("ROLLBACK")
