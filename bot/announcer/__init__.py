"""Announcing releases: planning jobs, the delivery ledger's dispatcher, pacing, edits.

The store is the truth; the scheduler only holds wake-ups derived from it. See ``service.py``.
"""

from bot.announcer.poster import ChannelUnavailable, Rejected, TemporaryFailure
from bot.announcer.service import Announcer

__all__ = ["Announcer", "ChannelUnavailable", "Rejected", "TemporaryFailure"]
