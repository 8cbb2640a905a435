"""What the shared repositories need from an engine: a ``Database`` to run named-parameter SQL
on, and a ``Dialect`` for the few things SQLite and PostgreSQL spell differently.

The repositories in ``bot.store.sql`` are written once, in the SQL both engines understand
(``:name`` parameters, ``ON CONFLICT``, ``coalesce``, ``IS NULL``); wherever the two differ the
repository asks its database's dialect for the fragment. The engines (``bot.store.sqlite``,
``bot.store.postgres``) own their dialect, their connections and their migrations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

Row = tuple[Any, ...]
Parameters = Sequence[Any] | Mapping[str, Any]


class Dialect(Protocol):
    @property
    def no_limit(self) -> int | None:
        """The value of a ``LIMIT :limit`` parameter that means "no limit"."""
        ...

    @property
    def skip_locked(self) -> str:
        """Appended to a claim's inner SELECT: lock the rows it picks, passing over rows
        another transaction has locked (empty where one writer runs at a time)."""
        ...

    @property
    def for_update(self) -> str:
        """Appended to a SELECT inside a transaction: lock the rows read until it ends, so
        another process's read-then-write of them waits (empty where one writer runs at a
        time)."""
        ...

    def any_of(self, column: str, parameter: str) -> str:
        """``column`` is one of the values of the list ``parameter`` (see ``list_value``)."""
        ...

    def list_value(self, values: Sequence[Any]) -> Any:
        """The parameter value ``any_of`` expects for ``values``."""
        ...

    def pair_in(self, first: str, second: str, parameter: str) -> str:
        """``(first, second)`` is one of the pairs of the JSON list ``parameter``."""
        ...

    def contains(self, text: str, parameter: str) -> str:
        """``text`` contains the text of ``parameter`` (case as given)."""
        ...

    def same(self, column: str, parameter: str) -> str:
        """``column`` equals ``parameter``, NULL matching NULL."""
        ...

    def json_rows(self, parameter: str, columns: Sequence[tuple[str, str]]) -> str | None:
        """A FROM item named ``r`` with one row per object of the JSON list ``parameter`` and
        the given (name, SQL type) columns, in the list's order: many rows in one statement,
        one round trip, where a statement per row costs one each. None where running the
        statement row by row is faster (an engine in this process pays no round trips)."""

    def joined_utf8(self, column: str, rows: str, order: str) -> str:
        """A query of one value: the texts of ``column`` of ``rows`` (a ``FROM ... WHERE ...``
        fragment) joined by commas in ``order``, as UTF-8 bytes; NULL for no rows."""
        ...


class Database(Protocol):
    """One engine's connection(s): statements with named parameters, and transactions."""

    @property
    def dialect(self) -> Dialect: ...

    async def fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]: ...

    async def execute(self, sql: str, parameters: Parameters = ()) -> None: ...

    async def changed(self, sql: str, parameters: Mapping[str, Any]) -> int:
        """Run a write and return how many rows it inserted, updated or deleted."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Mapping[str, Any]]) -> None: ...

    async def insert_many(
        self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        """Insert ``rows`` into ``table``, each row the values of ``columns`` in that order: the
        batch import's writes, bound by position (no parameter name looked up per value)."""
        ...

    async def changed_many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> int:
        """Run one write over many rows; returns how many rows they changed together."""
        ...

    def atomic(self) -> AbstractAsyncContextManager[None]:
        """A transaction (a savepoint when nested in the same task): all or nothing."""
        ...

    def check_identity(self) -> None: ...

    @property
    def single_process(self) -> bool:
        """Whether one process at most uses this store (SQLite's file lock): a starting
        process may then take back every claim at once, none of them can be alive."""
        ...

    async def close(self) -> None: ...
