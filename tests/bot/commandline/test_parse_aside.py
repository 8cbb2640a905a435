"""Parsing on two cores gives parse_files' schedules, or its problems, exactly."""

from __future__ import annotations

from pathlib import Path

from tests.bot.commandline.test_aside import run_python
from tests.bot.schedules.bad_cases import good

# Run in a fresh interpreter (no threads, so the child is really forked): parse the folder
# both ways, print whether the results agree and how many files this process parsed itself.
COMPARE = """
import sys
import bot.commandline.parse_aside as aside
from bot.domain import ScheduleError
from bot.schedules import parse_files, read_files

parsed_here = []
real = aside.parse_result
aside.parse_result = lambda file: parsed_here.append(file.path) or real(file)

def outcome(parse):
    try:
        return parse(read_files([sys.argv[1]]), taken={"taken": "elsewhere.toml"})
    except ScheduleError as error:
        return [str(problem) for problem in error.problems]

expected = outcome(parse_files)
got = outcome(aside.parse_on_two_cores)
print(got == expected, isinstance(expected[0], str), len(parsed_here))
"""


def write(folder: Path, texts: list[str]) -> Path:
    for index, text in enumerate(texts):
        (folder / f"{index:02d}.toml").write_text(text, "utf-8")
    return folder


def compare(folder: Path) -> str:
    return run_python(COMPARE.replace("sys.argv[1]", repr(str(folder))))


def test_valid_files_are_parsed_half_here_half_in_the_child(tmp_path):
    """Ten valid files: the same schedules, in order; this process parsed only the first half."""
    write(tmp_path, [good(f"drama-{i}") for i in range(10)])
    assert compare(tmp_path) == "True False 5\n"


def test_problems_are_those_of_parse_files_in_order(tmp_path):
    """Bad files in both halves, a drama id two files share across the halves and one taken by
    a file not parsed: the same problem lines, in the same order."""
    texts = [good(f"drama-{i}") for i in range(10)]
    texts[1] = good("drama-1", part="0")
    texts[7] = good("drama-2")  # the id of file 02, in the child's half
    texts[8] = good("drama-8", date='"tomorrow"')
    texts[9] = good("taken")
    out = compare(write(tmp_path, texts))
    # Of the child's files only 08 is parsed again here: 07 and 09 are valid on their own, the
    # set is what is wrong with them.
    assert out == "True True 6\n"


def test_a_single_file_is_parsed_here(tmp_path):
    """One file: no child (forking would cost more than it saves)."""
    write(tmp_path, [good("only")])
    assert compare(tmp_path) == "True False 1\n"
