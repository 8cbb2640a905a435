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
from bot.i18n import N_, SOURCE, Language
from bot.render import limits
from bot.render.announcement import COLOR, release_name, when_text
from bot.render.escape import plain, truncate
from bot.render.settings import catchup_text, events_text, language_text, publish_text

# Keeps five problems inside one embed field (1,024 characters) with their names and dates.
_REASON_LENGTH = 80

HOW_TO_START = N_(
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


def status_embed(
    status: ServerStatus, *, server_name: str, tr: Language = SOURCE
) -> dict[str, Any]:
    """The status in one embed, in ``tr`` (the admin's language), each field cut to Discord's
    limits."""
    settings = status.settings
    role = f"<@&{settings.ping_role_id}>" if settings.ping_role_id else tr.gettext("none")
    fields = [
        *([_field(tr.gettext("Delivery"), block_text(status, tr))] if status.blocked_until else []),
        _field(tr.gettext("Channel"), _channel_text(settings, tr)),
        _field(tr.gettext("Role pinged"), role),
        _field(tr.gettext("Follows"), "\n".join(status.follows) or tr.gettext(_NO_FOLLOWS)),
        _field(tr.gettext("Reminders"), _reminders_text(settings, tr)),
        _field(tr.gettext("Catch-up"), catchup_text(settings.catchup, tr)),
        _field(tr.gettext("Publishing"), publish_text(settings.publish, tr)),
        _field(tr.gettext("Language"), language_text(settings, tr)),
        _field(tr.gettext("Scheduled events"), events_text(settings, tr)),
        _field(tr.gettext("Next announcements"), _upcoming_text(status, tr)),
    ]
    if status.problem_count:
        fields.append(_field(tr.gettext("Missed or failed posts"), _problems_text(status, tr)))
    title = tr.gettext("ostbot in %(server)s") % {"server": plain(server_name)}
    return {
        "title": truncate(title, limits.EMBED_TITLE),
        "color": COLOR,
        "fields": fields,
    }


_NO_FOLLOWS = N_(
    "nothing yet: `/ost-admin follow all`, `/ost-admin follow drama` or `/ost-admin follow artist`"
)


def _field(name: str, value: str) -> dict[str, Any]:
    return {"name": name, "value": truncate(value, limits.FIELD_VALUE), "inline": False}


def _channel_text(settings: GuildSettings, tr: Language) -> str:
    if settings.channel_id is None:
        return tr.gettext("not set: announcements go nowhere until `/ost-admin setup channel`")
    text = f"<#{settings.channel_id}>"
    if settings.broken_reason is not None:
        since = f" <t:{int(settings.broken_at.timestamp())}:R>" if settings.broken_at else ""
        text += "\n" + tr.gettext(
            "⚠️ Posting stopped%(since)s: %(reason)s. Fix that (the bot's permissions there, or "
            "a new channel), then run `/ost-admin setup channel` again."
        ) % {"since": since, "reason": plain(settings.broken_reason)}
    return text


def block_text(status: ServerStatus, tr: Language = SOURCE) -> str:
    """The block in one line: until when (each reader's local HH:MM) and what waits for it."""
    until = int(status.blocked_until.timestamp()) if status.blocked_until else 0
    values = {"until": f"~<t:{until}:t>", "count": tr.number(status.waiting)}
    if status.now is not None and status.blocked_until and status.blocked_until <= status.now:
        # The wait is over but nothing has asked Discord yet: the next request will.
        return (
            tr.ngettext(
                "⚠️ Discord was blocking this bot's requests until %(until)s; the next post checks "
                "whether it is over. %(count)s post waiting.",
                "⚠️ Discord was blocking this bot's requests until %(until)s; the next post checks "
                "whether it is over. %(count)s posts waiting.",
                status.waiting,
            )
            % values
        )
    return (
        tr.ngettext(
            "⚠️ Discord is blocking this bot's requests until %(until)s; %(count)s post waiting. "
            "Nothing is lost: everything is sent once the block ends.",
            "⚠️ Discord is blocking this bot's requests until %(until)s; %(count)s posts waiting. "
            "Nothing is lost: everything is sent once the block ends.",
            status.waiting,
        )
        % values
    )


def _reminders_text(settings: GuildSettings, tr: Language) -> str:
    if not settings.reminder_offsets:
        return tr.gettext("none (`/ost-admin reminders 24h, 1h` adds some)")
    return tr.gettext("%(offsets)s before each release") % {
        "offsets": format_offsets(settings.reminder_offsets)
    }


def _upcoming_text(status: ServerStatus, tr: Language) -> str:
    if not status.upcoming:
        return tr.gettext("nothing scheduled among what this server follows")
    lines = []
    for release in status.upcoming:
        drama = status.dramas.get(release.drama_id)
        name = plain(release_name(drama, release, tr)) if drama else release.key
        lines.append(f"{name}\n{when_text(release, tr)}")
    return "\n".join(lines)


def _problems_text(status: ServerStatus, tr: Language) -> str:
    lines = []
    for row in status.problems:
        drama = status.dramas.get(row.drama_id)
        name = f"{plain(drama.title)} ({row.release_key})" if drama else row.release_key
        reason = truncate(plain(row.last_error or "no reason recorded"), _REASON_LENGTH)
        values = {
            "state": row.state,
            "name": name,
            "due": f"<t:{int(row.due_at.timestamp())}:F>",
            "reason": reason,
        }
        if row.kind == ANNOUNCE:
            line = tr.gettext("%(state)s: announcement of %(name)s, due %(due)s: %(reason)s")
        else:
            line = tr.gettext("%(state)s: reminder of %(name)s, due %(due)s: %(reason)s")
        lines.append(line % values)
    more = status.problem_count - len(status.problems)
    if more > 0:
        lines.append(tr.gettext("…and %(count)s older") % {"count": tr.number(more)})
    return "\n".join(lines)
