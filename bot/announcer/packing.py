"""Which ledger rows a due instant creates: per channel, releases packed into messages.

Pure: the sweep gathers the facts (due releases, their audiences, each release rendered once
as a ``Part``) and this module decides rows, message keys and states, so the rules are testable
without a database. Which releases share a message is decided by ``bot.render.pack``, on the
parts the sender then posts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.domain import ANNOUNCE, DEFAULT_CATCHUP, DM, DeliveryKind, GuildSettings, Release
from bot.render import Part, pack
from bot.store import NewDelivery


def nonce_for(message_key: str) -> str:
    """Discord nonces are at most 25 characters; the key is longer, so a stable digest of it."""
    return hashlib.blake2b(message_key.encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class Due:
    """A release owed to its audience at ``due_at``: announced (kind ``ANNOUNCE``) or reminded."""

    release: Release
    kind: DeliveryKind
    due_at: datetime


def plan_rows(
    dues: Sequence[Due],
    audiences: Mapping[str, Sequence[GuildSettings]],
    parts: Mapping[str, Part],
    *,
    now: datetime,
) -> list[NewDelivery]:
    """Ledger rows for ``dues``; ``audiences`` and ``parts`` are keyed by release key.

    A server owes nothing that was due before it was configured. An announcement later than the
    server's catch-up window is recorded as missed; a reminder whose release has come is dropped.
    """
    groups: dict[tuple[int, int, DeliveryKind, datetime], list[Due]] = defaultdict(list)
    states: dict[tuple[int, DeliveryKind, str], str] = {}
    for due in dues:
        for guild in audiences.get(due.release.key, ()):
            if guild.channel_id is None or due.due_at < guild.configured_at:
                continue
            state = _state(due, guild, now)
            if state is None:
                continue
            groups[(guild.guild_id, guild.channel_id, due.kind, due.due_at)].append(due)
            states[(guild.channel_id, due.kind, due.release.key)] = state
    rows: list[NewDelivery] = []
    for (guild_id, channel_id, kind, due_at), members in sorted(groups.items(), key=_order):
        for message in _messages(sorted(members, key=_release_order), parts, kind):
            key = _message_key(kind, channel_id, due_at, message)
            for position, due in enumerate(message):
                state = states[(channel_id, kind, due.release.key)]
                error = "past the server's catch-up window" if state == "missed" else None
                rows.append(
                    NewDelivery(
                        drama_id=due.release.drama_id,
                        release_id=due.release.id,
                        guild_id=guild_id,
                        channel_id=channel_id,
                        kind=kind,
                        due_at=due_at,
                        message_key=key,
                        position=position,
                        state="missed" if state == "missed" else "pending",
                        last_error=error,
                    )
                )
    return rows


def dm_rows(due: Due, users: Sequence[int], *, now: datetime) -> list[NewDelivery]:
    """Personal reminders for an announced release: one DM per member who asked, at most once.

    Like a server with the default window, a member is not sent news older than that.
    """
    late = now - due.due_at > DEFAULT_CATCHUP
    return [
        NewDelivery(
            drama_id=due.release.drama_id,
            release_id=due.release.id,
            guild_id=0,
            channel_id=None,
            user_id=user_id,
            kind=DM,
            due_at=due.due_at,
            message_key=f"{DM}|{user_id}|{int(due.due_at.timestamp())}|{due.release.key}",
            position=0,
            state="missed" if late else "pending",
            last_error="past the catch-up window" if late else None,
        )
        for user_id in users
    ]


def _state(due: Due, guild: GuildSettings, now: datetime) -> str | None:
    if due.kind == ANNOUNCE:
        return "missed" if now - due.due_at > guild.catchup else "pending"
    offset = due.kind.before
    if offset not in guild.reminder_offsets or due.release.at is None or now >= due.release.at:
        return None
    return "pending"


def _order(
    item: tuple[tuple[int, int, DeliveryKind, datetime], list[Due]],
) -> tuple[datetime, int, str]:
    (guild_id, _, kind, due_at), _ = item
    return (due_at, guild_id, str(kind))


def _release_order(due: Due) -> tuple[str, int, str]:
    release = due.release
    return (release.drama_id, release.part or 0, release.id)


def _messages(dues: list[Due], parts: Mapping[str, Part], kind: DeliveryKind) -> list[list[Due]]:
    """``dues`` (one channel's, of one kind and instant) as ``pack`` groups their parts."""
    by_key = {due.release.key: due for due in dues}
    reminders = kind.before is not None
    packed = pack([parts[key] for key in by_key], reminders=reminders)
    return [[by_key[part.release.key] for part in message] for message in packed]


def _message_key(kind: DeliveryKind, channel_id: int, due_at: datetime, message: list[Due]) -> str:
    # The releases are part of the key: a drop added later to the same instant gets a message
    # of its own instead of being mistaken (by its nonce) for the one already posted.
    members = ",".join(due.release.key for due in message)
    digest = hashlib.blake2b(members.encode(), digest_size=6).hexdigest()
    return f"{kind}|{channel_id}|{int(due_at.timestamp())}|{digest}"
