"""A store for the web tests: curated dramas in several zones, a postponed release with its
history, a TBA one, markup in every kind of text, and a server's own release that must never
show. Built through the store's own writes (imports and ``own_releases.save``)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.domain import Credit, Drama, Link, Release, Schedule, Status
from bot.store import Store, open_store

SCRIPT_TITLE = "<script>document.title='pwned'</script>"
IMG_TITLE = '"><img src=x onerror="document.title=\'pwned\'">'
MARKUP_ARTIST = "<b>Bold</b> & Co"
OWN_RELEASE = "secret-own-release"
OWN_DRAMA = "our-secret-show"
GUILD = 4242


@dataclasses.dataclass(frozen=True)
class World:
    """What was stored, for the tests to look for."""

    now: datetime
    first: Release  # Sea of Stars part 1, the soonest
    moved: Release  # Sea of Stars part 2, postponed by two days
    moved_from: datetime
    tba: Release
    la: Release  # a drama whose schedule is written in Los Angeles time
    markup: Release  # injected markup in drama and release text


def next_minute(instant: datetime) -> datetime:
    return instant.replace(second=0, microsecond=0) + timedelta(minutes=1)


def dramas() -> tuple[Drama, Drama, Drama]:
    sea = Drama(
        id="sea-of-stars",
        title="Sea of Stars",
        title_native="별의 바다",
        year=2026,
        cast=("Kim Ha-neul", "Lee Min-ho"),
        sources=("https://example.org/sea-of-stars",),
    )
    la = Drama(id="la-story", title="LA Story", timezone="America/Los_Angeles")
    evil = Drama(id="evil-markup", title=SCRIPT_TITLE, title_native=IMG_TITLE, cast=(IMG_TITLE,))
    return sea, la, evil


async def build(path: Path, now: datetime) -> World:
    """Write the world into a new SQLite store at ``path``; ``now`` is when it was imported."""
    sea, la_drama, evil = dramas()
    start = next_minute(now)
    first = Release(
        drama_id=sea.id,
        id="part-1",
        part=1,
        title="Starlight",
        artists=("IU",),
        at=start + timedelta(days=3, hours=2),
        time_confirmed=True,
        mv="https://www.youtube.com/watch?v=abc",
        links=(Link("melon", "https://www.melon.com/song/1"), Link("odd", "javascript:alert(1)")),
        credits=(Credit("producer", ("DOKO",)), Credit("lyrics", ("Kim Eana",))),
        notes="The drama's main theme.",
        genre="ballad",
    )
    moved_from = start + timedelta(days=5)
    planned = Release(
        drama_id=sea.id, id="part-2", part=2, title="Tide", artists=("Kyuhyun",), at=moved_from
    )
    moved = dataclasses.replace(planned, at=moved_from + timedelta(days=2), status=Status.POSTPONED)
    tba = Release(drama_id=sea.id, id="part-3", part=3, artists=("Taeyeon",))
    la = Release(
        drama_id=la_drama.id,
        id="part-1",
        part=1,
        artists=("Lauv",),
        at=start + timedelta(days=4, hours=7),
        time_confirmed=True,
    )
    markup = Release(
        drama_id=evil.id,
        id="part-1",
        part=1,
        title=IMG_TITLE,
        artists=(MARKUP_ARTIST, SCRIPT_TITLE),
        at=start + timedelta(days=6),
        notes=SCRIPT_TITLE,
        mv="javascript:alert(1)",
    )
    async with await open_store(path) as store:
        await _import(
            store, now, (sea, (first, planned, tba)), (la_drama, (la,)), (evil, (markup,))
        )
        await _import(store, now + timedelta(minutes=1), (sea, (first, moved, tba)))
        own = Release(drama_id=OWN_DRAMA, id=OWN_RELEASE, artists=("IU",), at=first.at)
        await store.own_releases.save(
            GUILD, own, now=now, new_drama=Drama(id=OWN_DRAMA, title="Our Secret Show")
        )
        # A server's own release in a curated drama, by a curated artist: hidden too.
        await store.own_releases.save(
            GUILD, dataclasses.replace(own, drama_id=sea.id, id=f"{OWN_RELEASE}-2"), now=now
        )
    return World(now, first, moved, moved_from, tba, la, markup)


async def _import(store: Store, now: datetime, *dramas: tuple[Drama, tuple[Release, ...]]) -> None:
    schedules = [Schedule(f"schedules/{d.id}.toml", d, releases) for d, releases in dramas]
    await store.releases.import_schedules(schedules, now=now)


def utc(instant: datetime) -> datetime:
    return instant.astimezone(UTC)
