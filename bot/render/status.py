"""``/ost-admin status`` as an embed (JSON shape): one server's settings, what it will
announce next, and what went wrong.

Pure: ``bot.services.admin_status`` reads the ``ServerStatus`` and the command wraps this
embed with ``discord.Embed.from_dict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.domain import ANNOUNCE, DeliveryKind, Drama, GuildSettings, Release
from bot.domain.durations import format_offsets
from bot.render import limits
from bot.render.announcement import COLOR, release_name, when_text
from bot.render.escape import plain, truncate
from bot.render.settings import catchup_text, events_text, publish_text

# Keeps five problems inside one embed field (1,024 characters) with their names and dates.
_REASON_LENGTH = 80

HOW_TO_START = (
    "ostbot is not set up in this server yet. To start:\n"
    "1. `/ost-admin setup channel` — where announcements go (and, optionally, a role to ping);\n"
    "2. `/ost-admin follow all`, or `/ost-admin follow drama` / `/ost-admin follow artist`"
    " — what to announce;\n"
    "3. optionally `/ost-admin reminders 24h, 1h` — reminder posts before each release.\n"
    "Then `/ost-admin status` shows the next announcements."
)


class Problem(Protocol):
    """A missed or failed delivery, as the store's ledger rows describe it."""

    @property
    def drama_id(self) -> str: ...

    @property
    def release_key(self) -> str: ...

    @property
    def kind(self) -> DeliveryKind: ...

    @property
    def state(self) -> str: ...

    @property
    def due_at(self) -> datetime: ...

    @property
    def last_error(self) -> str | None: ...


@dataclass(frozen=True)
class ServerStatus:
    """What ``/ost-admin status`` shows of one server (``server_status`` reads it)."""

    settings: GuildSettings
    follows: list[str]
    upcoming: list[Release]
    problems: Sequence[Problem]  # the latest missed or failed deliveries, newest first
    problem_count: int
    dramas: dict[str, Drama]  # the dramas of ``upcoming`` and ``problems``, by id
    blocked_until: datetime | None = None  # while Discord blocks the bot: the next try
    waiting: int = 0  # this server's posts not sent yet (counted while blocked)
    now: datetime | None = None  # when this status was read


def status_embed(status: ServerStatus, *, server_name: str) -> dict[str, Any]:
    """The status in one embed, each field cut to Discord's limits."""
    settings = status.settings
    fields = [
        *([_field("Delivery", block_text(status))] if status.blocked_until else []),
        _field("Channel", _channel_text(settings)),
        _field("Role pinged", f"<@&{settings.ping_role_id}>" if settings.ping_role_id else "none"),
        _field("Follows", "\n".join(status.follows) or _NO_FOLLOWS),
        _field("Reminders", _reminders_text(settings)),
        _field("Catch-up", catchup_text(settings.catchup)),
        _field("Publishing", publish_text(settings.publish)),
        _field("Scheduled events", events_text(settings)),
        _field("Next announcements", _upcoming_text(status)),
    ]
    if status.problem_count:
        fields.append(_field("Missed or failed posts", _problems_text(status)))
    return {
        "title": truncate(f"ostbot in {plain(server_name)}", limits.EMBED_TITLE),
        "color": COLOR,
        "fields": fields,
    }


_NO_FOLLOWS = (
    "nothing yet: `/ost-admin follow all`, `/ost-admin follow drama` or `/ost-admin follow artist`"
)


def _field(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "value": truncate(value, limits.FIELD_VALUE), "inline": False}


def _channel_text(settings: GuildSettings) -> str:
    if settings.channel_id is None:
        return "not set: announcements go nowhere until `/ost-admin setup channel`"
    text = f"<#{settings.channel_id}>"
    if settings.broken_reason is not None:
        since = f" <t:{int(settings.broken_at.timestamp())}:R>" if settings.broken_at else ""
        text += (
            f"\n⚠️ Posting stopped{since}: {plain(settings.broken_reason)}. Fix that (the bot's "
            "permissions there, or a new channel), then run `/ost-admin setup channel` again."
        )
    return text


def block_text(status: ServerStatus) -> str:
    """The block in one line: until when (each reader's local HH:MM) and what waits for it."""
    until = int(status.blocked_until.timestamp()) if status.blocked_until else 0
    posts = "post" if status.waiting == 1 else "posts"
    if status.now is not None and status.blocked_until and status.blocked_until <= status.now:
        # The wait is over but nothing has asked Discord yet: the next request will.
        return (
            f"⚠️ Discord was blocking this bot's requests until ~<t:{until}:t>; the next post"
            f" checks whether it is over. {status.waiting} {posts} waiting."
        )
    return (
        f"⚠️ Discord is blocking this bot's requests until ~<t:{until}:t>; {status.waiting}"
        f" {posts} waiting. Nothing is lost: everything is sent once the block ends."
    )


def _reminders_text(settings: GuildSettings) -> str:
    if not settings.reminder_offsets:
        return "none (`/ost-admin reminders 24h, 1h` adds some)"
    return f"{format_offsets(settings.reminder_offsets)} before each release"


def _upcoming_text(status: ServerStatus) -> str:
    if not status.upcoming:
        return "nothing scheduled among what this server follows"
    lines = []
    for release in status.upcoming:
        drama = status.dramas.get(release.drama_id)
        name = plain(release_name(drama, release)) if drama else release.key
        lines.append(f"{name}\n{when_text(release)}")
    return "\n".join(lines)


def _problems_text(status: ServerStatus) -> str:
    lines = []
    for row in status.problems:
        drama = status.dramas.get(row.drama_id)
        name = f"{plain(drama.title)} ({row.release_key})" if drama else row.release_key
        what = "announcement" if row.kind == ANNOUNCE else "reminder"
        reason = truncate(plain(row.last_error or "no reason recorded"), _REASON_LENGTH)
        due = int(row.due_at.timestamp())
        lines.append(f"{row.state}: {what} of {name}, due <t:{due}:F>: {reason}")
    more = status.problem_count - len(status.problems)
    if more > 0:
        lines.append(f"…and {more} older")
    return "\n".join(lines)
