"""Checking a store path before SQLite touches it, so every wrong path is one clear line.

SQLite's own errors for a wrong path are vague ("unable to open database file") or arrive late
(a folder that is read-only fails only at the first write, after WAL could not make its
``-wal``/``-shm`` files). These checks run first and change nothing on disk; the errors SQLite
still raises on open are mapped in :mod:`bot.store.sqlite.database`.

Decisions: an empty file is a new store (SQLite treats it as an empty database), but not for
the reading commands, which never create a store. ``os.access`` answers for the real user and
also sees a read-only mount or an immutable file, which stop even root.
"""

from __future__ import annotations

import os
from pathlib import Path

from bot.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def check_for_writing(path: str | os.PathLike[str]) -> Path:
    """The path, if a store can be created or updated there; else ``StoreError``."""
    file = _named(path)
    folder = file.parent
    if _exists(file):
        _check_is_store(file, empty_ok=True)
        if not os.access(file, os.R_OK | os.W_OK):
            raise StoreError(f"{file}: the store is read-only here; ostbot needs to write to it")
    elif not _exists(folder) or not folder.is_dir():
        raise StoreError(f"{file}: folder {folder} does not exist; create it first")
    # WAL keeps FILE-wal and FILE-shm next to the store, created and removed as it is used.
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(
            f"{file}: folder {folder} is read-only; ostbot needs to create {file.name}-wal and "
            f"{file.name}-shm next to the store"
        )
    return file


def check_for_reading(path: str | os.PathLike[str]) -> Path:
    """The path, if it holds a store to read; else ``StoreError``. Creates nothing."""
    file = _named(path)
    if not _exists(file):
        raise StoreError(f"{file}: no store here yet; run 'ostbot import schedules/' first")
    _check_is_store(file, empty_ok=False)
    if not os.access(file, os.R_OK):
        raise StoreError(f"{file}: cannot read the store (permission denied)")
    return file


def can_write(file: Path) -> bool:
    """Whether the store and its folder can be written (else it is opened read-only)."""
    return os.access(file, os.W_OK) and os.access(file.parent, os.W_OK | os.X_OK)


def _named(path: str | os.PathLike[str]) -> Path:
    text = os.fspath(path)
    # sqlite3.connect("") opens a private temporary database: an import would "succeed" into
    # it and vanish. ":memory:" and "file:" URIs are the same kind of surprise from a CLI.
    if not text.strip():
        raise StoreError("the store path is empty; name a file, e.g. --db ostbot.sqlite3")
    if text == ":memory:" or text.startswith("file:"):
        raise StoreError(f"{text}: name a store file, not a SQLite special name or URI")
    if "\x00" in text:
        raise StoreError(f"{text!r}: a path cannot contain a NUL character")
    return Path(text)


def _exists(path: Path) -> bool:
    """Whether ``path`` exists; a folder on the way that may not be entered is one line."""
    try:
        os.stat(path)
    except FileNotFoundError:
        return False
    except NotADirectoryError:
        raise StoreError(f"{path}: a part of this path is a file, not a folder") from None
    except OSError as error:
        raise StoreError(f"{path}: cannot reach it: {error.strerror}") from None
    return True


def _check_is_store(file: Path, *, empty_ok: bool) -> None:
    if file.is_dir():
        raise StoreError(f"{file}: is a folder; name the store file inside it")
    if not file.is_file():
        raise StoreError(f"{file}: not a regular file, so not a store")
    try:
        with file.open("rb") as stream:
            header = stream.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{file}: cannot read the store: {error.strerror}") from None
    if not header:
        if empty_ok:
            return
        raise StoreError(f"{file}: the file is empty; run 'ostbot import schedules/' first")
    if header != SQLITE_HEADER:
        raise StoreError(f"{file}: not an ostbot store (not a SQLite database); refusing to use it")
