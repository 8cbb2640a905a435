"""Read schedule files from disk: every file checked, every problem collected, nothing partial."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import tomli

from bot.domain import Problem, Schedule, ScheduleError
from bot.schedules.fields import Report, quote
from bot.schedules.lines import LineIndex
from bot.schedules.validate import validate_document

_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+([Zz]|[+-]\d{2}:\d{2})?)?")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")


def find_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders to their ``*.toml`` files (sorted); missing paths become problems."""
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.toml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(Problem(str(path), 1, "file", "no such file or folder"))
    return files, problems


@dataclass(frozen=True)
class SourceFile:
    """A schedule file's bytes as read, and their sha256."""

    path: str
    data: bytes

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def read_files(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Read every schedule file under ``paths``; raise ``ScheduleError`` for missing ones."""
    paths = list(paths)
    files, problems = find_files(paths)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), 1, "file", "no .toml files found"))
    sources = []
    for file in files:
        try:
            sources.append(SourceFile(str(file), file.read_bytes()))
        except OSError as error:
            problems.append(Problem(str(file), 1, "file", error.strerror or str(error)))
    if problems:
        raise ScheduleError(problems)
    return sources


def parse_files(
    files: Iterable[SourceFile], *, taken: Mapping[str, str] | None = None
) -> list[Schedule]:
    """Validate files; raise ``ScheduleError`` with every problem of every file.

    ``taken`` maps drama ids already claimed by other files (not parsed this run) to their
    file, so two files can never carry the same drama.
    """
    schedules: list[Schedule] = []
    problems: list[Problem] = []
    for file in files:
        try:
            schedules.append(parse_bytes(file))
        except ScheduleError as error:
            problems.extend(error.problems)
    problems.extend(_duplicate_dramas(schedules, dict(taken or {})))
    if problems:
        raise ScheduleError(problems)
    return schedules


def load_paths(paths: Iterable[str | Path]) -> list[Schedule]:
    """Read and validate every schedule under ``paths``, or raise with every problem found."""
    return parse_files(read_files(paths))


def load_file(path: str | Path) -> Schedule:
    """Read and validate one schedule file."""
    return parse_bytes(SourceFile(str(path), Path(path).read_bytes()))


def parse_bytes(file: SourceFile) -> Schedule:
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError as error:
        problem = Problem(file.path, 1, "file", f"is not UTF-8 text ({error.reason})")
        raise ScheduleError([problem]) from None
    schedule = parse_text(text, file.path)
    return replace(schedule, digest=file.digest)


def parse_text(text: str, name: str) -> Schedule:
    """Parse and validate schedule text that came from ``name`` (used in every problem)."""
    report = Report(name, text)
    try:
        doc = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise ScheduleError([_syntax_problem(error, text, report)]) from None
    schedule = validate_document(doc, report)
    if schedule is None:
        raise ScheduleError(report.problems)
    return schedule


def _syntax_problem(error: tomli.TOMLDecodeError, text: str, report: Report) -> Problem:
    message = str(error)
    found = _TOML_POSITION.search(message)
    line = int(found.group(1)) if found and found.group(1) else text.count("\n") + 1
    path = report.lines.path_at(line)
    field = _label(path) if path else "toml"
    source = text.splitlines()[line - 1] if line <= len(text.splitlines()) else ""
    return Problem(report.file, line, field, _explain(_TOML_POSITION.sub("", message), source))


def _explain(message: str, source: str) -> str:
    """tomllib's message, said the way a curator can act on it where we know better."""
    value = source.split("=", 1)[1].split("#", 1)[0].strip() if "=" in source else ""
    if _DATE_LIKE.fullmatch(value):
        kind = "date" if len(value) == 10 else "date-time"
        return f"{value} is not a valid {kind}"
    if message == "Illegal character '\\n'":
        return "invalid TOML: a string is not closed before the end of the line"
    return f"invalid TOML: {message[:1].lower()}{message[1:]}"


def _label(path: tuple[str | int, ...]) -> str:
    label = ""
    for part in path:
        label += f"[{part}]" if isinstance(part, int) else f"{'.' if label else ''}{part}"
    return label


def _duplicate_dramas(schedules: list[Schedule], first: dict[str, str]) -> list[Problem]:
    problems = []
    for schedule in schedules:
        drama_id = schedule.drama.id
        if drama_id in first:
            line = LineIndex(Path(schedule.source).read_text("utf-8")).line(("drama", "id"))
            message = f"{quote(drama_id)} is already used by {first[drama_id]}"
            problems.append(Problem(schedule.source, line, "drama.id", message))
        else:
            first[drama_id] = schedule.source
    return problems
