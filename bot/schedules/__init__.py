"""Schedule files: ``schedules/*.toml`` → ``Schedule`` values, or ``file:line`` problems."""

from bot.schedules.loader import find_files, load_file, load_paths, parse_text

__all__ = ["find_files", "load_file", "load_paths", "parse_text"]
