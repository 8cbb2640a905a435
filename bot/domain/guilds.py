"""A Discord server's preferences: where announcements go, what it follows, its timing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

DEFAULT_CATCHUP = timedelta(hours=6)


class FollowKind(StrEnum):
    ALL = "all"
    DRAMA = "drama"
    ARTIST = "artist"


@dataclass(frozen=True, slots=True)
class Follow:
    """What a server announces: everything, one drama (by id) or one artist (any case)."""

    kind: FollowKind
    value: str = ""


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    configured_at: datetime
    channel_id: int | None = None
    ping_role_id: int | None = None
    reminder_offsets: tuple[timedelta, ...] = ()
    catchup: timedelta = DEFAULT_CATCHUP
    broken_reason: str | None = None
    broken_at: datetime | None = None
    publish: bool = True  # crosspost in announcement channels
    mirror_events: bool = False  # followed releases as Discord scheduled events
    events_broken: str | None = None  # why mirroring stopped (e.g. Manage Events lost)
    language: str | None = None  # posts' language chosen by an admin (None: the server's default)
    discord_locale: str | None = None  # the server's preferred locale, as Discord last said
    channel_news: bool | None = None  # the channel is an announcement channel (None: not known)

    @property
    def post_locale(self) -> str | None:
        """The locale of this server's posts: the admin's choice, else Discord's preferred."""
        return self.language or self.discord_locale

    @property
    def can_post(self) -> bool:
        """A channel is set and posting there has not been found broken."""
        return self.channel_id is not None and self.broken_reason is None
