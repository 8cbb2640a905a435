"""A server's settings in words, for ``/ost-admin`` replies and ``/ost-admin status``."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import GuildSettings
from bot.domain.durations import format_offsets
from bot.render.escape import plain


def reminders_text(offsets: tuple[timedelta, ...]) -> str:
    if not offsets:
        return "No reminder posts before releases."
    return f"Reminder posts {format_offsets(offsets)} before each release."


def publish_text(publish: bool) -> str:
    if publish:
        return (
            "Posts in an announcement channel are published, so servers following that "
            "channel get them too."
        )
    return "Posts in an announcement channel are not published (only this server sees them)."


def catchup_text(window: timedelta) -> str:
    hours = int(window.total_seconds() // 3600)
    if hours == 0:
        return "Releases missed while the bot was down are never posted late."
    return f"Releases missed while the bot was down are still posted up to {hours} h late."


def events_text(settings: GuildSettings) -> str:
    """Whether followed releases are mirrored as Discord scheduled events, and why not."""
    if not settings.mirror_events:
        return "off (`/ost-admin setup events enabled:True` mirrors followed releases)"
    if settings.events_broken is not None:
        return (
            f"⚠️ stopped: {plain(settings.events_broken)}. Give my role Manage Events, then "
            "run `/ost-admin setup events enabled:True` again."
        )
    return "on: each followed release in the next 14 days is a Discord event"
