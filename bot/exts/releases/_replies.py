"""The answer to a command that changed a server's own release: a sentence and a preview."""

from __future__ import annotations

from typing import Any

from bot.domain import Status
from bot.i18n import N_, SOURCE, Language
from bot.render.announcement import announcement_embed
from bot.services.server_releases import Outcome

HERE_ONLY = N_("Only this server sees it and gets its announcement.")
# What was done, as the commands say it ("Added `drama/release`."): one message per verb.
VERBS = {
    "Added": (N_("Added %(release)s."), N_("Added %(release)s: %(fields)s changed.")),
    "Updated": (N_("Updated %(release)s."), N_("Updated %(release)s: %(fields)s changed.")),
    "Postponed": (
        N_("Postponed %(release)s."),
        N_("Postponed %(release)s: %(fields)s changed."),
    ),
    "Scheduled": (
        N_("Scheduled %(release)s."),
        N_("Scheduled %(release)s: %(fields)s changed."),
    ),
    "Cancelled": (
        N_("Cancelled %(release)s."),
        N_("Cancelled %(release)s: %(fields)s changed."),
    ),
}


def outcome_reply(outcome: Outcome, verb: str, tr: Language = SOURCE) -> tuple[str, dict[str, Any]]:
    """(content, embed): what happened to which release, and how it will be announced."""
    release, saved = outcome.release, outcome.saved
    if verb == "Postponed" and release.status is Status.SCHEDULED:
        verb = "Scheduled"  # a TBA release's first date is no postponement
    added, changed = VERBS[verb]
    key = f"`{release.key}`"
    if saved.kind == "unchanged":
        lines = [tr.gettext("Nothing changed: %(release)s already says that.") % {"release": key}]
    elif saved.kind == "added":
        lines = [f"{tr.gettext(added) % {'release': key}} {tr.gettext(HERE_ONLY)}"]
        if saved.drama_added:
            lines.append(
                tr.gettext("It belongs to a new drama of this server's own, %(drama)s.")
                % {"drama": f"`{outcome.drama.id}`"}
            )
        if release.at is None:
            lines.append(
                tr.gettext("It is TBA: give it a date with /ost-admin postpone once one is known.")
            )
    else:
        fields = ", ".join(saved.fields)
        lines = [tr.gettext(changed) % {"release": key, "fields": fields}]
    return "\n".join(lines), announcement_embed(outcome.drama, release, tr=tr)
