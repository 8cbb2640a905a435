"""``Shards``: which of Discord's gateway shards this process serves (``OSTBOT_SHARD_COUNT``,
``OSTBOT_SHARD_IDS``).

Discord splits a bot's servers into shards: a server belongs to shard
``(guild_id >> 22) % count`` and each shard is one gateway connection, which carries that
server's events and slash commands and nothing else. Sending a message needs no gateway, so a
process delivers announcements to every channel whatever shards it serves.

Without ``OSTBOT_SHARD_COUNT`` the bot opens one connection and asks for no shard, as before
sharding existed: Discord then sends every server on it, until the bot is in more than 2,500
servers, when it refuses the connection (close code 4011) and ``ostbot run`` says to set
``OSTBOT_SHARD_COUNT``. The count is never taken from Discord's recommendation
(``GET /gateway/bot``'s ``shards``, what discord.py's ``AutoShardedBot`` uses when given no
count): every process of one bot must use the same count, or some servers land on no process
and others on two, and a recommendation each process reads at its own start can differ between
them. A count the operator writes down is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# Discord refuses a shard that holds more servers than this (close code 4011).
MAX_GUILDS_PER_SHARD = 2500
# A count this large would be a bot in 250 million servers at Discord's 2,500 per shard: a
# typo. Each shard is a connection and an IDENTIFY, of which Discord allows ~1,000 a day.
MAX_SHARD_COUNT = 100_000


@dataclass(frozen=True)
class Shards:
    """``count`` shards in all; this process serves ``ids`` (sorted, each below ``count``)."""

    count: int
    ids: tuple[int, ...]

    def __post_init__(self) -> None:
        # Settings.from_env explains bad values to the operator; this guards code that builds
        # Shards directly (tests, wiring) against a state discord.py would only fail on later.
        if not 1 <= self.count <= MAX_SHARD_COUNT:
            raise ValueError(f"shard count {self.count} outside 1..{MAX_SHARD_COUNT}")
        if not self.ids or len(set(self.ids)) != len(self.ids):
            raise ValueError(f"shard ids {self.ids} must be distinct, and at least one")
        if not all(0 <= shard < self.count for shard in self.ids):
            raise ValueError(f"shard ids {self.ids} must lie in 0..{self.count - 1}")
        object.__setattr__(self, "ids", tuple(sorted(self.ids)))

    @classmethod
    def all_of(cls, count: int) -> Shards:
        return cls(count, tuple(range(count)))

    @property
    def several(self) -> bool:
        """More than one connection in this process (discord.py's ``AutoShardedBot``)."""
        return len(self.ids) > 1

    def serves(self, guild_id: int) -> bool:
        """Whether this process's gateway carries ``guild_id``'s events and commands."""
        return shard_of(guild_id, self.count) in self.ids

    def client_options(self) -> dict[str, Any]:
        """The keyword arguments discord.py's client takes for these shards."""
        if self.several:
            return {"shard_count": self.count, "shard_ids": list(self.ids)}
        return {"shard_count": self.count, "shard_id": self.ids[0]}

    def describe(self) -> str:
        """``shards 0-3, 6 of 8``: for the log lines that say what this process serves."""
        noun = "shards" if self.several else "shard"
        return f"{noun} {_ranges(self.ids)} of {self.count}"


def shard_of(guild_id: int, count: int) -> int:
    """The shard Discord sends ``guild_id``'s events on (Discord's sharding formula)."""
    return (guild_id >> 22) % count


def parse_count(text: str) -> int:
    """``OSTBOT_SHARD_COUNT``: a whole number from 1 to ``MAX_SHARD_COUNT``."""
    count = _number(text)
    if count is None:
        raise ValueError("must be a whole number of shards, e.g. 2")
    if not 1 <= count <= MAX_SHARD_COUNT:
        raise ValueError(
            f"must be from 1 to {MAX_SHARD_COUNT:,} (Discord allows "
            f"{MAX_GUILDS_PER_SHARD:,} servers per shard)"
        )
    return count


def parse_ids(text: str) -> tuple[int, ...]:
    """``OSTBOT_SHARD_IDS``: shard numbers separated by commas (``0,1``), each once."""
    ids: list[int] = []
    for part in text.split(","):
        shard = _number(part)
        if shard is None:
            raise ValueError(
                f"{part.strip()!r} is not a shard number (0, 1, ...); expected numbers "
                "separated by commas, e.g. 0,1"
            )
        if shard in ids:
            raise ValueError(f"shard {shard} is listed twice")
        ids.append(shard)
    return tuple(ids)


def checked(count: int | None, ids: tuple[int, ...] | None) -> Shards | None:
    """The shards the two settings name together; ``ValueError`` (about the ids) if they
    disagree. No count: None, one connection without sharding."""
    if count is None:
        if ids is not None:
            raise ValueError("needs OSTBOT_SHARD_COUNT too (the bot's number of shards)")
        return None
    if ids is None:
        return Shards.all_of(count)
    outside = [shard for shard in ids if shard >= count]
    if outside:
        raise ValueError(
            f"shard {outside[0]} is not below OSTBOT_SHARD_COUNT={count} (shards are "
            f"numbered 0 to {count - 1})"
        )
    return Shards(count, ids)


def _number(text: str) -> int | None:
    """Plain ASCII digits only: ``int()`` would also take ``-1``, ``1_0`` and other scripts'
    digits, none of which an operator means as a shard."""
    text = text.strip()
    return int(text) if text.isascii() and text.isdecimal() else None


def _ranges(ids: tuple[int, ...]) -> str:
    """``0, 1, 2, 3, 6`` as ``0-3, 6``: a process may serve hundreds of shards."""
    runs: list[list[int]] = []
    for shard in ids:
        if runs and shard == runs[-1][-1] + 1:
            runs[-1].append(shard)
        else:
            runs.append([shard])
    return ", ".join(
        f"{run[0]}-{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs
    )
