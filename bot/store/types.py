"""What the store hands back besides domain objects: reports, details, search hits, changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from bot.domain import Drama, Release

ChangeKind = Literal["added", "changed"]


@dataclass(frozen=True)
class ReleaseChange:
    """One recorded change to a release, as the announcer consumes it (``Store.changes_since``).

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
    """The outcome of ``Store.import_schedules``, one entry per schedule in the order given."""

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
    """A ledger row to write before sending: one release, to one channel, of one kind.

    Rows with the same ``message_key`` are posted together as one message, embeds in
    ``position`` order; the key is also the message's nonce, so a resend after a crash is
    recognised by Discord instead of posted twice.
    """

    drama_id: str
    release_id: str
    guild_id: int
    channel_id: int
    kind: str
    due_at: datetime
    message_key: str
    position: int
    state: DeliveryState = "pending"
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    drama_id: str
    release_id: str
    guild_id: int
    channel_id: int
    kind: str
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
