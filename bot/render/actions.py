"""Action buttons the bot answers itself; their custom_id carries what they act on.

``ostbot:remind:<drama>/<release>`` asks for a DM when that release comes out (the browse
extension answers it, also after a restart). Discord caps a custom_id at 100 characters; a
release whose key does not fit gets no button (``/ost remind`` still works for it).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain import Release, Status
from bot.i18n import N_, SOURCE, Language
from bot.render.escape import clean, truncate
from bot.render.post import ActionButton

CUSTOM_ID_LIMIT = 100
REMIND_PREFIX = "ostbot:remind:"
REMIND_LABEL = N_("🔔 Remind me")
LABEL_LIMIT = 80


def remind_custom_id(key: str) -> str | None:
    """The Remind-me custom_id of release ``drama/release``; None when it would be too long."""
    custom_id = f"{REMIND_PREFIX}{key}"
    return custom_id if len(custom_id) <= CUSTOM_ID_LIMIT else None


def remindable(release: Release, now: datetime) -> bool:
    """Whether a reminder can still be set: not cancelled, and upcoming or TBA."""
    return release.status is not Status.CANCELLED and (release.at is None or release.at > now)


def remind_actions(releases: Sequence[Release], tr: Language = SOURCE) -> tuple[ActionButton, ...]:
    """A Remind-me button per release (labelled with its title when there are several)."""
    actions = []
    for release in releases:
        custom_id = remind_custom_id(release.key)
        if custom_id is None:
            continue
        label = tr.gettext(REMIND_LABEL)
        if len(releases) > 1:
            label = truncate(clean(f"🔔 {release.title or release.key}"), LABEL_LIMIT)
        actions.append(ActionButton(label, custom_id))
    return tuple(actions)
