"""A server's own releases: what ``/ost-admin add``, ``edit``, ``postpone`` and ``cancel`` do.

No Discord here: each function takes the command's typed options, checks them with the schedule
files' own rules (``bot.schedules.fields``), and writes through the store in one transaction.
Errors are ``OstbotError``s whose message starts with the option that is wrong.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import Drama, OstbotError, Release, ReleaseTime, Status
from bot.domain.limits import MAX_NOTES, MAX_SLUG, MAX_TITLE
from bot.domain.messages import Joined, Message
from bot.domain.text import printable, refusal
from bot.domain.user_time import InvalidTime, parse_when, require_future
from bot.i18n import N_
from bot.schedules.fields import Fields, Report
from bot.store import SavedRelease, Store

# Discord's limits on an autocomplete answer.
MAX_CHOICES = 25
MAX_CHOICE_TEXT = 100
CLEAR = "-"  # typed into an optional text option of /ost-admin edit: remove that value
_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_TRIES = 5
# Releases a server may have waiting (upcoming or TBA, not cancelled): enough for any fan
# server, and a bound on what one server can make the store and the announcer carry.
MAX_WAITING = 500


@dataclass(frozen=True)
class Outcome:
    """What a command changed, with the drama the reply names."""

    drama: Drama
    saved: SavedRelease

    @property
    def release(self) -> Release:
        return self.saved.release

    @property
    def changed(self) -> bool:
        return self.saved.kind != "unchanged"


async def add_release(
    store: Store,
    guild_id: int,
    *,
    drama: str,
    artists: str,
    now: datetime,
    title: str | None = None,
    part: int | None = None,
    when: str | None = None,
    mv: str | None = None,
    notes: str | None = None,
) -> Outcome:
    """A new release of a drama the server sees (by id or exact title) or of a new drama of
    its own (any other text, taken as the new drama's title)."""
    values = _checked({"title": title, "artists": _names(artists), "mv": mv, "notes": notes})
    await _check_room(store, guild_id, now)
    the_drama, new_drama = await _drama_for(store, guild_id, drama)
    timing = _timing(when, the_drama, now) if when is not None else None
    release_id = await _new_release_id(store, the_drama.id, part, title, values["artists"])
    release = Release(
        drama_id=the_drama.id,
        id=release_id,
        artists=values["artists"],
        part=part,
        title=values["title"],
        at=timing.at if timing else None,
        time_confirmed=timing.confirmed if timing else False,
        mv=values["mv"],
        notes=values["notes"],
    )
    saved = await store.own_releases.save(guild_id, release, now=now, new_drama=new_drama)
    return Outcome(the_drama, saved)


async def edit_release(
    store: Store,
    guild_id: int,
    key: str,
    *,
    now: datetime,
    title: str | None = None,
    artists: str | None = None,
    part: int | None = None,
    mv: str | None = None,
    notes: str | None = None,
) -> Outcome:
    """Change the given fields of a release of the server's own; ``-`` clears a text field,
    part 0 removes the part number."""
    typed = {"title": title, "artists": artists, "mv": mv, "notes": notes}
    if all(value is None for value in typed.values()) and part is None:
        raise OstbotError(
            N_("Nothing to change: give at least one of title, artists, part, mv, notes.")
        )
    before, the_drama = await _own(store, guild_id, key)
    table: dict[str, Any] = {
        name: value for name, value in typed.items() if value is not None and value != CLEAR
    }
    if "artists" in table:
        table["artists"] = _names(table["artists"])
    checked = _checked(table)
    changes: dict[str, Any] = {name: checked[name] for name in table}
    changes |= {name: None for name, value in typed.items() if value == CLEAR}
    if changes.get("artists", ()) is None:
        raise OstbotError(N_("artists: a release needs at least one artist; it cannot be cleared"))
    if part is not None:
        changes["part"] = part or None
    after = dataclasses.replace(before, **changes)
    saved = await store.own_releases.save(guild_id, after, now=now)
    return Outcome(the_drama, saved)


async def postpone_release(
    store: Store, guild_id: int, key: str, when: str, *, now: datetime
) -> Outcome:
    """Move a release of the server's own to a new instant (or TBA) and mark it postponed.

    A TBA release that gets its first date is not postponed, only scheduled: it keeps its status.
    """
    before, the_drama = await _own(store, guild_id, key)
    timing = _timing(when, the_drama, now)
    first_date = before.at is None and before.status is Status.SCHEDULED
    status = Status.SCHEDULED if first_date else Status.POSTPONED
    after = dataclasses.replace(
        before, at=timing.at, time_confirmed=timing.confirmed, status=status
    )
    saved = await store.own_releases.save(guild_id, after, now=now)
    return Outcome(the_drama, saved)


async def cancel_release(store: Store, guild_id: int, key: str, *, now: datetime) -> Outcome:
    """Mark a release of the server's own cancelled (it stays listed, never announced)."""
    before, the_drama = await _own(store, guild_id, key)
    if before.status is Status.CANCELLED:
        raise OstbotError(N_('release: "%(release)s" is already cancelled.'), release=key)
    after = dataclasses.replace(before, status=Status.CANCELLED)
    saved = await store.own_releases.save(guild_id, after, now=now)
    return Outcome(the_drama, saved)


def split_key(key: str) -> tuple[str, str]:
    """``drama/release`` → its two ids; anything else is a typing mistake."""
    drama_id, slash, release_id = key.strip().partition("/")
    if not (slash and drama_id and release_id) or "/" in release_id:
        raise OstbotError(
            N_('release: "%(value)s" is not a release: pick one from the list (drama/release).'),
            value=printable(key),
        )
    return drama_id, release_id


# --- autocomplete ------------------------------------------------------------------------------


async def drama_choices(store: Store, guild_id: int, typed: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the ``drama`` option: visible dramas, and "new" for new text."""
    dramas = await store.releases.visible_dramas(typed, guild_id=guild_id, limit=MAX_CHOICES)
    choices = [(_fit(f"{d.title} ({d.id})"), d.id) for d in dramas]
    text = typed.strip()
    known = {d.title.casefold() for d in dramas} | {d.id for d in dramas}
    if text and text.casefold() not in known and len(text) <= MAX_CHOICE_TEXT:
        new = (_fit(f'New drama of this server: "{text}"'), text)
        choices = [*choices[: MAX_CHOICES - 1], new]
    return choices


async def release_choices(store: Store, guild_id: int, typed: str) -> list[tuple[str, str]]:
    """(label, value) pairs for the ``release`` option: the server's own releases only."""
    needle = typed.strip().casefold()
    titles: dict[str, str] = {}
    choices: list[tuple[str, str]] = []
    for release in await store.own_releases.all(guild_id):
        if release.drama_id not in titles:
            titles[release.drama_id] = (
                await store.releases.visible_drama(release.drama_id, guild_id=guild_id)
            ).title
        label = release_label(titles[release.drama_id], release)
        if needle in label.casefold() or needle in release.key:
            choices.append((_fit(label), release.key))
        if len(choices) == MAX_CHOICES:
            break
    return choices


def release_label(drama_title: str, release: Release) -> str:
    """A release as one line of plain text: drama, part, title, artists, date, status."""
    part = f" Part {release.part}" if release.part else ""
    title = f' "{release.title}"' if release.title else ""
    when = f"{release.at:%Y-%m-%d %H:%M} UTC" if release.at else "TBA"
    status = "" if release.status is Status.SCHEDULED else f", {release.status}"
    return f"{drama_title}{part}{title} by {', '.join(release.artists)} ({when}{status})"


# --- helpers -------------------------------------------------------------------------------------


async def _check_room(store: Store, guild_id: int, now: datetime) -> None:
    waiting = [
        r
        for r in await store.own_releases.all(guild_id)
        if r.status is not Status.CANCELLED and (r.at is None or r.at >= now)
    ]
    if len(waiting) >= MAX_WAITING:
        raise OstbotError(
            N_(
                "This server already has %(count)s releases of its own waiting (the limit is "
                "%(limit)s); cancel some, or wait for them to come out."
            ),
            count=len(waiting),
            limit=MAX_WAITING,
        )


def _problems(report: Report) -> OstbotError:
    """Every problem found, one a line, each starting with its option (repeats said once)."""
    lines = dict.fromkeys(_option_problem(p.field, p.message) for p in report.problems)
    return OstbotError(Joined("\n", lines))


def _option_problem(option: str, problem: str) -> Message:
    """``when: …``: the option (as its English name, what the member typed it into) and what
    is wrong with it, the problem in the reader's language."""
    return Message("%(option)s: %(problem)s", option=option, problem=problem)


def _names(typed: str) -> list[str]:
    """Comma-separated names as typed; blanks stay in so the check can name them."""
    # Only spaces are trimmed: str.strip would also drop controls and separators (U+001F,
    # U+2028) silently, and those must be refused by name.
    return [name.strip(" ") for name in typed.split(",")]


def _checked(table: dict[str, Any]) -> dict[str, Any]:
    """The typed values, checked by the schedule files' rules; every problem in one error."""
    report = Report(file="/ost", text="")
    fields = Fields({k: v for k, v in table.items() if v is not None}, "", (), report)
    values = {
        "title": fields.text("title"),
        "artists": fields.names("artists", required="artists" in table),
        "mv": None if table.get("mv") is None else fields.url("mv", table["mv"]),
        "notes": fields.text("notes", limit=MAX_NOTES, newlines=True),
    }
    if report.problems:
        raise _problems(report)
    return values


def _timing(typed: str, drama: Drama, now: datetime) -> ReleaseTime:
    try:
        timing = parse_when(typed, drama.timezone)
        require_future(timing, now, typed)
    except InvalidTime as error:
        raise OstbotError(_option_problem("when", error.message)) from None
    return timing


async def _own(store: Store, guild_id: int, key: str) -> tuple[Release, Drama]:
    drama_id, release_id = split_key(key)
    release = await store.own_releases.get(guild_id, drama_id, release_id)
    return release, await store.releases.visible_drama(drama_id, guild_id=guild_id)


async def _drama_for(store: Store, guild_id: int, typed: str) -> tuple[Drama, Drama | None]:
    """The drama named by id or exact title, or a new drama of the server's (then returned
    twice: it is both the drama and the one to create)."""
    harm = refusal(typed)
    if harm is not None:  # before the spaces are tidied, which would hide some of them
        raise OstbotError(_option_problem("drama", harm))
    text = " ".join(typed.split())
    candidates = await store.releases.visible_dramas(text, guild_id=guild_id, limit=MAX_CHOICES)
    folded = text.casefold()
    for drama in candidates:
        native = (drama.title_native or "").casefold()
        if drama.id == text or folded in (drama.title.casefold(), native):
            return drama, None
    report = Report(file="/ost", text="")
    title = Fields({"drama": text}, "", (), report).text("drama", required=True, limit=MAX_TITLE)
    if title is None:
        raise _problems(report)
    base = _slug(title) or "drama"
    ids = _candidates(base)
    drama_id = _first_free(ids, await store.own_releases.taken_drama_ids(ids))
    new = Drama(id=drama_id, title=title)
    return new, new


async def _new_release_id(
    store: Store, drama_id: str, part: int | None, title: str | None, artists: Sequence[str]
) -> str:
    base = f"part-{part}" if part else _slug(title or "") or _slug(artists[0]) or "release"
    ids = _candidates(base)
    return _first_free(ids, await store.own_releases.taken_release_ids(drama_id, ids))


def _candidates(base: str) -> list[str]:
    """Ids made of ``base`` and a random suffix: clear of curated ids (today's and those a
    later import brings) and of other servers' ids, which this server cannot see."""
    return [f"{base}-{secrets.token_hex(2)}" for _ in range(_TRIES)]


def _first_free(ids: list[str], taken: set[str]) -> str:
    free = [i for i in ids if i not in taken]
    if not free:
        raise OstbotError(N_("Could not find a free id for this release; please try again."))
    return free[0]


def _slug(text: str) -> str:
    """ASCII slug of ``text`` (Korean titles give none: the caller has a fallback)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")[: MAX_SLUG - 10].strip("-")


def _fit(label: str) -> str:
    return label if len(label) <= MAX_CHOICE_TEXT else label[: MAX_CHOICE_TEXT - 1] + "…"
