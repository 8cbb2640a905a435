"""What a release's posts leave out to fit Discord's limits, for ``ostbot check`` to report.

Every post the bot builds fits; this says where one had to be cut (a long credit list, notes
past the room left, links beyond Discord's 25 buttons), so a curator can decide whether to
shorten the schedule instead.
"""

from __future__ import annotations

from bot.domain import Drama, Release
from bot.render import limits
from bot.render.actions import remind_custom_id
from bot.render.announcement import fit_announcement, link_buttons
from bot.render.event import event_text
from bot.render.fit import Cut


def release_cuts(drama: Drama, release: Release) -> list[Cut]:
    """The release's cuts, one per schedule field (its posts' cuts of that field joined)."""
    cuts = list(fit_announcement(drama, release).cuts)
    cuts.extend(_button_cuts(release))
    if release.at is not None:
        cuts.extend(event_text(drama, release).cuts)
    merged: dict[str, list[str]] = {}
    for cut in cuts:
        merged.setdefault(cut.field, [])
        if cut.what not in merged[cut.field]:
            merged[cut.field].append(cut.what)
    return [Cut(field, "; ".join(what)) for field, what in merged.items()]


def _button_cuts(release: Release) -> list[Cut]:
    buttons = len(link_buttons(release))
    most = limits.BUTTONS_PER_MESSAGE
    if buttons > most:
        return [
            Cut("links", f"{buttons} link buttons (music video included); Discord shows {most}")
        ]
    beside_remind = most - limits.BUTTONS_PER_ROW  # a reminder's Remind-me button takes a row
    if buttons > beside_remind and remind_custom_id(release.key) is not None:
        what = f"reminder posts show {beside_remind} of the {buttons} link buttons"
        return [Cut("links", f"{what} (the Remind me button takes a row)")]
    return []
