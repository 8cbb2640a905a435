"""The announcement of a release: one embed per release and its link buttons."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.domain import Drama, Release, Status
from bot.render import limits
from bot.render.escape import plain, truncate
from bot.render.post import Button, Post

COLOR = 0xE75480  # one colour for every ostbot announcement, so members learn to spot them
_STATUS_NOTE = {
    Status.POSTPONED: "⚠️ Postponed",
    Status.CANCELLED: "❌ Cancelled",
}
OUT_NOW = "🎵 Out now"
PERSONAL_OUT_NOW = "🔔 Your reminder: out now"
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


def release_name(drama: Drama, release: Release) -> str:
    """How a release is named in titles: ``Drama OST Part 2 "Title"``."""
    part = f" OST Part {release.part}" if release.part else " OST"
    title = f' "{release.title}"' if release.title else ""
    return f"{drama.title}{part}{title}"


def when_text(release: Release) -> str:
    """The release instant in Discord's local-time markup, or TBA."""
    if release.at is None:
        return "Date to be announced"
    unix = int(release.at.timestamp())
    if release.time_confirmed:
        return f"<t:{unix}:F> (<t:{unix}:R>)"
    return f"<t:{unix}:D> (time unconfirmed: expected <t:{unix}:t>)"


def announcement_embed(drama: Drama, release: Release) -> dict[str, Any]:
    """One release as a Discord embed (JSON shape), within Discord's limits."""
    embed: dict[str, Any] = {
        "title": truncate(plain(release_name(drama, release)), limits.EMBED_TITLE),
        "description": truncate(_description(release), limits.EMBED_DESCRIPTION),
        "color": COLOR,
        "fields": _fields(release),
        "footer": {"text": f"{release.key} · ostbot"},
    }
    if release.mv:
        embed["url"] = release.mv
    if release.at is not None:
        embed["timestamp"] = release.at.isoformat()
    return embed


def _description(release: Release) -> str:
    lines = [f"by **{plain(', '.join(release.artists))}**", when_text(release)]
    if release.status in _STATUS_NOTE:
        lines.append(_STATUS_NOTE[release.status])
    if release.notes:
        lines.extend(["", plain(release.notes)])
    return "\n".join(lines)


def _fields(release: Release) -> list[dict[str, Any]]:
    fields = [
        {
            "name": truncate(plain(credit.role.replace("_", " ").title()), limits.FIELD_NAME),
            "value": truncate(plain(", ".join(credit.names)), limits.FIELD_VALUE),
            "inline": True,
        }
        for credit in release.credits
    ]
    return fields[: limits.EMBED_FIELDS]


def link_buttons(release: Release) -> tuple[Button, ...]:
    """The music video first, then each streaming link, as link buttons."""
    buttons = [Button("Music video", release.mv)] if release.mv else []
    for link in release.links:
        label = SERVICE_NAMES.get(link.service, link.service.replace("_", " "))
        buttons.append(Button(truncate(label, limits.BUTTON_LABEL), link.url))
    return tuple(buttons)


def reminder_headline(at: datetime) -> str:
    """The line above a reminder: a live countdown to the release."""
    return f"⏰ Out <t:{int(at.timestamp())}:R>"


def render_post(
    drama_of: Mapping[str, Drama],
    releases: Sequence[Release],
    *,
    ping_role: int | None = None,
    headline: str | None = None,
) -> Post:
    """The post of releases that drop together, for one channel.

    ``drama_of`` maps drama ids to dramas; ``headline`` (e.g. ``OUT_NOW``) leads the content,
    after the role ping. Buttons beyond Discord's 25 are left out; the embeds carry the links'
    targets anyway. The caller packs releases into messages first (``pack_embeds``).
    """
    embeds = tuple(announcement_embed(drama_of[r.drama_id], r) for r in releases)
    buttons = tuple(b for r in releases for b in link_buttons(r))
    ping = f"<@&{ping_role}>" if ping_role else None
    content = " ".join(part for part in (ping, headline) if part) or None
    roles = (ping_role,) if ping_role else ()
    return Post(content=content, embeds=embeds, buttons=buttons, ping_roles=roles)
