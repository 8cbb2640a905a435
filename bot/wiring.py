"""The one place that builds ostbot's services and the bot that carries them.

``ostbot run`` opens the store and calls :func:`build_bot`; so do the tests and the benchmarks,
so they run what runs. Built here, once, and handed down (discord.py's
``examples/advanced_startup.py`` shape)::

    settings, store ─┬─ scheduler
                     ├─ gate ── pacer ──┬─ DiscordPoster ─┐
                     │                  └─ EventSyncer ───┴─ Announcer
                     └─ catalog
    OstBot(services) ── setup(bot) of each extension ── its commands get what they use

The poster and the event syncer speak through the bot's own connection (its HTTP session, its
channel and guild caches), so they cannot exist before the bot does, while the bot's extensions
need the announcer they feed. The bot is therefore built first and given a function that makes
the services from it: it calls that once, in its constructor, so a built bot is always whole.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.announcer import Announcer
from bot.announcer.dispatcher import workers_for
from bot.announcer.events import EventSyncer
from bot.announcer.pacing import Gate, Pacer
from bot.announcer.poster import DiscordPoster
from bot.app import GUILD_READY_TIMEOUT, OstBot, ShardedOstBot
from bot.exts import Clock, Services
from bot.services.catalog import Catalog
from bot.settings import Settings
from bot.store import Store

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


def make_scheduler() -> AsyncIOScheduler:
    """UTC, jobs in memory: they are derived from the store and rebuilt at every start."""
    return AsyncIOScheduler(timezone=UTC)


def build_bot(
    settings: Settings,
    store: Store,
    *,
    clock: Clock = utc_now,
    scheduler: AsyncIOScheduler | None = None,
    extensions: list[str] | None = None,
    guild_ready_timeout: float = GUILD_READY_TIMEOUT,
    gate: Gate | None = None,
    tuning: Mapping[str, Any] | None = None,
) -> OstBot:
    """The bot for ``store``, with every service built; nothing connects until it starts.

    ``extensions`` defaults to all of them. ``gate`` and ``tuning`` (keyword arguments of
    ``Announcer``, e.g. ``retry_base``) let tests shorten waits; ``ostbot run`` passes neither.
    """
    scheduler = scheduler if scheduler is not None else make_scheduler()
    # One budget for posts and events, and one gate shut for all while Discord blocks us.
    gate = gate if gate is not None else Gate(clock=clock)
    # The limit is the bot token's: a process serving some of the shards takes their share.
    pacer = Pacer(settings.process_rate, gate)
    log.info("REST pace: %s", settings.describe_pace())
    catalog = Catalog(store, clock)
    options = {"concurrency": workers_for(settings.process_rate), **(tuning or {})}

    def services(client: discord.Client) -> Services:
        poster = DiscordPoster(client, pacer)
        events = EventSyncer(client, store, clock, pacer)
        announcer = Announcer(store, scheduler, poster, clock, events=events, gate=gate, **options)
        return Services(
            settings=settings,
            store=store,
            scheduler=scheduler,
            clock=clock,
            announcer=announcer,
            gate=gate,
            catalog=catalog,
        )

    # One connection is a plain Client (as before sharding); several, discord.py's
    # AutoShardedBot. The plain one also keeps discord.py's behaviour when the very first
    # connection fails: it raises (ostbot run says so in one line) where AutoShardedBot would
    # retry every 5 seconds for ever.
    shards = settings.shards
    kind = ShardedOstBot if shards is not None and shards.several else OstBot
    return kind(
        services, extensions=extensions, guild_ready_timeout=guild_ready_timeout, shards=shards
    )
