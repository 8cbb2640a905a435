"""The tables ``ostbot store copy`` copies, in the order it fills them, each with the key it
pages through the source by.

Every table of the schema is here except the engines' own bookkeeping (``BOOKKEEPING``): a
destination records its own migrations as it is created. A migration that adds a table must add
it here too; until then the copy refuses to run (``bot.store.copy``) and a test comparing this
list with the schema fails, so a store is never copied without it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CopiedTable:
    name: str
    key: tuple[str, ...]  # the primary key: read in its order, a page at a time


# Parents before children: the foreign keys are checked as each row goes in.
TABLES = (
    CopiedTable("bot_state", ("key",)),
    CopiedTable("dramas", ("id",)),
    CopiedTable("releases", ("drama_id", "id")),
    CopiedTable("release_artists", ("drama_id", "release_id", "position")),
    CopiedTable("release_changes", ("seq",)),
    CopiedTable("guild_settings", ("guild_id",)),
    CopiedTable("follows", ("guild_id", "kind", "value_folded")),
    CopiedTable("deliveries", ("id",)),
    CopiedTable("personal_reminders", ("drama_id", "release_id", "user_id")),
    CopiedTable("event_mirrors", ("guild_id", "drama_id", "release_id")),
    CopiedTable("feed_tokens", ("guild_id",)),
    CopiedTable("work_leases", ("name",)),
)

# The migrations' record (each store keeps its own), SQLite's AUTOINCREMENT counters (kept by
# SQLite itself as rows go in) and the dramas' revision counter (migration 0010: its one row is
# made by the migration and counted up by triggers as the dramas go in; the web's ETags only
# need it to move when dramas change, which a new store's count does).
BOOKKEEPING = frozenset({"schema_migrations", "sqlite_sequence", "drama_revision"})
