"""PostgreSQL's spelling of what the shared repositories ask for (see ``bot.store.sql.engine``)."""

# S608: the only text spliced into SQL here is the repositories' own column and parameter names.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class PostgresDialect:
    no_limit = None  # LIMIT NULL is no limit
    # Claimers never wait on each other: a row another process is claiming right now is passed
    # over, not queued behind (the job-queue pattern of procrastinate, good_job...).
    skip_locked = " FOR UPDATE SKIP LOCKED"
    for_update = " FOR UPDATE"

    def any_of(self, column: str, parameter: str) -> str:
        # An array parameter; its element type is the column's.
        return f"{column} = ANY(:{parameter})"

    def list_value(self, values: Sequence[Any]) -> Any:
        return list(values)

    def pair_in(self, first: str, second: str, parameter: str) -> str:
        return (
            f"({first}, {second}) IN (SELECT pair ->> 0, pair ->> 1"
            f" FROM jsonb_array_elements(CAST(:{parameter} AS jsonb)) AS pair)"
        )

    def contains(self, text: str, parameter: str) -> str:
        return f"strpos({text}, :{parameter}) > 0"

    def same(self, column: str, parameter: str) -> str:
        return f"{column} IS NOT DISTINCT FROM :{parameter}"

    def json_rows(self, parameter: str, columns: Sequence[tuple[str, str]]) -> str | None:
        typed = ", ".join(f"{name} {kind}" for name, kind in columns)
        return f"jsonb_to_recordset(CAST(:{parameter} AS jsonb)) AS r({typed})"

    def joined_utf8(self, column: str, rows: str, order: str) -> str:
        # PostgreSQL promises no order from a subquery, so the aggregate sorts by itself.
        return f"SELECT convert_to(string_agg({column}, ',' ORDER BY {order}), 'UTF8') {rows}"


DIALECT = PostgresDialect()
