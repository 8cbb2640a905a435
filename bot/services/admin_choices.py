"""Autocomplete for the admin commands: (label, value) pairs, at most 25, labels ≤ 100.

Discord-free, so the suggestions are tested directly; the commands wrap them as ``Choice``s.
Every list is scoped to the asking server: its visible dramas, its own follows.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Drama, FollowKind, NotFound
from bot.store import Store

MAX_CHOICES = 25
MAX_LABEL = 100
# Dramas suggested before anything is typed come from this many upcoming releases.
_UPCOMING_SCAN = 100


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def drama_label(drama: Drama) -> str:
    year = f" ({drama.year})" if drama.year else ""
    native = f" · {drama.title_native}" if drama.title_native else ""
    return _label(f"{drama.title}{year}{native}")


async def drama_choices(
    store: Store, guild_id: int, text: str, *, now: datetime
) -> list[tuple[str, str]]:
    """Dramas this server can see matching ``text``; with nothing typed, those releasing soon."""
    if text.strip():
        found = await store.releases.visible_dramas(text, guild_id=guild_id, limit=MAX_CHOICES)
        return [(drama_label(d), d.id) for d in found]
    releases = await store.releases.upcoming(
        now=now, until=None, limit=_UPCOMING_SCAN, guild_id=guild_id
    )
    drama_ids = list(dict.fromkeys(r.drama_id for r in releases))[:MAX_CHOICES]
    pairs = []
    for drama_id in drama_ids:
        try:
            pairs.append((drama_label(await store.releases.drama(drama_id)), drama_id))
        except NotFound:
            continue
    return pairs


async def artist_choices(store: Store, guild_id: int, text: str) -> list[tuple[str, str]]:
    """Artists of releases this server sees whose name contains ``text`` (nothing typed: none,
    the list is long)."""
    if not text.strip():
        return []
    hits = await store.releases.search(text, limit=MAX_CHOICES, guild_id=guild_id)
    return [(_label(name), name[:MAX_LABEL]) for name in hits.artists]


async def followed_choices(
    store: Store, guild_id: int, kind: FollowKind, text: str
) -> list[tuple[str, str]]:
    """What this server follows of ``kind`` (dramas by title), matching ``text``."""
    folded = text.strip().casefold()
    pairs = []
    for follow in await store.servers.follows(guild_id):
        if follow.kind is not kind:
            continue
        label = follow.value
        if kind is FollowKind.DRAMA:
            try:
                label = drama_label(await store.releases.drama(follow.value))
            except NotFound:
                label = f"{follow.value} (no longer in the schedule)"
        if folded in label.casefold() or folded in follow.value.casefold():
            pairs.append((_label(label), follow.value[:MAX_LABEL]))
        if len(pairs) == MAX_CHOICES:
            break
    return pairs
