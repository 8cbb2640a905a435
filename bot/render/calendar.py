"""Releases → an iCalendar (RFC 5545) file that calendar apps import: ``/ost calendar`` and
``ostbot calendar`` send exactly these bytes.

Pure: no store, no Discord. The ``icalendar`` library does the serialising (escaping of
``,``/``;``/newlines, line folding at 75 octets, CRLF, UTC ``...Z`` times).

Choices that calendar apps depend on:

* **UID** ``<drama_id>/<release_id>@ostbot``. A release's key is unique across curated and
  every server's own releases (imports refuse ids a server already took), so the UID is the
  same on every run and machine and never names two releases: importing a newer file updates
  the events instead of adding copies. A server's id is not part of it, on purpose: the same
  curated release has the same UID whichever server exported it.
* **SEQUENCE** is the number of recorded changes to the release (when the caller knows it), so
  it only ever grows; apps that compare it (Google, Outlook) take the newer file's version.
* **DTSTART** is the release instant in UTC; **DURATION** is one hour so the drop shows as a
  block in day and week views (a zero-length event is a hairline there). The release itself is
  at DTSTART; the hour claims nothing.
* **Unconfirmed times** stay timed events at the customary hour the bot announces at, marked
  ``(time unconfirmed)`` in SUMMARY, explained in DESCRIPTION, and with ``STATUS:TENTATIVE``.
  An all-day event would drop the one thing the store does know (the expected hour) and would
  change the event's value type when the hour is confirmed, which some apps handle badly.
* **Cancelled** releases keep their event with ``STATUS:CANCELLED``, so a re-import marks or
  removes the event people already have instead of leaving it behind.
* TBA releases have no instant and are left out (callers count them to say so).
* A subscribed feed (``refresh``) says how often to fetch it again, both in RFC 7986's
  ``REFRESH-INTERVAL`` and in Outlook's older ``X-PUBLISHED-TTL``; a file imported once has no
  use for either.

Nothing is invented: a link, a title or a credit the release does not have is simply absent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event, vDuration

from bot.domain import Drama, Release, Status
from bot.i18n import N_, SOURCE, Language
from bot.render.announcement import ROLE_NAMES, SERVICE_NAMES, release_name
from bot.render.browse import STATUS_NAMES

PRODID = "-//ostbot//ostbot//EN"
UID_DOMAIN = "ostbot"
EVENT_LENGTH = timedelta(hours=1)
UNCONFIRMED = N_("time unconfirmed")
DEFAULT_NAME = "K-drama OST releases (ostbot)"


def event_uid(release: Release) -> str:
    """The event's UID: stable across runs and machines, one per release."""
    return f"{release.drama_id}/{release.id}@{UID_DOMAIN}"


def event_summary(drama: Drama, release: Release, tr: Language = SOURCE) -> str:
    """``Soundtrack #1 OST Part 1 "Love Beyond Words" — Kyuhyun``, plus what is uncertain."""
    summary = f"{release_name(drama, release)} — {', '.join(release.artists)}"
    marks = []
    if release.status is not Status.SCHEDULED:
        marks.append(tr.gettext(STATUS_NAMES[release.status]))
    if not release.time_confirmed:
        marks.append(tr.gettext(UNCONFIRMED))
    return summary + (f" ({', '.join(marks)})" if marks else "")


def calendar_ics(
    releases: Iterable[Release],
    dramas: Mapping[str, Drama],
    *,
    now: datetime,
    name: str = DEFAULT_NAME,
    sequences: Mapping[str, int] | None = None,
    refresh: timedelta | None = None,
    tr: Language = SOURCE,
) -> bytes:
    """One VEVENT per timed release, in the order given; TBA releases are skipped.

    ``dramas`` maps every release's drama id to its drama; ``now`` is the DTSTAMP (when the
    file was made); ``sequences`` maps ``release.key`` to its change count (absent: no
    SEQUENCE); ``refresh`` is a subscriber's polling interval (absent: none is suggested);
    ``tr`` is the language of the events' summaries and descriptions (the reader's, for
    ``/ost calendar``; the web's feeds are English).
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    if refresh is not None:
        # vDuration spelled out: a bare timedelta on an X- property is written as "1:00:00".
        calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(refresh))
    stamp = now.astimezone(UTC)
    for release in releases:
        if release.at is None:
            continue
        sequence = None if sequences is None else sequences.get(release.key)
        event = _event(dramas[release.drama_id], release, release.at, stamp, sequence, tr)
        calendar.add_component(event)
    # icalendar leaves to_ical unannotated; it documents bytes.
    ics: bytes = calendar.to_ical()
    return ics


def _event(
    drama: Drama,
    release: Release,
    at: datetime,
    stamp: datetime,
    sequence: int | None,
    tr: Language,
) -> Event:
    event = Event()
    event.add("uid", event_uid(release))
    event.add("dtstamp", stamp)
    event.add("dtstart", at.astimezone(UTC))
    event.add("duration", EVENT_LENGTH)
    event.add("summary", event_summary(drama, release, tr))
    event.add("description", event_description(drama, release, tr))
    event.add("status", _status(release))
    if sequence is not None:
        event.add("sequence", sequence)
    if release.mv:
        event.add("url", release.mv)
    return event


def _status(release: Release) -> str:
    if release.status is Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if release.time_confirmed else "TENTATIVE"


def event_description(drama: Drama, release: Release, tr: Language = SOURCE) -> str:
    """Artists, the time's certainty, status, credits, notes and links: one fact a line."""
    lines = [tr.gettext("Artists: %(artists)s") % {"artists": ", ".join(release.artists)}]
    if not release.time_confirmed and release.at is not None:
        local = release.at.astimezone(drama.zone).strftime("%H:%M %Z")
        lines.append(
            tr.gettext(
                "Time unconfirmed: only the date is announced; %(time)s is the customary hour, "
                "not an announced one."
            )
            % {"time": local}
        )
    if release.status is not Status.SCHEDULED:
        status = tr.gettext(STATUS_NAMES[release.status])
        lines.append(tr.gettext("Status: %(status)s") % {"status": status})
    lines.extend(_credit_lines(release, tr))
    if release.notes:
        lines.extend(["", release.notes])
    links = _link_lines(release, tr)
    if links:
        lines.extend(["", *links])
    lines.extend(["", f"{release.key} · ostbot"])
    return "\n".join(lines)


def _credit_lines(release: Release, tr: Language) -> Sequence[str]:
    return [f"{_role(credit.role, tr)}: {', '.join(credit.names)}" for credit in release.credits]


def _role(role: str, tr: Language) -> str:
    # The usual roles are translated; their English names are what title() makes of them.
    known = ROLE_NAMES.get(role)
    return tr.gettext(known) if known else role.replace("_", " ").title()


def _link_lines(release: Release, tr: Language) -> list[str]:
    lines = [f"{tr.gettext('Music video')}: {release.mv}"] if release.mv else []
    for link in release.links:
        label = SERVICE_NAMES.get(link.service, link.service.replace("_", " "))
        lines.append(f"{label}: {link.url}")
    return lines
