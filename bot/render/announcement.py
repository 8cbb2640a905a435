"""The announcement of a release: one embed per release and its link buttons, always within
Discord's limits.

A release can carry more text than one message holds (25 credit roles of 25 names of 100
characters is 60,000 characters; the 6,000-character total of a message's embeds is the real
limit). ``fit_announcement`` renders the whole release when it fits and degrades in steps when
it does not: long artist and credit lists end with "… and N more", notes are cut with an
ellipsis, credit fields share what room is left, and at worst the credits are summed up in one
line. Every step is measured on the rendered embed, and what was cut is returned as ``Cut``s.

Every function takes the post's :class:`~bot.i18n.Language` (``tr``; English by default): the
server's language for its posts. The text comes from the catalogues, so the fitting above is
measured on the translated embed, whatever its language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import Drama, Release, Status
from bot.i18n import N_, SOURCE, Language
from bot.render import limits
from bot.render.escape import ELLIPSIS, clean, join_names, plain, truncate
from bot.render.fit import Cut, list_cut, share
from bot.render.post import Button, embed_length

COLOR = 0xE75480  # one colour for every ostbot announcement, so members learn to spot them
_STATUS_NOTE = {
    Status.POSTPONED: N_("⚠️ Postponed"),
    Status.CANCELLED: N_("❌ Cancelled"),
}
OUT_NOW = N_("🎵 Out now")
PERSONAL_OUT_NOW = N_("🔔 Your reminder: out now")
# Credit roles as the schedules name them; others are shown as written ("vocal_director" →
# "Vocal Director").
ROLE_NAMES = {
    "arranger": N_("Arranger"),
    "composer": N_("Composer"),
    "lyricist": N_("Lyricist"),
    "lyrics": N_("Lyrics"),
    "music": N_("Music"),
    "producer": N_("Producer"),
}
# Display names for the usual services; anything else is shown as written in the schedule.
SERVICE_NAMES = {
    "apple_music": "Apple Music",
    "bugs": "Bugs",
    "flo": "FLO",
    "genie": "genie",
    "melon": "Melon",
    "spotify": "Spotify",
    "vibe": "VIBE",
    "youtube": "YouTube",
    "youtube_music": "YouTube Music",
}
EMPTY = "—"  # Discord refuses a blank field; a name made only of stripped characters shows this


@dataclass(frozen=True, slots=True)
class _Caps:
    title: int
    artists: int
    notes: int
    credit: int  # the most one credit field's value may hold; 0: credits summed up in a line


# From the whole release to the barest: the first whose rendering fits the budget is used.
# The last fits in any budget of 600 characters (a tenth of a message), which
# ``message.fit_together`` never goes below (at most ten embeds share a message's 6,000).
_LEVELS = (
    _Caps(limits.EMBED_TITLE, 1200, 1500, limits.FIELD_VALUE),
    _Caps(limits.EMBED_TITLE, 600, 600, 300),
    _Caps(150, 250, 200, 80),
    _Caps(100, 100, 0, 0),
    _Caps(60, 40, 0, 0),
)
_CREDIT_FLOOR = 24  # below this a credit field is no use: the next level sums them up
SMALLEST_BUDGET = 600


@dataclass(frozen=True, slots=True)
class Fitted:
    embed: dict[str, Any]
    cuts: tuple[Cut, ...]


def drama_name(drama: Drama) -> str:
    """The drama's title, with its native (Korean) title beside it when known:
    ``Goblin (도깨비)``."""
    native = drama.title_native
    if native and native.casefold() != drama.title.casefold():
        return f"{drama.title} ({native})"
    return drama.title


def release_name(drama: Drama, release: Release, tr: Language = SOURCE) -> str:
    """How a release is named in titles: ``Drama (드라마) OST Part 2 "Title"``."""
    if release.part:
        name = tr.gettext("%(drama)s OST Part %(part)s") % {
            "drama": drama_name(drama),
            "part": release.part,
        }
    else:
        name = tr.gettext("%(drama)s OST") % {"drama": drama_name(drama)}
    title = f' "{release.title}"' if release.title else ""
    return f"{name}{title}"


def when_text(release: Release, tr: Language = SOURCE) -> str:
    """The release instant in Discord's local-time markup, or TBA."""
    if release.at is None:
        return tr.gettext("Date to be announced")
    unix = int(release.at.timestamp())
    if release.time_confirmed:
        return f"<t:{unix}:F> (<t:{unix}:R>)"
    return tr.gettext("%(date)s (time unconfirmed: expected %(time)s)") % {
        "date": f"<t:{unix}:D>",
        "time": f"<t:{unix}:t>",
    }


def announcement_embed(
    drama: Drama, release: Release, *, budget: int = limits.EMBED_TOTAL, tr: Language = SOURCE
) -> dict[str, Any]:
    """One release as a Discord embed (JSON shape), within Discord's limits and ``budget``."""
    return fit_announcement(drama, release, budget=budget, tr=tr).embed


def fit_announcement(
    drama: Drama, release: Release, *, budget: int = limits.EMBED_TOTAL, tr: Language = SOURCE
) -> Fitted:
    """The release's embed in at most ``budget`` characters (Discord's count), and what was cut."""
    for caps in _LEVELS:
        fitted = _render(drama, release, caps, budget, tr)
        if fitted is not None:
            return fitted
    return _bare(drama, release, budget, tr)


