"""What both engines' migrations share: the bundled files, and the rules on a recorded history.

Each engine keeps its migrations in its own ``migrations`` folder as ``NNNN_what_it_does.sql``,
applied in name order and recorded by name in a ``schema_migrations`` table. The two folders use
the same names for the same steps, so a store's history reads the same in either engine.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection
from pathlib import Path

from bot.store.errors import MigrationError

_NAME = re.compile(r"^\d{4}_[a-z0-9_]+\.sql$")


def bundled(package: str) -> list[tuple[str, str]]:
    """(name, SQL) of the migration files shipped in ``package``, in the order they apply."""
    # The package's own folder (ostbot is installed as files), found without
    # importlib.resources: its readers load zipfile, tempfile and shutil, ~5 ms of a listing's
    # start-up (python -X importtime).
    file = importlib.import_module(package).__file__
    if file is None:
        raise MigrationError(f"{package}: not a package of files; its migrations cannot be read")
    folder = Path(file).parent / "migrations"
    found = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql"))
    bad = [name for name in found if not _NAME.match(name)]
    if bad:
        raise MigrationError(f"migration files must be named NNNN_name.sql: {', '.join(bad)}")
    return [(name, (folder / name).read_text(encoding="utf-8")) for name in found]


def refuse_newer(where: str, known: Collection[str], recorded: Collection[str]) -> None:
    """A history with a migration this ostbot does not ship was written by a newer ostbot."""
    unknown = sorted(set(recorded) - set(known))
    if unknown:
        raise MigrationError(
            f"{where}: the store was written by a newer ostbot (schema {unknown[-1]}); "
            "upgrade ostbot to use it"
        )


def require_current(where: str, known: Collection[str], recorded: Collection[str]) -> None:
    """For a read-only open: the history must be exactly this ostbot's."""
    refuse_newer(where, known, recorded)
    if set(known) - set(recorded):
        raise MigrationError(
            f"{where}: the store was written by an older ostbot and is read-only here; "
            "open it once with write access (e.g. ostbot import) to upgrade it"
        )
