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
from bot.domain.text import refusal
from bot.schedules.fields import Report, quote
from bot.schedules.lines import LineIndex, first_line_nested, label, path_of, toml_lines
from bot.schedules.validate import validate_document

_DATE_LIKE = re.compile(r"\d{4}-\d{2}-\d{2}([T ][0-9:.]+([Zz]|[+-]\d{2}:\d{2})?)?")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)$|\s*\(at end of document\)$")
# A schedule is a few kilobytes per release; past this a file is a mistake, and reading it
# would only make every later step slow.
MAX_FILE_BYTES = 4 * 1024 * 1024
# tomli refuses deeper nesting with a RecursionError (it counts arrays and inline tables),
# and keys of more dotted parts.
MAX_NESTING = 400
MAX_KEY_PARTS = 1000
# Python refuses to read integers longer than this (a guard against quadratic conversion).
_LONG_NUMBER = re.compile(r"[0-9a-fA-F_]{4000,}")
_BOM = "\ufeff"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


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


# Part of every file's digest: when the rules change (a stricter check, a new field), each file
# is parsed again once, so a file imported under older rules cannot slip through as "unchanged".
RULES_VERSION = b"ostbot schedule rules 3\n"


@dataclass(frozen=True)
class SourceFile:
    """A schedule file's bytes as read, and their sha256 (with ``RULES_VERSION``)."""

    path: str
    data: bytes

    @cached_property
    def digest(self) -> str:
        return hashlib.sha256(RULES_VERSION + self.data).hexdigest()


def read_files(paths: Iterable[str | Path]) -> list[SourceFile]:
    """Read every schedule file under ``paths``; raise ``ScheduleError`` for missing ones."""
    paths = list(paths)
    files, problems = find_files(paths)
    if not files and not problems:
        problems.append(Problem(", ".join(map(str, paths)), 1, "file", "no .toml files found"))
    sources = []
    for file in files:
        try:
            size = file.stat().st_size
            if size > MAX_FILE_BYTES:
                problems.append(_too_big(str(file), size))
                continue
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
    return collect_parsed([parse_result(file) for file in files], taken=taken)


def parse_result(file: SourceFile) -> Schedule | ScheduleError:
    """One file's schedule, or its problems: ``parse_files``'s step for each file."""
    try:
        return parse_bytes(file)
    except ScheduleError as error:
        return error


def collect_parsed(
    results: Iterable[Schedule | ScheduleError], *, taken: Mapping[str, str] | None = None
) -> list[Schedule]:
    """The schedules of ``parse_result``'s results in file order; raise ``ScheduleError`` with
    every problem of every file, and with every drama id two files carry (see ``parse_files``)."""
    schedules: list[Schedule] = []
    problems: list[Problem] = []
    for result in results:
        if isinstance(result, ScheduleError):
            problems.extend(result.problems)
        else:
            schedules.append(result)
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
    if len(file.data) > MAX_FILE_BYTES:
        raise ScheduleError([_too_big(file.path, len(file.data))])
    schedule = parse_text(decode(file), file.path)
    return replace(schedule, digest=file.digest)


def decode(file: SourceFile) -> str:
    """A file's text: UTF-8, a byte-order mark at the start allowed (and dropped)."""
    try:
        text = file.data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = file.data.count(b"\n", 0, error.start) + 1
        if file.data.startswith(_UTF16_BOMS):
            message = "is UTF-16 text, not UTF-8: save it as UTF-8"
        else:
            column = error.start - file.data.rfind(b"\n", 0, error.start)
            message = f"is not UTF-8 text ({error.reason} in column {column}): save it as UTF-8"
        raise ScheduleError([Problem(file.path, line, "file", message)]) from None
    return text.removeprefix(_BOM)


def parse_text(text: str, name: str) -> Schedule:
    """Parse and validate schedule text that came from ``name`` (used in every problem)."""
    text = text.removeprefix(_BOM)
    report = Report(name, text)
    try:
        doc = tomli.loads(text)
    except tomli.TOMLDecodeError as error:
        raise ScheduleError([_syntax_problem(error, text, report)]) from None
    except RecursionError as error:  # tomli's guard against nesting too deep for Python
        raise ScheduleError([_too_deep(error, text, report)]) from None
    except ValueError as error:  # tomli lets Python's own refusals through, without a line
        raise ScheduleError([_value_problem(error, text, report)]) from None
    schedule = validate_document(doc, report)
    _check_comments(report)
    if schedule is None or report.problems:
        raise ScheduleError(report.problems)
    return schedule