def _render(
    drama: Drama, release: Release, caps: _Caps, budget: int, tr: Language
) -> Fitted | None:
    cuts: list[Cut] = []
    name = plain(release_name(drama, release, tr))
    title = truncate(name, caps.title)
    if title != name:
        cuts.append(Cut("title", f"the post's title is cut to {len(title)} characters"))
    description = truncate(_description(release, caps, cuts, tr), limits.EMBED_DESCRIPTION)
    embed: dict[str, Any] = {
        "title": title,
        "description": description,
        "color": COLOR,
        "fields": [],
        "footer": {"text": truncate(clean(f"{release.key} · ostbot"), limits.FOOTER_TEXT)},
    }
    if release.mv:
        embed["url"] = release.mv
    if release.at is not None:
        embed["timestamp"] = release.at.isoformat()
    room = budget - embed_length(embed)
    fields = _fields(release, caps.credit, room, cuts, tr)
    if fields is None:
        return None
    embed["fields"] = fields
    if embed_length(embed) > budget:
        return None
    return Fitted(embed, tuple(cuts))


def _description(release: Release, caps: _Caps, cuts: list[Cut], tr: Language) -> str:
    names = [plain(artist) for artist in release.artists]
    artists, left_out = join_names(names, caps.artists)
    if artists != ", ".join(names):
        cuts.append(list_cut("artists", len(names), left_out, "artists"))
    lines = [tr.gettext("by %(artists)s") % {"artists": f"**{artists or EMPTY}**"}]
    lines.append(when_text(release, tr))
    if release.genre:
        genre = truncate(plain(release.genre), caps.artists)
        if genre != plain(release.genre):
            cuts.append(Cut("genre", f"cut to {len(genre)} characters"))
        lines[0] += f" · {genre}"
    if release.status in _STATUS_NOTE:
        lines.append(tr.gettext(_STATUS_NOTE[release.status]))
    if release.notes:
        notes = plain(release.notes)
        cut = truncate(notes, caps.notes) if caps.notes else ELLIPSIS
        if cut != notes:
            said = f"cut to {len(cut)} characters" if caps.notes else "left out"
            cuts.append(Cut("notes", f"{said} (of {len(notes)})"))
        lines.extend(["", cut])
    return "\n".join(lines)


def _fields(
    release: Release, cap: int, room: int, cuts: list[Cut], tr: Language
) -> list[dict[str, Any]] | None:
    credits = release.credits[: limits.EMBED_FIELDS]
    if not credits:
        return []
    names = [_nonblank(truncate(plain(role_name(c.role, tr)), 64)) for c in credits]
    values = [[plain(name) for name in c.names] for c in credits]
    if cap:
        fulls = [len(", ".join(v)) for v in values]
        fair = min(cap, share(fulls, room - sum(map(len, names)), floor=0))
        if fair >= _CREDIT_FLOOR or fair >= max(fulls):
            fields = []
            for credit, name, value in zip(credits, names, values, strict=True):
                text, left_out = join_names(value, min(fair, limits.FIELD_VALUE))
                if text != ", ".join(value):
                    cuts.append(list_cut(f"credits.{credit.role}", len(value), left_out, "names"))
                fields.append({"name": name, "value": _nonblank(text), "inline": True})
            return fields
        return None  # too little room for names: a sparer level sums the credits up
    hidden = tr.ngettext(
        "%(count)s role not shown here", "%(count)s roles not shown here", len(credits)
    ) % {"count": tr.number(len(credits))}
    summary = {"name": tr.gettext("Credits"), "value": f"{ELLIPSIS} {hidden}"}
    if len(summary["name"]) + len(summary["value"]) > room:
        return None
    cuts.append(Cut("credits", f"all {len(credits)} roles left out for room"))
    return [{**summary, "inline": False}]


def _bare(drama: Drama, release: Release, budget: int, tr: Language) -> Fitted:
    """Below every level's needs (a budget under ``SMALLEST_BUDGET``): title, key and time."""
    footer = truncate(clean(f"{release.key} · ostbot"), max(budget // 3, 0))
    title = truncate(plain(release_name(drama, release, tr)), max(budget // 3, 0))
    description = truncate(when_text(release, tr), max(budget - len(footer) - len(title), 0))
    embed: dict[str, Any] = {"title": title, "description": description, "color": COLOR}
    if footer:
        embed["footer"] = {"text": footer}
    return Fitted(embed, (Cut("release", "only the title and time fit"),))


def role_name(role: str, tr: Language = SOURCE) -> str:
    """A credit role's heading: a known role in the post's language, else as written."""
    known = ROLE_NAMES.get(role.casefold())
    return tr.gettext(known) if known else role.replace("_", " ").title()


def _nonblank(text: str) -> str:
    return text if text.strip() else EMPTY


def link_buttons(release: Release, tr: Language = SOURCE) -> tuple[Button, ...]:
    """The music video first, then each streaming link, as link buttons.

    A link Discord would refuse on a button (not http(s), longer than 512) gets none; schedule
    files and commands refuse such links already.
    """
    buttons = [Button(tr.gettext("Music video"), release.mv)] if release.mv else []
    for link in release.links:
        label = SERVICE_NAMES.get(link.service, link.service.replace("_", " "))
        buttons.append(Button(_nonblank(truncate(clean(label), limits.BUTTON_LABEL)), link.url))
    return tuple(b for b in buttons if _linkable(b.url))


def _linkable(url: str) -> bool:
    return url.startswith(("https://", "http://")) and len(url) <= limits.BUTTON_URL


def reminder_headline(at: datetime, tr: Language = SOURCE) -> str:
    """The line above a reminder: a live countdown to the release."""
    return tr.gettext("⏰ Out %(countdown)s") % {"countdown": f"<t:{int(at.timestamp())}:R>"}
