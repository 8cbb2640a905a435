"""A server's settings in words, for ``/ost-admin`` replies and ``/ost-admin status``, in the
admin's language (``tr``; English by default)."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import GuildSettings
from bot.domain.durations import format_offsets
from bot.i18n import SOURCE, SUPPORTED, Language, supported
from bot.render.escape import plain


def reminders_text(offsets: tuple[timedelta, ...], tr: Language = SOURCE) -> str:
    if not offsets:
        return tr.gettext("No reminder posts before releases.")
    return tr.gettext("Reminder posts %(offsets)s before each release.") % {
        "offsets": format_offsets(offsets)
    }


def publish_text(publish: bool, tr: Language = SOURCE) -> str:
    if publish:
        return tr.gettext(
            "Posts in an announcement channel are published, so servers following that "
            "channel get them too."
        )
    return tr.gettext(
        "Posts in an announcement channel are not published (only this server sees them)."
    )


def catchup_text(window: timedelta, tr: Language = SOURCE) -> str:
    hours = int(window.total_seconds() // 3600)
    if hours == 0:
        return tr.gettext("Releases missed while the bot was down are never posted late.")
    return tr.gettext(
        "Releases missed while the bot was down are still posted up to %(hours)s h late."
    ) % {"hours": hours}


def language_text(settings: GuildSettings, tr: Language = SOURCE) -> str:
    """The language of the server's posts, and whether an admin chose it."""
    name = SUPPORTED[supported(settings.post_locale)]
    if settings.language is None:
        return tr.gettext("%(language)s (the server's language in Discord)") % {"language": name}
    return name


def events_text(settings: GuildSettings, tr: Language = SOURCE) -> str:
    """Whether followed releases are mirrored as Discord scheduled events, and why not."""
    if not settings.mirror_events:
        return tr.gettext("off (`/ost-admin setup events enabled:True` mirrors followed releases)")
    if settings.events_broken is not None:
        return tr.gettext(
            "⚠️ stopped: %(reason)s. Give my role Manage Events, then "
            "run `/ost-admin setup events enabled:True` again."
        ) % {"reason": plain(settings.events_broken)}
    return tr.gettext("on: each followed release in the next 14 days is a Discord event")
