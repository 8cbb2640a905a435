"""What a delivery is: a release's announcement, a server's reminder before it, or a member's DM."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum


class Occasion(StrEnum):
    ANNOUNCE = "announce"  # the release is out: posted in the servers that follow it
    REMIND = "remind"  # the release comes out in ``before``: posted in servers that asked
    DM = "dm"  # the release is out: sent to a member who asked with /ost remind


@dataclass(frozen=True, slots=True, order=True)
class DeliveryKind:
    """One of ``ANNOUNCE``, ``DM`` or ``DeliveryKind.reminder(before)``.

    ``str()`` gives its stable name (``announce``, ``dm``, ``remind:86400``): message keys, and
    so Discord nonces, are built from it, so it must not change between versions.
    """

    occasion: Occasion
    before: timedelta | None = None  # for REMIND only: how long before the release

    def __post_init__(self) -> None:
        if (self.occasion is Occasion.REMIND) != (self.before is not None):
            raise ValueError("a reminder, and only a reminder, says how long before it comes")

    @classmethod
    def reminder(cls, before: timedelta) -> DeliveryKind:
        return cls(Occasion.REMIND, before)

    @classmethod
    def named(cls, name: str) -> DeliveryKind:
        """The kind whose ``str()`` is ``name``; ``ValueError`` for any other text."""
        occasion, _, seconds = name.partition(":")
        if occasion == Occasion.REMIND and seconds.isdigit():
            return cls.reminder(timedelta(seconds=int(seconds)))
        if seconds or occasion not in (Occasion.ANNOUNCE, Occasion.DM):
            raise ValueError(f"not a delivery kind: {name!r}")
        return cls(Occasion(occasion))

    def __str__(self) -> str:
        if self.before is None:
            return self.occasion.value
        return f"{self.occasion.value}:{int(self.before.total_seconds())}"


ANNOUNCE = DeliveryKind(Occasion.ANNOUNCE)
DM = DeliveryKind(Occasion.DM)
