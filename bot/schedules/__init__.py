"""Schedule files: ``schedules/*.toml`` → ``Schedule`` values, or ``file:line`` problems."""

from bot.schedules.loader import (
    SourceFile,
    find_files,
    load_file,
    load_paths,
    locate,
    parse_files,
    parse_text,
    read_files,
)

__all__ = [
    "SourceFile",
    "find_files",
    "load_file",
    "load_paths",
    "locate",
    "parse_files",
    "parse_text",
    "read_files",
]
