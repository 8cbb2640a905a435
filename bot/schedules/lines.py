"""Where each key of a TOML document stands, so every problem can name its line.

``tomllib`` gives values but no positions, and no well-kept TOML library exposes them either
(tomlkit keeps formatting, not line numbers). This scanner reads the text once, skipping strings,
comments and the insides of multi-line arrays and inline tables, and records the line of every
table header and top-level ``key =`` it meets. A value inside an inline table or a multi-line
array is reported at its key's line, which is where a reviewer looks anyway.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ARRAYS_OF_TABLES = frozenset({"release"})


class LineIndex:
    """Maps key paths such as ``("release", 1, "date")`` to 1-based line numbers."""

    def __init__(self, text: str) -> None:
        self._lines: dict[Path, int] = {}
        self._by_line: dict[int, Path] = {}
        self._counts: dict[str, int] = {}
        self._scan(text)

    def line(self, path: Path) -> int:
        """The line of ``path``, or of its nearest recorded parent; 1 when nothing matches."""
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return 1

    def path_at(self, line: int) -> Path | None:
        """The key path recorded on ``line``, if a key or header stands there."""
        return self._by_line.get(line)

    def _record(self, path: Path, line: int) -> None:
        for end in range(1, len(path) + 1):
            self._lines.setdefault(path[:end], line)
        self._by_line.setdefault(line, path)

    def _scan(self, text: str) -> None:
        table: Path = ()
        depth = 0
        open_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            at_top = depth == 0 and open_string is None
            if at_top:
                table = self._read_statement(raw.strip(), number, table)
            depth, open_string = _track(raw, depth, open_string)

    def _read_statement(self, stripped: str, number: int, table: Path) -> Path:
        if stripped.startswith("[["):
            name = _key_parts(stripped[2:].split("]]", 1)[0])
            index = self._counts.get(name[0], 0) if len(name) == 1 else None
            if index is not None:
                self._counts[name[0]] = index + 1
                path: Path = (name[0], index)
            else:
                path = self._in_current_item(name)
            self._record(path, number)
            return path
        if stripped.startswith("["):
            path = self._in_current_item(_key_parts(stripped[1:].split("]", 1)[0]))
            self._record(path, number)
            return path
        if "=" in stripped and not stripped.startswith("#"):
            key = _key_parts(stripped.split("=", 1)[0])
            if key:
                self._record(table + key, number)
        return table

    def _in_current_item(self, name: tuple[str, ...]) -> Path:
        # [release.links] after [[release]] belongs to the latest release.
        if name and name[0] in _ARRAYS_OF_TABLES and self._counts.get(name[0]):
            return (name[0], self._counts[name[0]] - 1, *name[1:])
        return name


def _key_parts(key: str) -> tuple[str, ...]:
    parts = []
    for part in key.split("."):
        part = part.strip().strip('"').strip("'")
        if not part:
            return ()
        parts.append(part)
    return tuple(parts)


def _track(line: str, depth: int, open_string: str | None) -> tuple[int, str | None]:
    """Carry bracket depth and multi-line string state past one line."""
    i = 0
    while i < len(line):
        if open_string:
            if open_string == '"""' and line[i] == "\\":
                i += 2
                continue
            if line.startswith(open_string, i):
                i += 3
                open_string = None
                continue
            i += 1
            continue
        char = line[i]
        if char == "#":
            break
        if line.startswith('"""', i) or line.startswith("'''", i):
            open_string = line[i : i + 3]
            i += 3
            continue
        if char in "\"'":
            i = _skip_string(line, i)
            continue
        if char in "[{":
            depth += 1
        elif char in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, open_string


def _skip_string(line: str, start: int) -> int:
    quote = line[start]
    i = start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i + 1
        i += 1
    return i
