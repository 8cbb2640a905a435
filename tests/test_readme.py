"""The README keeps the parts the project promises: the two set-up commands and the figures."""

from __future__ import annotations

from pathlib import Path

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
CI = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text(encoding="utf-8")
TEST_COMMAND = (
    "python3 -m venv .venv && .venv/bin/pip install -c constraints.txt -e '.[test]' "
    "&& .venv/bin/python -m pytest"
)


def test_readme_has_the_two_set_up_commands_and_ci_runs_the_test_one():
    """The run command and the test command are in the README; .ci/run runs the latter."""
    assert ".venv/bin/ostbot run" in README
    assert TEST_COMMAND in README
    assert TEST_COMMAND in CI


def test_readme_has_its_sections():
    """Set-up, real-server instructions, the CLI, the format and the figures are all there."""
    for heading in (
        "## Set-up",
        "## Running on a real server",
        "## The command line",
        "## Figures",
    ):
        assert heading in README
