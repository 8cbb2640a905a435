"""The answer to a command that changed a server's own release: a sentence and a preview."""

from __future__ import annotations

from typing import Any

from bot.domain import Status
from bot.render.announcement import announcement_embed
from bot.services.server_releases import Outcome

HERE_ONLY = "Only this server sees it and gets its announcement."


def outcome_reply(outcome: Outcome, verb: str) -> tuple[str, dict[str, Any]]:
    """(content, embed): what happened to which release, and how it will be announced."""
    release, saved = outcome.release, outcome.saved
    if verb == "Postponed" and release.status is Status.SCHEDULED:
        verb = "Scheduled"  # a TBA release's first date is no postponement
    key = f"`{release.key}`"
    if saved.kind == "unchanged":
        lines = [f"Nothing changed: {key} already says that."]
    elif saved.kind == "added":
        lines = [f"{verb} {key}. {HERE_ONLY}"]
        if saved.drama_added:
            lines.append(f"It belongs to a new drama of this server's own, `{outcome.drama.id}`.")
        if release.at is None:
            lines.append("It is TBA: give it a date with /ost-admin postpone once one is known.")
    else:
        lines = [f"{verb} {key}: {', '.join(saved.fields)} changed."]
    return "\n".join(lines), announcement_embed(outcome.drama, release)
