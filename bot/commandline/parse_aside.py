"""Parsing schedule files on two cores: the later files in a forked child, the first ones here.

Reading TOML and validating it is pure Python, the longest step of a first ``ostbot import``
(about 400 of its 1,000 ms for 10,000 releases, profiled). A child (``bot.commandline.aside``)
parses the files after the first half of the bytes while this process parses the others, and
hands its schedules back as plain values (``bot.schedules.wire``). The result, problems
included, is ``parse_files``'s: a file the child cannot hand back (it has problems) is parsed
again here, which words its problems exactly as ``parse_files`` does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.commandline.aside import run_aside
from bot.domain import Schedule, ScheduleError
from bot.schedules import SourceFile, collect_parsed, parse_result
from bot.schedules.wire import Plain, from_plain, to_plain


def parse_on_two_cores(
    files: Sequence[SourceFile], *, taken: Mapping[str, str] | None = None
) -> list[Schedule]:
    """``parse_files(files, taken=taken)``, the later files parsed by a child meanwhile."""
    split = _half(files)
    theirs = files[split:]
    handed = run_aside(lambda: [_plain(file) for file in theirs]) if theirs else list
    results = [parse_result(file) for file in files[:split]]
    for file, plain in zip(theirs, handed(), strict=True):
        results.append(parse_result(file) if plain is None else from_plain(plain))
    return collect_parsed(results, taken=taken)


def _plain(file: SourceFile) -> Plain | None:
    result = parse_result(file)
    return None if isinstance(result, ScheduleError) else to_plain(result)


def _half(files: Sequence[SourceFile]) -> int:
    """Where the files split into two parts of about the same size: the first file past half
    the bytes starts the child's part (none for a single file: forking would cost more)."""
    if len(files) < 2:
        return len(files)
    half, total = sum(len(file.data) for file in files) / 2, 0
    for index, file in enumerate(files):
        if total >= half:
            return index
        total += len(file.data)
    return len(files)
