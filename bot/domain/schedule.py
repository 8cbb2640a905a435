"""A validated schedule: one drama and its releases, as read from one file."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.model import Drama, Release


@dataclass(frozen=True)
class Schedule:
    """One schedule file's content after validation; ``source`` names the file for reports."""

    source: str
    drama: Drama
    releases: tuple[Release, ...]
