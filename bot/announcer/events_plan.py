"""What one server's scheduled events should be, compared with what the bot created: pure.

desired events (followed releases with an instant in the next ``WINDOW``) ─┐
                                                                          ├─ create / edit / drop
mirrors (event_mirrors rows: what exists in Discord)                      ─┘
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain import Drama, Release
from bot.i18n import SOURCE, Language
from bot.render.event import event_text
from bot.store import EventMirror

WINDOW = timedelta(days=14)
# External events need an end; a release "lasts" an hour in members' calendars.
LENGTH = timedelta(hours=1)

Key = tuple[str, str]  # (drama_id, release_id)


@dataclass(frozen=True, slots=True)
class DesiredEvent:
    drama_id: str
    release_id: str
    name: str
    description: str
    location: str
    start: datetime
    end: datetime

    @property
    def key(self) -> Key:
        return (self.drama_id, self.release_id)

    @property
    def fingerprint(self) -> str:
        fields = [self.name, self.description, self.location, self.start.isoformat()]
        return hashlib.sha256(json.dumps(fields).encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class EventPlan:
    create: list[DesiredEvent] = field(default_factory=list)
    edit: list[tuple[EventMirror, DesiredEvent]] = field(default_factory=list)
    # Mirrored events no longer wanted (unfollowed, cancelled, moved out of the window, or
    # mirroring off); the syncer cancels or deletes them.
    drop: list[EventMirror] = field(default_factory=list)
    # Mirrored events whose release has begun: forgotten without a call (Discord ends them).
    past: list[EventMirror] = field(default_factory=list)


def desired_event(drama: Drama, release: Release, tr: Language = SOURCE) -> DesiredEvent:
    if release.at is None:
        raise ValueError("a release without an instant has no event")
    text = event_text(drama, release, tr)
    return DesiredEvent(
        drama_id=release.drama_id,
        release_id=release.id,
        name=text.name,
        description=text.description,
        location=text.location,
        start=release.at,
        end=release.at + LENGTH,
    )


def plan_events(
    releases: Sequence[Release],
    dramas: Mapping[str, Drama],
    mirrors: Sequence[EventMirror],
    *,
    now: datetime,
    enabled: bool = True,
    tr: Language = SOURCE,
) -> EventPlan:
    """``releases``: the server's followed upcoming releases (any instant; those beyond the
    window are left out); ``enabled=False`` drops every mirrored event. The events' text is in
    ``tr`` (the server's language); a change of language edits them."""
    desired: dict[Key, DesiredEvent] = {}
    if enabled:
        for release in releases:
            if release.at is None or not now < release.at <= now + WINDOW:
                continue
            drama = dramas.get(release.drama_id)
            if drama is not None:
                desired[(release.drama_id, release.id)] = desired_event(drama, release, tr)
    plan = EventPlan()
    existing: dict[Key, EventMirror] = {}
    for mirror in mirrors:
        key = (mirror.drama_id, mirror.release_id)
        existing[key] = mirror
        wanted = desired.get(key)
        if wanted is not None:
            if wanted.fingerprint != mirror.fingerprint:
                plan.edit.append((mirror, wanted))
        elif mirror.start_at <= now:
            plan.past.append(mirror)
        else:
            plan.drop.append(mirror)
    plan.create.extend(event for key, event in desired.items() if key not in existing)
    return plan
