"""The replies of ``/ost`` as embeds (JSON shapes): a page of upcoming releases, one release in
full, search hits.

Pure, like the announcements: ``bot.services.browse`` reads what to show (a ``Page``, a
release's details) and the browse extension wraps these with ``discord.Embed.from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.domain import Drama, Release, Status
from bot.i18n import N_, SOURCE, Language
from bot.render.announcement import COLOR, announcement_embed, drama_name
from bot.render.escape import plain, truncate
from bot.render.limits import EMBED_DESCRIPTION, EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE

_STATUS = {Status.POSTPONED: N_("⚠️ postponed"), Status.CANCELLED: N_("❌ cancelled")}


def when_line(release: Release, tr: Language = SOURCE) -> str:
    """``<t:…:F> (<t:…:R>)``, "time unconfirmed" where it is, or TBA."""
    if release.at is None:
        return tr.gettext("TBA")
    unix = int(release.at.timestamp())
    unconfirmed = "" if release.time_confirmed else " · " + tr.gettext("time unconfirmed")
    return f"<t:{unix}:F> (<t:{unix}:R>){unconfirmed}"


def release_line(release: Release, drama_title: str, tr: Language = SOURCE) -> str:
    part = " " + tr.gettext("Part %(part)s") % {"part": release.part} if release.part else ""
    title = f' "{plain(release.title)}"' if release.title else ""
    artists = plain(", ".join(release.artists))
    status = _STATUS.get(release.status)
    flag = f" · {tr.gettext(status)}" if status else ""
    return (
        f"**{plain(drama_title)}**{part}{title} — {artists}\n"
        f"{when_line(release, tr)}{flag} · `{release.key}`"
    )


@dataclass(frozen=True)
class Page:
    """One page of ``/ost upcoming`` (``bot.services.browse.upcoming_page`` reads it)."""

    releases: list[Release]
    dramas: dict[str, Drama]
    number: int  # 0-based
    has_next: bool

    def embed(
        self, *, drama: str | None, artist: str | None, tr: Language = SOURCE
    ) -> dict[str, Any]:
        filters = [
            tr.gettext("drama %(drama)s") % {"drama": drama} if drama else "",
            tr.gettext("artist %(artist)s") % {"artist": artist} if artist else "",
        ]
        shown = ", ".join(f for f in filters if f)
        title = tr.gettext("Upcoming OST releases") + (f" ({plain(shown)})" if shown else "")
        if self.releases:
            lines = [
                release_line(r, drama_name(self.dramas[r.drama_id]), tr) for r in self.releases
            ]
            description = "\n\n".join(lines)
        else:
            description = (
                tr.gettext("Nothing upcoming matches.")
                if shown
                else tr.gettext("Nothing upcoming in the schedule.")
            )
        footer = tr.gettext("Page %(page)s · times in your own time zone") % {
            "page": tr.number(self.number + 1)
        }
        return {
            "title": truncate(title, 256),
            "description": truncate(description, EMBED_DESCRIPTION),
            "color": COLOR,
            "footer": {"text": footer},
        }


class Details(Protocol):
    """A release with its drama, as the store's ``get_release`` returns it."""

    @property
    def drama(self) -> Drama: ...

    @property
    def release(self) -> Release: ...


STATUS_NAMES = {
    Status.SCHEDULED: N_("scheduled"),
    Status.POSTPONED: N_("postponed"),
    Status.CANCELLED: N_("cancelled"),
}


def release_embed(details: Details, tr: Language = SOURCE) -> dict[str, Any]:
    """The announcement embed, with the drama and the release's key added."""
    drama = details.drama
    about = plain(drama.title) + (f" ({plain(drama.title_native)})" if drama.title_native else "")
    if drama.year:
        about += f", {drama.year}"
    status = details.release.status
    extra: list[dict[str, Any]] = [
        {"name": tr.gettext("Drama"), "value": truncate(about, FIELD_VALUE), "inline": False},
        {
            "name": tr.gettext("Status"),
            "value": tr.gettext(STATUS_NAMES[status]) if status in STATUS_NAMES else str(status),
            "inline": True,
        },
    ]
    # The two fields come out of the message's 6,000 characters: the release gets the rest.
    budget = EMBED_TOTAL - sum(len(f["name"]) + len(f["value"]) for f in extra)
    embed = announcement_embed(drama, details.release, budget=budget, tr=tr)
    embed["fields"] = [*list(embed.get("fields", []))[: EMBED_FIELDS - len(extra)], *extra]
    return embed


def search_embed(text: str, dramas: list[Drama], releases: list[Release], artists: list[str],
                 titles: dict[str, str], tr: Language = SOURCE) -> dict[str, Any]:  # fmt: skip
    """Search hits in three sections; each section lists what fits."""
    fields = []
    if dramas:
        lines = [
            f"**{plain(d.title)}**"
            + (f" ({plain(d.title_native)})" if d.title_native else "")
            + f" · `{d.id}`"
            for d in dramas
        ]
        fields.append(_section(tr.gettext("Dramas"), lines, tr))
    if releases:
        lines = [
            f"{release_line(r, titles.get(r.drama_id, r.drama_id), tr).splitlines()[0]} · `{r.key}`"
            for r in releases
        ]
        fields.append(_section(tr.gettext("Releases"), lines, tr))
    if artists:
        fields.append(_section(tr.gettext("Artists"), [plain(a) for a in artists], tr))
    return {
        "title": truncate(tr.gettext('Search: "%(text)s"') % {"text": plain(text)}, 256),
        "color": COLOR,
        "fields": fields,
        "footer": {"text": tr.gettext("/ost info shows a release in full")},
    }


def _section(name: str, lines: list[str], tr: Language) -> dict[str, Any]:
    value, shown = "", 0
    for line in lines:
        if len(value) + len(line) + 1 > FIELD_VALUE - 20:
            break
        value += line + "\n"
        shown += 1
    if shown < len(lines):
        value += tr.gettext("…and %(count)s more") % {"count": tr.number(len(lines) - shown)}
    return {"name": f"{name} ({len(lines)})", "value": value.strip(), "inline": False}
