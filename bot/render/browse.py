"""The replies of ``/ost`` as embeds (JSON shapes): a page of upcoming releases, one release in
full, search hits.

Pure, like the announcements: ``bot.services.browse`` reads what to show (a ``Page``, a
release's details) and the browse extension wraps these with ``discord.Embed.from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from bot.domain import Drama, Release, Status
from bot.render.announcement import COLOR, announcement_embed
from bot.render.escape import plain, truncate
from bot.render.limits import EMBED_DESCRIPTION, EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE

_STATUS = {Status.POSTPONED: " · ⚠️ postponed", Status.CANCELLED: " · ❌ cancelled"}


def when_line(release: Release) -> str:
    """``<t:…:F> (<t:…:R>)``, "time unconfirmed" where it is, or TBA."""
    if release.at is None:
        return "TBA"
    unix = int(release.at.timestamp())
    unconfirmed = "" if release.time_confirmed else " · time unconfirmed"
    return f"<t:{unix}:F> (<t:{unix}:R>){unconfirmed}"


def release_line(release: Release, drama_title: str) -> str:
    part = f" Part {release.part}" if release.part else ""
    title = f' "{plain(release.title)}"' if release.title else ""
    artists = plain(", ".join(release.artists))
    return (
        f"**{plain(drama_title)}**{part}{title} — {artists}\n"
        f"{when_line(release)}{_STATUS.get(release.status, '')} · `{release.key}`"
    )


@dataclass(frozen=True)
class Page:
    """One page of ``/ost upcoming`` (``bot.services.browse.upcoming_page`` reads it)."""

    releases: list[Release]
    dramas: dict[str, Drama]
    number: int  # 0-based
    has_next: bool

    def embed(self, *, drama: str | None, artist: str | None) -> dict[str, Any]:
        filters = [f"drama {drama}" if drama else "", f"artist {artist}" if artist else ""]
        shown = ", ".join(f for f in filters if f)
        title = "Upcoming OST releases" + (f" ({plain(shown)})" if shown else "")
        if self.releases:
            lines = [release_line(r, self.dramas[r.drama_id].title) for r in self.releases]
            description = "\n\n".join(lines)
        else:
            description = (
                "Nothing upcoming matches." if shown else "Nothing upcoming in the schedule."
            )
        return {
            "title": truncate(title, 256),
            "description": truncate(description, EMBED_DESCRIPTION),
            "color": COLOR,
            "footer": {"text": f"Page {self.number + 1} · times in your own time zone"},
        }


class Details(Protocol):
    """A release with its drama, as the store's ``get_release`` returns it."""

    @property
    def drama(self) -> Drama: ...

    @property
    def release(self) -> Release: ...


def release_embed(details: Details) -> dict[str, Any]:
    """The announcement embed, with the drama and the release's key added."""
    drama = details.drama
    about = plain(drama.title) + (f" ({plain(drama.title_native)})" if drama.title_native else "")
    if drama.year:
        about += f", {drama.year}"
    extra: list[dict[str, Any]] = [
        {"name": "Drama", "value": truncate(about, FIELD_VALUE), "inline": False},
        {"name": "Status", "value": str(details.release.status), "inline": True},
    ]
    # The two fields come out of the message's 6,000 characters: the release gets the rest.
    budget = EMBED_TOTAL - sum(len(f["name"]) + len(f["value"]) for f in extra)
    embed = announcement_embed(drama, details.release, budget=budget)
    embed["fields"] = [*list(embed.get("fields", []))[: EMBED_FIELDS - len(extra)], *extra]
    return embed


def search_embed(text: str, dramas: list[Drama], releases: list[Release], artists: list[str],
                 titles: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    """Search hits in three sections; each section lists what fits."""
    fields = []
    if dramas:
        lines = [
            f"**{plain(d.title)}**"
            + (f" ({plain(d.title_native)})" if d.title_native else "")
            + f" · `{d.id}`"
            for d in dramas
        ]
        fields.append(_section("Dramas", lines))
    if releases:
        lines = [
            f"{release_line(r, titles.get(r.drama_id, r.drama_id)).splitlines()[0]} · `{r.key}`"
            for r in releases
        ]
        fields.append(_section("Releases", lines))
    if artists:
        fields.append(_section("Artists", [plain(a) for a in artists]))
    return {
        "title": truncate(f'Search: "{plain(text)}"', 256),
        "color": COLOR,
        "fields": fields,
        "footer": {"text": "/ost info shows a release in full"},
    }


def _section(name: str, lines: list[str]) -> dict[str, Any]:
    value, shown = "", 0
    for line in lines:
        if len(value) + len(line) + 1 > FIELD_VALUE - 20:
            break
        value += line + "\n"
        shown += 1
    if shown < len(lines):
        value += f"…and {len(lines) - shown} more"
    return {"name": f"{name} ({len(lines)})", "value": value.strip(), "inline": False}
