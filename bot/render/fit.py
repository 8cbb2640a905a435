"""Fitting text into Discord's limits: what was cut is recorded, so ``ostbot check`` can say so.

Sizes are always measured on the rendered payload (``embed_length``), never estimated from the
input: escaping can double a name's length, and a payload Discord refuses is a lost post.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Cut:
    """Something a post left out to fit: ``field`` as the schedule names it (``credits.lyrics``,
    ``notes``...), ``what`` in words (``12 of 25 names shown``)."""

    field: str
    what: str


def list_cut(field: str, total: int, left_out: int, noun: str) -> Cut:
    """The cut of a list of ``total`` names of which ``left_out`` are not shown (0: the one
    name shown is itself cut short)."""
    if left_out:
        return Cut(field, f"{total - left_out} of {total} {noun} shown (… and {left_out} more)")
    return Cut(field, f"the {noun} are cut short with …")


def share(sizes: Sequence[int], budget: int, *, floor: int = 0) -> int:
    """The largest cap ``c`` (at least ``floor``) with ``sum(min(size, c)) <= budget``.

    Water-filling: short items keep all they have, the long ones share what is left evenly, so
    one huge credit list cannot starve the others.
    """
    if sum(sizes) <= budget:
        return max(sizes, default=floor)
    low, high = floor, max(sizes, default=floor)
    while low < high:
        middle = (low + high + 1) // 2
        if sum(min(size, middle) for size in sizes) <= budget:
            low = middle
        else:
            high = middle - 1
    return low
