"""A validated schedule: one drama and its releases, as read from one file."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Drama, Release


@dataclass(frozen=True)
class Schedule:
    """One schedule file's content after validation; ``source`` names the file for reports.

    ``digest`` is the sha256 of the file's bytes (and of the rules' version): the store
    remembers it, so a re-import of a byte-identical file can be recognised without parsing it
    again, until the rules change.
    """

    source: str
    drama: Drama
    releases: tuple[Release, ...]
    digest: str | None = None
