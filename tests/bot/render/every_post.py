"""Every Discord payload the bot can build from a schedule, for checking against the fake's
validation: announcements and reminders packed as the sweep packs them, DMs, edits
(also after the facts grew), ``/ost info``, ``/ost upcoming``, ``/ost search``, the reply to
``/ost-admin add``/``edit``, and scheduled events.

Pure: no HTTP. The fake's validation functions are what the fake applies to each request, so a
payload passing them is one the fake (and, as documented, Discord) accepts. ``tr`` renders every
post in a language (English by default): ledger posts are packed by their English parts, as the
sweep packs them, and composed in ``tr``, as the composer sends them to a server in it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

import discord

from bot.announcer.composer import compose_post
from bot.announcer.events import _payload
from bot.announcer.events_plan import desired_event
from bot.announcer.packing import Due, dm_rows, plan_rows
from bot.domain import ANNOUNCE, DeliveryKind, Drama, GuildSettings, Release, Schedule, Status
from bot.exts.browse._replies import info_view
from bot.exts.browse._upcoming import RemindSelect, remind_options
from bot.exts.releases._replies import outcome_reply
from bot.i18n import SOURCE, Language
from bot.render import Part, render_part
from bot.render.browse import Page, release_embed, search_embed
from bot.services.server_releases import Outcome
from bot.store import SavedRelease
from bot.store.types import ReleaseDetails
from tests.fake_discord.validation import validate_event, validate_message

HOUR = timedelta(hours=1)
ROLE = 1234567890123456789


def every_payload(
    schedules: list[Schedule], now: datetime, tr: Language = SOURCE
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(what, JSON body) for every post the bot can build from ``schedules`` at ``now``."""
    dramas = {s.drama.id: s.drama for s in schedules}
    releases = [r for s in schedules for r in s.releases]
    yield from _ledger_posts(dramas, releases, now, tr)
    for release in releases:
        drama = dramas[release.drama_id]
        yield "/ost info", _info(drama, release, now, tr)
        saved = Outcome(drama, SavedRelease(release, "added"))
        content, embed = outcome_reply(saved, "Added", tr)
        yield "/ost-admin add reply", {"content": content, "embeds": [embed]}
    for start in range(0, len(releases), 10):
        page = releases[start : start + 10]
        yield "/ost upcoming", _upcoming(Page(page, dramas, start // 10, True), now, tr)
    titles = {d: drama.title for d, drama in dramas.items()}
    artists = sorted({a for r in releases for a in r.artists})
    search = search_embed("<@1> *x*", list(dramas.values()), releases, artists, titles, tr)
    yield "/ost search", {"embeds": [search]}


def events(schedules: list[Schedule], tr: Language = SOURCE) -> Iterator[dict[str, Any]]:
    """The scheduled event (create and edit body) of every timed release."""
    for schedule in schedules:
        for release in schedule.releases:
            if release.at is not None:
                yield _payload(desired_event(schedule.drama, release, tr))


def check_all(schedules: list[Schedule], now: datetime, tr: Language = SOURCE) -> int:
    """Validate every payload as the fake does; returns how many were checked."""
    count = 0
    for what, body in every_payload(schedules, now, tr):
        try:
            validate_message(body)
        except Exception as error:
            raise AssertionError(f"{what} refused: {error!r}") from error
        count += 1
    for body in events(schedules, tr):
        validate_event(body)
        count += 1
    return count


def _ledger_posts(
    dramas: dict[str, Drama], releases: list[Release], now: datetime, tr: Language
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Announcements, reminders and DMs as the sweep plans and the composer assembles them,
    then the same messages edited, once as they are and once with every release's facts grown
    to the largest of the schedule (an import after the posts were packed)."""
    audience = GuildSettings(1, now - HOUR, channel_id=10, reminder_offsets=(HOUR,))
    live = [r for r in releases if r.at is not None and r.status is not Status.CANCELLED]
    dues = [Due(r, ANNOUNCE, r.at) for r in live if r.at is not None]
    dues += [Due(r, DeliveryKind.reminder(HOUR), r.at - HOUR) for r in live if r.at is not None]
    parts = {r.key: render_part(dramas[r.drama_id], r) for r in live}
    rows = plan_rows(dues, {r.key: [audience] for r in live}, parts, now=now - 2 * HOUR)
    rows += [
        row for due in dues if due.kind == ANNOUNCE for row in dm_rows(due, [7], now=due.due_at)
    ]
    messages: dict[str, list[Release]] = defaultdict(list)
    kinds: dict[str, DeliveryKind] = {}
    by_key = {r.key: r for r in live}
    for row in rows:
        messages[row.message_key].append(by_key[f"{row.drama_id}/{row.release_id}"])
        kinds[row.message_key] = row.kind
    biggest = max(live, key=lambda r: parts[r.key].size, default=None)
    for key, members in messages.items():
        kind = kinds[key]
        role = None if kind == "dm" else ROLE
        shown = [_part(dramas, r, tr) for r in members]
        yield kind, compose_post(shown, kind, role, tr).payload()
        cancelled = [_part(dramas, replace(r, status=Status.CANCELLED), tr) for r in members]
        yield f"{kind} edit", compose_post(cancelled, kind, role, tr).payload()
        if biggest is not None:
            grown = [_part(dramas, _grown(r, biggest), tr) for r in members]
            yield f"{kind} edit grown", compose_post(grown, kind, role, tr).payload()


def _part(dramas: dict[str, Drama], release: Release, tr: Language = SOURCE) -> Part:
    """The release as the composer and the editor render it from the store's facts."""
    return render_part(dramas[release.drama_id], release, tr)


def _grown(release: Release, biggest: Release) -> Release:
    return replace(
        release,
        artists=biggest.artists,
        credits=biggest.credits,
        notes=biggest.notes,
        links=biggest.links,
        mv=biggest.mv,
        title=biggest.title,
    )


def _info(drama: Drama, release: Release, now: datetime, tr: Language) -> dict[str, Any]:
    embed = release_embed(ReleaseDetails(drama, release, []), tr)
    view = info_view(release, now=now, tr=tr)
    return {"embeds": [embed], "components": view.to_components() if view else []}


def _upcoming(page: Page, now: datetime, tr: Language) -> dict[str, Any]:
    body: dict[str, Any] = {"embeds": [page.embed(drama="<t:1:R>", artist="@here", tr=tr)]}
    options = remind_options(page.releases, page.dramas, now=now)
    if options:
        view = discord.ui.View(timeout=None)
        view.add_item(RemindSelect(options, tr.gettext("🔔 Remind me about…")))
        body["components"] = view.to_components()
    return body
