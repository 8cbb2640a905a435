"""What everyone can look up: upcoming drops by page, one release, a search, as embeds (JSON).

Store-using, Discord-free: the browse extension turns these into replies, and tests call them
directly. Every read passes the caller's ``guild_id`` (None in DMs: curated releases only).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import Drama, NotFound, Release, Status
from bot.render import announcement_embed
from bot.render.announcement import COLOR
from bot.render.escape import plain, truncate
from bot.render.limits import EMBED_DESCRIPTION, EMBED_FIELDS, EMBED_TOTAL, FIELD_VALUE
from bot.store import Store
from bot.store.types import ReleaseDetails

PER_PAGE = 10
_STATUS = {Status.POSTPONED: " · ⚠️ postponed", Status.CANCELLED: " · ❌ cancelled"}


def parse_release_value(value: str) -> tuple[str, str]:
    """``drama/release`` (an autocomplete choice's value) → its two ids, or ``NotFound``."""
    drama_id, slash, release_id = value.strip().partition("/")
    if not slash or not drama_id or not release_id or "/" in release_id:
        raise NotFound(
            f'"{truncate(value, 80)}" is not a release. Pick one from the suggestions as you '
            "type, or write it as drama/release (e.g. goblin/part-1); /ost search finds them."
        )
    return drama_id, release_id


async def find_release(store: Store, value: str, *, guild_id: int | None) -> ReleaseDetails:
    """The release a member named, if they may see it; ``NotFound`` with what to do otherwise."""
    drama_id, release_id = parse_release_value(value)
    try:
        return await store.releases.details(drama_id, release_id, guild_id=guild_id)
    except NotFound:
        raise NotFound(
            f'There is no release "{truncate(value, 80)}" here. Pick one from the suggestions '
            "as you type, or try /ost search."
        ) from None


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


async def upcoming_page(
    store: Store,
    *,
    now: datetime,
    guild_id: int | None,
    page: int = 0,
    drama: str | None = None,
    artist: str | None = None,
    per_page: int = PER_PAGE,
) -> Page:
    """Page ``page`` of the upcoming releases (time order, TBA last). A page past the end
    shows the last one (the list shrinks as releases come out)."""
    page = max(page, 0)
    # The store has no offset; reading (page + 1) pages plus one row walks the time index only
    # that far, and the extra row says whether a next page exists.
    rows = await store.releases.upcoming(
        now=now,
        drama=drama or None,
        artist=artist or None,
        guild_id=guild_id,
        limit=(page + 1) * per_page + 1,
    )
    last_page = max((len(rows) - 1) // per_page, 0)
    page = min(page, last_page)
    shown = rows[page * per_page : (page + 1) * per_page]
    # Queued together: one hop to the database thread each would add up under load.
    ids = sorted({r.drama_id for r in shown})
    dramas = dict(zip(ids, await asyncio.gather(*map(store.releases.drama, ids)), strict=True))
    return Page(shown, dramas, page, has_next=len(rows) > (page + 1) * per_page)


def release_embed(details: ReleaseDetails) -> dict[str, Any]:
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
