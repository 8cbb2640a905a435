"""Announcing releases: from the store to a post in every channel that asked, exactly once.

A release enters the store from a schedule file (``bot.schedules``, then the store's import)
or a command; the store is the truth and the scheduler only holds wake-ups derived from it.
On its way out, each module hands it to the next, and none is visited twice:

1. ``service``: the ``Announcer`` the bot starts; its tick applies changes and plans.
2. ``planner``: one APScheduler job per due instant in the hours ahead (found by ``dues``).
3. ``sweep``: at the instant, what came due is loaded once (``dues``), each release rendered
   once as a ``Part`` (the ``composer`` keeps it), packed into messages per channel
   (``packing``, with ``bot.render``'s one packer), and its ledger rows written.
4. ``dispatcher``: the sender drains the rows, asks the ``composer`` for each message's post
   (assembled from those parts) and sends it through ``poster``, paced by ``pacing``;
   ``recording`` keeps the message ids until the store has them.
5. ``publisher``: posts in announcement channels are crossposted to their followers.

After posting, ``edits`` rewrites posts whose facts changed; ``events`` mirrors releases as
Discord scheduled events (planned by ``events_plan``).
"""

from bot.announcer.poster import ChannelUnavailable, Rejected, TemporaryFailure
from bot.announcer.service import Announcer

__all__ = ["Announcer", "ChannelUnavailable", "Rejected", "TemporaryFailure"]
