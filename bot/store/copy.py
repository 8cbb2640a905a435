"""``ostbot store copy SRC DEST``: a whole store into an empty one, either engine to either.

The source is opened read-only (its schema must be this ostbot's) and read in one snapshot, a
page of rows at a time in each table's key order; the destination is created or migrated first,
then filled in one transaction: it ends up with every row or, if anything fails, with none. The
tables and their order are ``bot.store.copy_tables.TABLES``; the columns are read from the
schema, so a column a migration adds is copied with the rest. Ids are copied as they are, and a
PostgreSQL destination's sequences moved past them.

Before the transaction commits, each table's rows are counted three times: in the source's
snapshot, as read, and in the destination; any difference undoes the copy. Once committed,
a PostgreSQL destination's planner statistics are gathered (``ANALYZE``), so the bot's first
queries on it are planned for the rows it holds rather than for empty tables.
"""

# S608: the only text spliced into SQL here is the table and column names of the schema.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from bot.store.copy_tables import BOOKKEEPING, TABLES, CopiedTable
from bot.store.errors import StoreError
from bot.store.sql.engine import Database
from bot.store.sqlite import paths as sqlite_paths
from bot.store_targets import StoreTarget, is_url

# Rows per page read and per batch written: big enough that round trips do not dominate, small
# enough that a page of releases (each with its JSON document) stays a few MB.
BATCH = 2000


class CopyEnd(Protocol):
    """One engine's store as the source or the destination of a copy."""

    @property
    def database(self) -> Database: ...

    @property
    def shown(self) -> str:
        """Where it is, for messages (a URL's password masked)."""
        ...

    async def tables(self) -> set[str]: ...

    async def columns(self, table: str) -> list[str]: ...

    def snapshot(self) -> AbstractAsyncContextManager[None]:
        """Reads that all see the store as it was at the first one."""
        ...

    def insert(self, table: str, columns: Sequence[str]) -> str:
        """An INSERT of one row with a ``:column`` parameter per column, ids as given."""
        ...

    async def advance_counters(self) -> None: ...

    async def after_commit(self, tables: Sequence[str]) -> None:
        """Anything the engine needs once the copied rows are committed."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class CopyReport:
    source: str
    destination: str
    counts: tuple[tuple[str, int], ...]  # (table, rows), in copy order; equal on both sides

    @property
    def rows(self) -> int:
        return sum(count for _, count in self.counts)


async def copy_store(
    source: StoreTarget, destination: StoreTarget, *, batch: int = BATCH
) -> CopyReport:
    """Copy the store at ``source`` into the empty store at ``destination`` (created if it is a
    file that does not exist). ``StoreError`` (one line, passwords masked) for a store that
    cannot be opened, a destination that is not empty, or counts that differ."""
    async with _opened(source, readonly=True) as src, _opened(destination) as dest:
        await _check_tables(src)
        await _check_tables(dest)
        async with src.snapshot(), dest.database.atomic():
            await _refuse_filled(dest)
            counts = [(table.name, await _copy_table(src, dest, table, batch)) for table in TABLES]
            await dest.advance_counters()
        await dest.after_commit([table.name for table in TABLES])
    return CopyReport(src.shown, dest.shown, tuple(counts))


@asynccontextmanager
async def _opened(target: StoreTarget, *, readonly: bool = False) -> AsyncIterator[CopyEnd]:
    side = "source" if readonly else "destination"
    end: CopyEnd
    try:
        if is_url(target):
            # Imported here: only a PostgreSQL store pays for loading asyncpg.
            from bot.store.postgres.copying import PostgresEnd

            end = await PostgresEnd.open(str(target), readonly=readonly)
        else:
            from bot.store.sqlite.copying import SqliteEnd

            check = sqlite_paths.check_for_reading if readonly else sqlite_paths.check_for_writing
            end = await SqliteEnd.open(check(target), readonly=readonly)
    except StoreError as error:
        raise type(error)(f"{side}: {error}") from None
    try:
        yield end
    finally:
        await end.close()


async def _check_tables(end: CopyEnd) -> None:
    """A table this ostbot does not know how to copy stops the copy before it starts."""
    unknown = sorted(await end.tables() - {table.name for table in TABLES} - BOOKKEEPING)
    if unknown:
        raise StoreError(
            f"{end.shown}: table {unknown[0]} is not among the tables ostbot store copy knows; "
            "nothing copied (this ostbot cannot copy this store)"
        )


async def _count(end: CopyEnd, table: str) -> int:
    rows = await end.database.fetchall(f"SELECT count(*) FROM {table}")
    return int(rows[0][0])


async def _refuse_filled(dest: CopyEnd) -> None:
    filled = [(table.name, await _count(dest, table.name)) for table in TABLES]
    held = [f"{name}: {count:,} row(s)" for name, count in filled if count]
    if held:
        raise StoreError(
            f"{dest.shown}: the destination store is not empty ({', '.join(held[:3])}"
            f"{', ...' if len(held) > 3 else ''}); ostbot store copy only fills an empty store"
        )


async def _copy_table(src: CopyEnd, dest: CopyEnd, table: CopiedTable, batch: int) -> int:
    """Copy one table a page at a time; returns its rows once the three counts agree."""
    columns = await src.columns(table.name)
    if sorted(columns) != sorted(await dest.columns(table.name)):
        raise StoreError(
            f"{dest.shown}: table {table.name} has other columns than in {src.shown}; nothing "
            "copied (are both stores this ostbot's version?)"
        )
    expected = await _count(src, table.name)
    insert = dest.insert(table.name, columns)
    keys = [columns.index(name) for name in table.key]
    order = ", ".join(table.key)
    after = ", ".join(f":k{position}" for position in range(len(keys)))
    first = f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {order} LIMIT :limit"
    later = (
        f"SELECT {', '.join(columns)} FROM {table.name} WHERE ({order}) > ({after})"
        f" ORDER BY {order} LIMIT :limit"
    )
    read = 0
    page = await src.database.fetchall(first, {"limit": batch})
    while page:
        read += len(page)
        await dest.database.executemany(
            insert, [dict(zip(columns, row, strict=True)) for row in page]
        )
        if len(page) < batch:
            break
        last: dict[str, Any] = {f"k{i}": page[-1][index] for i, index in enumerate(keys)}
        page = await src.database.fetchall(later, {**last, "limit": batch})
    written = await _count(dest, table.name)
    if not expected == read == written:
        raise StoreError(
            f"{dest.shown}: table {table.name}: {expected:,} rows in {src.shown}, {read:,} "
            f"read, {written:,} written; the copy is undone"
        )
    return written
