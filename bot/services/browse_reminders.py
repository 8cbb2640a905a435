"""Personal reminders: a member's DM at a release's instant (the announcer sends it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain import NotFound, OstbotError, Release, Status
from bot.i18n import N_
from bot.services.browse import find_release, parse_release_value
from bot.store import Store

UNREMIND_PREFIX = "ostbot:unremind:"


class AlreadySet(OstbotError):
    """The member already has this reminder."""


@dataclass(frozen=True)
class Reminder:
    release: Release
    drama_title: str


async def remind(
    store: Store,
    user_id: int,
    value: str,
    *,
    now: datetime,
    guild_id: int | None,
    locale: str | None = None,
) -> Reminder:
    """Ask for a DM when the release comes out, in ``locale`` (the member's Discord locale).
    Past or cancelled → error; TBA is fine (the DM goes out when it comes out); twice →
    ``AlreadySet``."""
    details = await find_release(store, value, guild_id=guild_id)
    release = details.release
    if release.status is Status.CANCELLED:
        raise OstbotError(
            N_("%(release)s was cancelled, so there is nothing to remind you of."),
            release=release.key,
        )
    if release.at is not None and release.at <= now:
        unix = int(release.at.timestamp())
        raise OstbotError(
            N_("%(release)s already came out %(when)s; /ost info has its links."),
            release=release.key,
            when=f"<t:{unix}:R>",
        )
    if not await store.reminders.add(user_id, release.drama_id, release.id, now=now, locale=locale):
        raise AlreadySet(
            N_("Your reminder for %(release)s is already set. /ost myreminders lists yours."),
            release=release.key,
        )
    return Reminder(release, details.drama.title)


async def unremind(store: Store, user_id: int, value: str) -> str:
    """Cancel the member's reminder; returns the release key. None set → ``NotFound``."""
    drama_id, release_id = parse_release_value(value)
    if not await store.reminders.remove(user_id, drama_id, release_id):
        raise NotFound(
            N_("You have no reminder for %(release)s. /ost myreminders lists yours."),
            release=f"{drama_id}/{release_id}",
        )
    return f"{drama_id}/{release_id}"


def unremind_custom_id(release: Release) -> str:
    return f"{UNREMIND_PREFIX}{release.key}"[:100]
