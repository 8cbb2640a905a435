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
        self.comments: dict[int, str] = {}  # line → its comment, from the # on
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

    def path_before(self, line: int) -> Path | None:
        """The key path recorded on ``line`` or on the nearest line above it."""
        recorded = [n for n in self._by_line if n <= line]
        return self._by_line[max(recorded)] if recorded else None

    def _record(self, path: Path, line: int) -> None:
        for end in range(1, len(path) + 1):
            self._lines.setdefault(path[:end], line)
        self._by_line.setdefault(line, path)

    def _scan(self, text: str) -> None:
        table: Path = ()
        depth = 0
        open_string: str | None = None
        for number, raw in enumerate(toml_lines(text), start=1):
            at_top = depth == 0 and open_string is None
            if at_top:
                table = self._read_statement(raw.strip(), number, table)
            depth, open_string, comment = _track(raw, depth, open_string)
            if comment is not None:
                self.comments[number] = raw[comment:]

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


def toml_lines(text: str) -> list[str]:
    """The lines as TOML counts them: only LF (or CRLF) ends one. ``str.splitlines`` would
    also break at U+0085, U+2028, form feeds... which TOML allows inside strings and comments."""
    return [line.removesuffix("\r") for line in text.split("\n")]


def label(path: Path) -> str:
    """A key path as problem lines name it: ``release[1].links.melon``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f"{'.' if text else ''}{part}"
    return text


def path_of(label_text: str) -> Path:
    """The key path a problem's field names: ``release[1].part`` → ``("release", 1, "part")``."""
    path: list[str | int] = []
    for part in label_text.split("."):
        name, _, indexes = part.partition("[")
        if name:
            path.append(name)
        for index in indexes.replace("]", "").split("[") if indexes else ():
            if index.isdigit():
                path.append(int(index))
    return tuple(path)


def first_line_nested(text: str, limit: int) -> int:
    """The first line where brackets outside strings are open ``limit`` deep (else the
    deepest line): where a curator looks for nesting gone wrong."""
    depth, open_string, deepest, deepest_line = 0, None, -1, 1
    for number, raw in enumerate(toml_lines(text), start=1):
        depth, open_string, _ = _track(raw, depth, open_string, stop_at=limit)
        if depth >= limit:
            return number
        if depth > deepest:
            deepest, deepest_line = depth, number
    return deepest_line


def _track(
    line: str, depth: int, open_string: str | None, *, stop_at: int | None = None
) -> tuple[int, str | None, int | None]:
    """Carry bracket depth and multi-line string state past one line; also where a comment
    starts on it, if one does. With ``stop_at``, stop once the depth reaches it."""
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
            return depth, open_string, i
        if line.startswith('"""', i) or line.startswith("'''", i):
            open_string = line[i : i + 3]
            i += 3
            continue
        if char in "\"'":
            i = _skip_string(line, i)
            continue
        if char in "[{":
            depth += 1
            if depth == stop_at:
                return depth, open_string, None
        elif char in "]}":
            depth = max(depth - 1, 0)
        i += 1
    return depth, open_string, None


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
