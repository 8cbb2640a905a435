"""constraints.txt pins every package the install needs, at versions pyproject.toml allows."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>[^\s;]+)", re.MULTILINE)


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> dict[str, str]:
    text = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    return {canonical(m["name"]): m["version"] for m in PIN.finditer(text)}


def requirements(*extras: str) -> list[Requirement]:
    declared = list(PROJECT["dependencies"])
    for extra in extras:
        declared += PROJECT["optional-dependencies"][extra]
    return [Requirement(line) for line in declared]


def test_every_declared_dependency_is_pinned_within_its_range():
    """A dependency added to pyproject.toml without regenerating constraints.txt fails here."""
    pinned = pins()
    for requirement in requirements(*PROJECT["optional-dependencies"]):
        name = canonical(requirement.name)
        assert name in pinned, f"{requirement.name} is not in constraints.txt; regenerate it"
        assert requirement.specifier.contains(pinned[name], prereleases=True), (
            f"constraints.txt pins {name}=={pinned[name]}, outside {requirement}"
        )


def test_the_suite_runs_on_the_pinned_versions():
    """The installed versions are the pinned ones (the README's commands install with -c)."""
    pinned = pins()
    for requirement in requirements("test"):
        name = canonical(requirement.name)
        assert metadata.version(requirement.name) == pinned[name], name
