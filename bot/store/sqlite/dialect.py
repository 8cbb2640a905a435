"""SQLite's spelling of what the shared repositories ask for (see ``bot.store.sql.engine``)."""

# S608: the only text spliced into SQL here is the repositories' own column and parameter names.
# ruff: noqa: S608

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any


class SqliteDialect:
    no_limit = -1  # SQLite reads a negative LIMIT as "no limit"
    skip_locked = ""  # one writer at a time: a statement sees no row another is claiming
    for_update = ""  # a write transaction holds the file's write lock until it ends

    def any_of(self, column: str, parameter: str) -> str:
        # A list travels as one JSON text: SQLite has no array parameters.
        return f"{column} IN (SELECT value FROM json_each(:{parameter}))"

    def list_value(self, values: Sequence[Any]) -> Any:
        return json.dumps(list(values), ensure_ascii=False)

    def pair_in(self, first: str, second: str, parameter: str) -> str:
        return (
            f"({first}, {second}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(:{parameter}))"
        )

    def contains(self, text: str, parameter: str) -> str:
        return f"instr({text}, :{parameter})"

    def same(self, column: str, parameter: str) -> str:
        return f"{column} IS :{parameter}"

    def json_rows(self, parameter: str, columns: Sequence[tuple[str, str]]) -> str | None:
        # No round trips to save: executemany runs in SQLite's thread at C speed, while
        # reading the fields back out of JSON costs more (measured: 10,000 ledger rows took
        # about a third longer from JSON).
        return None

    def joined_utf8(self, column: str, rows: str, order: str) -> str:
        # SQLite before 3.44 has no ORDER BY inside an aggregate; it feeds the aggregate in the
        # subquery's order, since a subquery with ORDER BY is never flattened into an aggregate
        # query. CAST AS BLOB hands over the stored UTF-8 without decoding it.
        return (
            "SELECT CAST(group_concat(item, ',') AS BLOB)"
            f" FROM (SELECT {column} AS item {rows} ORDER BY {order})"
        )


DIALECT = SqliteDialect()
