"""The text of a release's Discord scheduled event, within Discord's limits for events.

Name 1-100 characters, description up to 1,000, an external event's location 1-100. Event text
is shown without markdown but with mentions and other ``<...>`` markup, so it is ``clean``ed
(control characters stripped, markup defused) rather than markdown-escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Drama, Release
from bot.i18n import N_, SOURCE, Language
from bot.render import limits
from bot.render.announcement import release_name
from bot.render.escape import clean, join_names, truncate
from bot.render.fit import Cut, list_cut

ARTISTS = 400  # of the description's 1,000, so the notes keep room too
UNCONFIRMED = N_("The time is not confirmed yet.")
FALLBACK = N_("K-drama OST release")


@dataclass(frozen=True, slots=True)
class EventText:
    name: str
    description: str
    location: str
    cuts: tuple[Cut, ...]


def event_text(drama: Drama, release: Release, tr: Language = SOURCE) -> EventText:
    """Name, description and location of the release's event in ``tr`` (the server's
    language), and what had to be cut."""
    cuts: list[Cut] = []
    fallback = tr.gettext(FALLBACK)
    full_name = clean(release_name(drama, release, tr))
    name = truncate(full_name, limits.EVENT_NAME) or fallback
    if name != full_name:
        cuts.append(Cut("title", f"the scheduled event's name is cut to {len(name)} characters"))
    names = [clean(a) for a in release.artists]
    artists, left_out = join_names(names, ARTISTS)
    if artists != ", ".join(names):
        cut = list_cut("artists", len(names), left_out, "artists")
        cuts.append(Cut("artists", f"scheduled event: {cut.what}"))
    lines = [artists] if artists.strip() else []
    if not release.time_confirmed:
        lines.append(tr.gettext(UNCONFIRMED))
    if release.notes:
        lines.append(clean(release.notes))
    whole = "\n".join(lines)
    description = truncate(whole, limits.EVENT_DESCRIPTION)
    if description != whole:
        cuts.append(Cut("notes", "the scheduled event's description is cut to 1,000 characters"))
    location = _location(drama, release, fallback)
    return EventText(name, description or fallback, location, tuple(cuts))


def _location(drama: Drama, release: Release, fallback: str) -> str:
    """The music video or first link; a link longer than the limit would break if cut, so the
    drama's title stands in for it."""
    if release.mv:
        location = release.mv
    elif release.links:
        location = release.links[0].url
    else:
        location = drama.title
    if len(location) <= limits.EVENT_LOCATION and location == clean(location) and location.strip():
        return location
    return truncate(clean(drama.title), limits.EVENT_LOCATION).strip() or fallback