def _check_comments(report: Report) -> None:
    """Refuse control and invisible characters in comments too: a bidirectional override
    there can make a reviewer read a line other than the one ostbot reads."""
    if refusal(report.text.replace("\t", " ").replace("\r\n", "\n"), newlines=True) is None:
        return  # the common case: one regex search, no scan of the lines
    for line, comment in report.lines.comments.items():
        harm = refusal(comment.replace("\t", " ").removesuffix("\r"))
        if harm is not None:
            report.problems.append(Problem(report.file, line, "comment", harm))


def locate(error: ScheduleError, files: Iterable[SourceFile]) -> ScheduleError:
    """``error`` with every problem that has no line yet (line 0: found by the store, which has
    no text) pointed at the line of its field in the file, as ``check`` would point."""
    texts = {file.path: file for file in files}
    indexes: dict[str, LineIndex] = {}
    problems = []
    for problem in error.problems:
        file = texts.get(problem.file)
        if problem.line == 0 and file is not None:
            if file.path not in indexes:
                indexes[file.path] = LineIndex(decode(file))
            line = indexes[file.path].line(path_of(problem.field))
            problem = replace(problem, line=line)
        problems.append(problem)
    return ScheduleError(problems)


def _too_big(path: str, size: int) -> Problem:
    message = f"is {size:,} bytes; a schedule file may be at most {MAX_FILE_BYTES:,} bytes"
    return Problem(path, 1, "file", message)


def _too_deep(error: RecursionError, text: str, report: Report) -> Problem:
    if "key" in str(error):
        lines = toml_lines(text)
        line = next((n for n, raw in enumerate(lines, 1) if raw.count(".") >= MAX_KEY_PARTS), 1)
        message = f"invalid TOML: a key of more than {MAX_KEY_PARTS:,} dotted parts"
        path = report.lines.path_at(line)
        return Problem(report.file, line, label(path[:3]) if path else "toml", message)
    line = first_line_nested(text, MAX_NESTING)
    # The nesting starts at a key's line and may run over many lines: name that key.
    path = report.lines.path_before(line)
    message = f"invalid TOML: arrays and tables nested more than {MAX_NESTING} levels deep"
    return Problem(report.file, line, label(path) if path else "toml", message)


def _value_problem(error: ValueError, text: str, report: Report) -> Problem:
    found = _LONG_NUMBER.search(text)
    line = text.count("\n", 0, found.start()) + 1 if found else 1
    if "digits" in str(error):
        message = "invalid TOML: a number has more digits than Python reads (4,300)"
        return Problem(report.file, line, _field_at(report, line), message)
    return Problem(report.file, line, _field_at(report, line), f"invalid TOML: {error}")


def _field_at(report: Report, line: int) -> str:
    path = report.lines.path_at(line)
    return label(path) if path else "toml"


def _syntax_problem(error: tomli.TOMLDecodeError, text: str, report: Report) -> Problem:
    message = str(error)
    found = _TOML_POSITION.search(message)
    line = int(found.group(1)) if found and found.group(1) else text.count("\n") + 1
    field = _field_at(report, line)
    lines = toml_lines(text)
    source = lines[line - 1] if line <= len(lines) else ""
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


def _duplicate_dramas(schedules: list[Schedule], first: dict[str, str]) -> list[Problem]:
    problems = []
    for schedule in schedules:
        drama_id = schedule.drama.id
        if drama_id in first:
            line = _drama_id_line(schedule.source)
            message = f"{quote(drama_id)} is already used by {first[drama_id]}"
            problems.append(Problem(schedule.source, line, "drama.id", message))
        else:
            first[drama_id] = schedule.source
    return problems


def _drama_id_line(source: str) -> int:
    try:
        text = Path(source).read_text("utf-8-sig", errors="replace")
    except OSError:  # the file went away since it was read: the file as a whole
        return 1
    return LineIndex(text).line(("drama", "id"))
