"""Schedule files: ``schedules/*.toml`` → ``Schedule`` values, or ``file:line`` problems."""

from bot.schedules.loader import (
    SourceFile,
    collect_parsed,
    find_files,
    load_file,
    load_paths,
    locate,
    parse_files,
    parse_result,
    parse_text,
    read_files,
)

__all__ = [
    "SourceFile",
    "collect_parsed",
    "find_files",
    "load_file",
    "load_paths",
    "locate",
    "parse_files",
    "parse_result",
    "parse_text",
    "read_files",
]
