"""Domain objects for store tests, built directly (the store must not depend on the parser)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.domain import Credit, Drama, Link, Release, Schedule, Status

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def drama(drama_id: str = "soundtrack-1", **changes: object) -> Drama:
    values: dict[str, object] = {
        "id": drama_id,
        "title": f"Title of {drama_id}",
        "title_native": "사운드트랙",
        "year": 2022,
        "cast": ("Park Hyung Sik", "Han So Hee"),
        "sources": ("https://example.org/source",),
    }
    values.update(changes)
    return Drama(**values)  # type: ignore[arg-type]


def release(
    release_id: str = "part-1",
    drama_id: str = "soundtrack-1",
    *,
    days: float | None = 1,
    **changes: object,
) -> Release:
    """A release ``days`` after NOW (None: TBA), with every kind of field filled in."""
    values: dict[str, object] = {
        "drama_id": drama_id,
        "id": release_id,
        "artists": ("Kyuhyun", "IU"),
        "part": int(release_id.rsplit("-", 1)[-1]) if release_id[-1].isdigit() else None,
        "title": f"Song {release_id}",
        "at": None if days is None else NOW + timedelta(days=days),
        "time_confirmed": days is not None,
        "mv": "https://youtu.be/abc",
        "links": (
            Link("melon", "https://melon.example/1"),
            Link("spotify", "https://sp.example/1"),
        ),
        "credits": (Credit("producer", ("DOKO",)), Credit("lyrics", ("A", "B"))),
        "notes": "노트",
        "status": Status.SCHEDULED,
        "genre": "발라드",
    }
    values.update(changes)
    return Release(**values)  # type: ignore[arg-type]


def schedule(the_drama: Drama, *releases: Release, source: str | None = None) -> Schedule:
    return Schedule(source or f"schedules/{the_drama.id}.toml", the_drama, tuple(releases))
