"""What the store takes and hands back besides domain objects, whatever the engine: reports,
details, search hits, changes, ledger rows, event mirrors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.domain import DeliveryKind, Drama, Release

ChangeKind = Literal["added", "changed"]
ReminderKey = tuple[int, str, str]  # a personal reminder: (member's user id, drama, release)


@dataclass(frozen=True)
class ReleaseChange:
    """One recorded change to a release, as the announcer consumes it (``changes_since``).

    ``before``/``after`` are ``Release.as_dict()`` views; ``before`` is None when ``kind`` is
    ``"added"``, and ``fields`` lists the changed ``as_dict`` keys (empty when added).
    """

    seq: int
    drama_id: str
    release_id: str
    kind: ChangeKind
    fields: tuple[str, ...]
    before: dict[str, Any] | None
    after: dict[str, Any]
    recorded_at: datetime

    @property
    def key(self) -> str:
        return f"{self.drama_id}/{self.release_id}"


@dataclass(frozen=True)
class ReleaseDetails:
    """A release with its drama and its change history, oldest first."""

    drama: Drama
    release: Release
    history: list[ReleaseChange]


@dataclass(frozen=True)
class ListingPosition:
    """Where a page of ``Releases.upcoming`` ended: its last release's place in the listing's
    order (time, drama, part, id; TBA last), so the next page starts right after it."""

    at: datetime | None
    drama_id: str
    part: int | None
    release_id: str

    @classmethod
    def of(cls, release: Release) -> ListingPosition:
        return cls(release.at, release.drama_id, release.part, release.id)


@dataclass(frozen=True)
class StoreVersion:
    """What the listings are made of, in brief: the newest recorded release change (``change``,
    0 for none, and when it was recorded), how many times dramas were written (``dramas``) and
    when last. Any change to a release or a drama moves ``change`` or ``dramas``; calendar
    feeds build their validators on them."""

    change: int
    change_at: datetime | None
    dramas: int
    dramas_at: datetime | None

    @property
    def changed_at(self) -> datetime | None:
        """When anything listed last changed (None: nothing ever stored)."""
        known = [at for at in (self.change_at, self.dramas_at) if at is not None]
        return max(known, default=None)


@dataclass(frozen=True)
class SearchResults:
    dramas: list[Drama]
    releases: list[Release]
    artists: list[str]

    @property
    def empty(self) -> bool:
        return not (self.dramas or self.releases or self.artists)


@dataclass
class DramaImport:
    """What one schedule's import did; release ids are in the file's order (disappeared: id order).

    ``drama_fields`` names the changed ``Drama.as_dict`` keys (all of them when the drama is new).
    """

    drama_id: str
    source: str
    drama_added: bool = False
    drama_fields: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    disappeared: list[str] = field(default_factory=list)

    @property
    def wrote_anything(self) -> bool:
        return bool(self.drama_added or self.drama_fields or self.added or self.changed)


@dataclass
class ImportReport:
    """The outcome of ``import_schedules``, one entry per schedule in the order given."""

    dramas: list[DramaImport] = field(default_factory=list)

    @property
    def wrote_anything(self) -> bool:
        return any(drama.wrote_anything for drama in self.dramas)

    @property
    def disappeared(self) -> list[str]:
        """Every disappeared release as ``drama/release``: kept in the store, worth a warning."""
        return [f"{d.drama_id}/{rid}" for d in self.dramas for rid in d.disappeared]


DeliveryState = Literal["pending", "sent", "failed", "missed"]


@dataclass(frozen=True, slots=True)
class NewDelivery:
    """A ledger row to write before sending: one release, to one channel (or member), of one kind.

    A server's post has ``channel_id``; a member's DM (kind ``DM``) has ``user_id`` instead.
    Rows with the same ``message_key`` are posted together as one message, embeds in
    ``position`` order; the key is also the message's nonce, so a resend after a crash is
    recognised by Discord instead of posted twice.
    """

    drama_id: str
    release_id: str
    guild_id: int  # 0 for a DM
    channel_id: int | None
    kind: DeliveryKind
    due_at: datetime
    message_key: str
    position: int
    state: DeliveryState = "pending"
    last_error: str | None = None
    user_id: int | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    drama_id: str
    release_id: str
    guild_id: int  # 0 for a DM
    channel_id: int | None  # None for a DM
    user_id: int | None  # the member a DM goes to; None for a server's post
    kind: DeliveryKind
    due_at: datetime
    message_key: str
    position: int
    state: DeliveryState
    message_id: int | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str | None
    sent_at: datetime | None

    @property
    def release_key(self) -> str:
        return f"{self.drama_id}/{self.release_id}"

    @property
    def destination(self) -> int:
        """Where the message goes: the channel, or for a DM the member (Discord's ids, channels'
        and users' alike, are unique snowflakes, so the two never collide)."""
        destination = self.channel_id if self.user_id is None else self.user_id
        if destination is None:  # the ledger's CHECK keeps exactly one of the two set
            raise ValueError(f"delivery {self.id} has neither a channel nor a member")
        return destination


@dataclass(frozen=True, slots=True)
class EventMirror:
    """One release mirrored as a Discord scheduled event in one server."""

    guild_id: int
    drama_id: str
    release_id: str
    event_id: int
    fingerprint: str  # digest of what was sent; a different one means "edit the event"
    start_at: datetime


SaveKind = Literal["added", "changed", "unchanged"]


@dataclass(frozen=True)
class SavedRelease:
    """What saving a server's own release did: ``fields`` names the changed ``as_dict`` keys."""

    release: Release
    kind: SaveKind
    fields: list[str] = field(default_factory=list)
    drama_added: bool = False


# (drama_id, release_id, part, title, artists JSON, drama title, native title, at unix): a
# release as ``/ost`` autocomplete indexes it, without building 100,000 Release objects.
CatalogRow = tuple[str, str, int | None, str | None, str, str, str | None, int | None]
