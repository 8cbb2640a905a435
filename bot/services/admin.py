"""What a server's admins change: its channel, its follows, its reminders and its catch-up.

Store-using and Discord-free: the commands check what only Discord knows (the bot's permissions
in a channel, what a role is) and pass plain ids and text here. Every function validates before
it writes, so a refused change leaves the store as it was. Each works on one server's rows only
(``guild_id`` is always the server the command came from).
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta

from bot.domain import Drama, Follow, FollowKind, GuildSettings, NotFound, OstbotError
from bot.domain.durations import parse_offsets
from bot.domain.text import refusal
from bot.i18n import N_, SOURCE, Language
from bot.render.escape import plain
from bot.render.settings import publish_text
from bot.store import Store

MAX_CATCHUP_HOURS = 72
MAX_ARTIST_LENGTH = 100
# Searches cap their lists; an exact name is looked for among this many substring hits, far
# more than realistic names that contain another.
_LOOKUP_LIMIT = 100

EVERYTHING = Follow(FollowKind.ALL)


class AlreadyDone(OstbotError):
    """The change asked for is already in place (followed twice, unfollowed what is not)."""


async def set_channel(
    store: Store,
    guild_id: int,
    channel_id: int,
    *,
    ping_role_id: int | None,
    now: datetime,
    news: bool | None = None,
) -> GuildSettings:
    """Announce in ``channel_id`` (pinging ``ping_role_id``; ``news``: it is an announcement
    channel); a broken mark is cleared."""
    await store.servers.set_channel(
        guild_id, channel_id, ping_role_id=ping_role_id, now=now, news=news
    )
    settings = await store.servers.get(guild_id)
    if settings is None:  # set_channel creates the row; this would be a store bug
        raise RuntimeError(f"guild {guild_id} has no settings after set_channel")
    return settings


async def find_drama(store: Store, guild_id: int, text: str) -> Drama:
    """The drama this server can see whose id (or, failing that, exact title) is ``text``.

    Autocomplete sends the id; a member who typed the title without picking gets it too when
    exactly one drama has that title. Another server's own dramas are not found. Raises
    ``NotFound``.
    """
    wanted = text.strip()
    if not wanted:
        raise NotFound(N_("Name a drama: start typing its title and pick it from the list."))
    with contextlib.suppress(NotFound):
        return await store.releases.visible_drama(wanted.casefold(), guild_id=guild_id)
    folded = wanted.casefold()
    titled = [
        d
        for d in await store.releases.visible_dramas(wanted, guild_id=guild_id, limit=_LOOKUP_LIMIT)
        if folded in {d.title.casefold(), (d.title_native or "").casefold()}
    ]
    if len(titled) == 1:
        return titled[0]
    raise NotFound(
        N_('There is no drama "%(title)s". Start typing its title and pick it from the list.'),
        title=plain(wanted),
    )


async def follow_all(store: Store, guild_id: int, *, now: datetime) -> None:
    if not await store.servers.follow(guild_id, EVERYTHING, now=now):
        raise AlreadyDone("This server already follows every release.")


async def follow_drama(store: Store, guild_id: int, text: str, *, now: datetime) -> Drama:
    drama = await find_drama(store, guild_id, text)
    if not await store.servers.follow(guild_id, Follow(FollowKind.DRAMA, drama.id), now=now):
        raise AlreadyDone(f"This server already follows {plain(drama.title)}.")
    return drama


async def known_artist(store: Store, guild_id: int, name: str) -> str | None:
    """The stored spelling of the artist named ``name`` (any case) among the releases this
    server sees, or None."""
    folded = name.casefold()
    hits = await store.releases.search(name, limit=_LOOKUP_LIMIT, guild_id=guild_id)
    return next((artist for artist in hits.artists if artist.casefold() == folded), None)


async def follow_artist(
    store: Store, guild_id: int, name: str, *, now: datetime
) -> tuple[str, bool]:
    """Follow an artist (matched in any case); returns the name followed and whether any
    release credits it yet. An artist not seen yet can be followed: their first OST may not
    be in the schedule so far."""
    wanted = " ".join(name.split())
    if not wanted:
        raise OstbotError(N_("Name an artist: start typing and pick them from the list."))
    if len(wanted) > MAX_ARTIST_LENGTH:
        raise OstbotError(
            N_("An artist's name is at most %(limit)s characters."), limit=MAX_ARTIST_LENGTH
        )
    harm = refusal(wanted)
    if harm is not None:
        raise OstbotError(N_("That artist's name %(problem)s."), problem=harm)
    known = await known_artist(store, guild_id, wanted)
    followed = known or wanted
    if not await store.servers.follow(guild_id, Follow(FollowKind.ARTIST, followed), now=now):
        raise AlreadyDone(N_("This server already follows %(name)s."), name=plain(followed))
    return followed, known is not None


async def unfollow(store: Store, guild_id: int, kind: FollowKind, value: str = "") -> Follow:
    """Stop following; raises ``AlreadyDone`` when this server did not follow it."""
    wanted = " ".join(value.split())
    if kind is not FollowKind.ALL and not wanted:
        raise OstbotError(
            N_("Name the drama to unfollow: pick it from the list.")
            if kind is FollowKind.DRAMA
            else N_("Name the artist to unfollow: pick it from the list.")
        )
    target = Follow(kind, wanted)
    # Match what is stored (the store compares case-insensitively), to report its spelling.
    followed = next(
        (
            f
            for f in await store.servers.follows(guild_id)
            if f.kind is kind and f.value.casefold() == wanted.casefold()
        ),
        None,
    )
    if followed is None or not await store.servers.unfollow(guild_id, followed):
        raise _not_followed(target)
    return followed


def _not_followed(target: Follow) -> AlreadyDone:
    if target.kind is FollowKind.ALL:
        return AlreadyDone(
            N_(
                "This server does not follow every release. "
                "/ost-admin follows lists what it follows."
            )
        )
    if target.kind is FollowKind.DRAMA:
        message = N_(
            'This server does not follow the drama "%(name)s". '
            "/ost-admin follows lists what it follows."
        )
    else:
        message = N_(
            'This server does not follow the artist "%(name)s". '
            "/ost-admin follows lists what it follows."
        )
    return AlreadyDone(message, name=plain(target.value))


async def set_reminders(
    store: Store, guild_id: int, text: str, *, now: datetime
) -> tuple[timedelta, ...]:
    """Parse ``24h, 1h`` (or ``off``) and store it; raises ``DurationError`` on bad input."""
    offsets = parse_offsets(text)
    await store.servers.set_reminders(guild_id, offsets, now=now)
    return offsets


async def set_catchup(store: Store, guild_id: int, hours: int, *, now: datetime) -> timedelta:
    """How late a release may still be announced after downtime (0: never late)."""
    if not 0 <= hours <= MAX_CATCHUP_HOURS:
        raise OstbotError(
            N_("The catch-up window is 0 to %(hours)s hours."), hours=MAX_CATCHUP_HOURS
        )
    window = timedelta(hours=hours)
    await store.servers.set_catchup(guild_id, window, now=now)
    return window


async def set_publish(
    store: Store, guild_id: int, publish: bool, *, now: datetime, tr: Language = SOURCE
) -> str:
    """Whether posts in an announcement channel are published to its followers."""
    await store.servers.set_publish(guild_id, publish, now=now)
    return publish_text(publish, tr)


async def follow_lines(store: Store, guild_id: int, tr: Language = SOURCE) -> list[str]:
    """What this server follows, one line each, dramas by title (everything first)."""
    lines: list[str] = []
    for follow in await store.servers.follows(guild_id):
        if follow.kind is FollowKind.ALL:
            lines.insert(0, tr.gettext("every release"))
        elif follow.kind is FollowKind.DRAMA:
            label = await _drama_label(store, follow.value, tr)
            lines.append(tr.gettext("drama: %(drama)s") % {"drama": label})
        else:
            lines.append(tr.gettext("artist: %(artist)s") % {"artist": plain(follow.value)})
    return lines


async def _drama_label(store: Store, drama_id: str, tr: Language) -> str:
    try:
        drama = await store.releases.drama(drama_id)
    except NotFound:
        return tr.gettext("%(id)s (no longer in the schedule)") % {"id": drama_id}
    return f"{plain(drama.title)} ({drama.id})"
