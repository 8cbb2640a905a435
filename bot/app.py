"""``OstBot``: the Discord client, handed its services by whoever builds it.

``bot.wiring.build_bot`` (used by ``ostbot run``, the tests and the benchmarks) builds the
services once: the scheduler, the announcer and its pacing, the catalog (discord.py's
``examples/advanced_startup.py`` shape). The bot carries them as ``bot.services`` and each
extension's ``setup(bot)`` hands its commands the few they use. ``setup_hook`` prepares
everything before the gateway connects:

1. start the scheduler (it needs the running loop) and set the commands' translator
   (``bot.i18n.commands``: their names and descriptions in every supported language);
2. load the extensions (every ``bot.exts`` package, see ``bot/exts/__init__.py``);
3. sync the slash commands, only if they changed since the last sync (a hash in the store),
   and by one process of those sharing the store (``bot.command_sync``).

``settings.schedules`` is imported by the run command before the bot logs in (a bad file must
stop start-up before anything talks to Discord). Once ready, ``readiness()`` is the one line the
run command logs: how many releases are scheduled and upcoming, which servers are not set up.

Sharded (``settings.shards``, see ``bot.shards``), the gateway carries only this process's
shards' servers: its guild cache, its guild events and its slash commands are theirs alone,
while the announcer still posts to every channel (REST needs no gateway).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from datetime import datetime

import discord
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord import app_commands
from discord.ext import commands

from bot.announcer.claims import process_name
from bot.command_sync import CommandSync
from bot.discord_http import sweep_lazily
from bot.exts import Host, Services, extension_names, ost_admin_group, ost_group
from bot.i18n.commands import CatalogueTranslator
from bot.settings import Settings
from bot.shards import Shards
from bot.store import Store
from bot.tree import OstCommandTree

log = logging.getLogger(__name__)

# discord.py's own default: how long to wait after the last GUILD_CREATE before on_ready.
GUILD_READY_TIMEOUT = 2.0
# Servers named in the start-up line; past this a count says the rest.
LISTED_SERVERS = 5


# What the invite link asks for; the README's link and table state the same (a test checks).
# Role pings need no Mention Everyone: the announcer names the role in allowed_mentions, and the
# server marks that role mentionable. Crossposting its own messages needs only Send Messages.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    manage_events=True,  # followed releases as scheduled events (/ost-admin setup events)
)
INVITE_SCOPES = ("bot", "applications.commands")


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(
        application_id, permissions=INVITE_PERMISSIONS, scopes=INVITE_SCOPES
    )


def intents() -> discord.Intents:
    """Only guilds: ostbot posts and answers interactions (which need no intent); message,
    member and presence events would be pure load on a bot in many servers."""
    return discord.Intents(guilds=True)


class OstBot(commands.Bot):
    """ostbot on Discord. ``ready`` is set on every ``on_ready`` (tests wait on it)."""

    def __init__(
        self,
        services: Callable[[discord.Client], Services],
        *,
        extensions: Sequence[str] | None = None,
        guild_ready_timeout: float = GUILD_READY_TIMEOUT,
        shards: Shards | None = None,
    ) -> None:
        """``services`` builds the services from this client: the announcer posts through it
        (its HTTP session and caches), so it can only be made once the client exists.
        ``shards``: the gateway shards this process serves (None: one unsharded connection);
        more than one needs :class:`ShardedOstBot`."""
        if shards is not None and shards.several and not isinstance(self, commands.AutoShardedBot):
            # A plain Client takes one shard and would silently drop the others.
            raise TypeError(f"{shards.describe()} need ShardedOstBot (bot.wiring.build_bot)")
        # ostbot has no voice: the documented switches that silence "PyNaCl/davey missing".
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            # Slash commands only; a prefix is required by commands.Bot, and a mention is the
            # one that can never fire by accident (no message content intent anyway).
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            tree_cls=OstCommandTree,
            # Nothing pings unless a send says so (the announcer names the role it pings).
            allowed_mentions=discord.AllowedMentions.none(),
            max_messages=None,  # ostbot never reads its message cache
            # What the guilds intent alone already implies, written out so that adding an
            # intent later does not quietly cache every member of 10,000 servers: the bot
            # needs only its own member (guild.me, kept regardless) for permission checks.
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            # No max_ratelimit_timeout, though discord.py then sleeps out a long route or shared
            # 429 inside the request: discord.py 2.7 raises RateLimited before *any* request
            # whose bucket resets later than that timeout, even with requests left, so the
            # 2nd..10th crosspost of Discord's 10-per-hour bucket would all wait an hour.
            guild_ready_timeout=guild_ready_timeout,
            **(shards.client_options() if shards is not None else {}),
        )
        # discord.py's bucket sweep costs O(n²) over a fan-out to n channels (bot/discord_http).
        sweep_lazily(self.http)
        self._shards = shards
        # Built once the client is whole (its HTTP session made above): the poster and the
        # event syncer keep this client and send through it.
        self._services = services(self)
        self._settings = self._services.settings
        self._store = self._services.store
        self._scheduler = self._services.scheduler
        self._clock = self._services.clock
        self._extension_names = list(extension_names() if extensions is None else extensions)
        self._ost = ost_group()
        self._ost_admin = ost_admin_group()
        self._command_sync = CommandSync(self.tree, self._store, self._clock, process_name())
        self.ready = asyncio.Event()

    @property
    def services(self) -> Services:
        """What ``bot.wiring`` built for this bot; extensions hand their commands parts of it."""
        return self._services

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def store(self) -> Store:
        return self._store

    @property
    def scheduler(self) -> AsyncIOScheduler:
        return self._scheduler

    @property
    def clock(self) -> Callable[[], datetime]:
        """The current instant (UTC); tests pass a fixed or stepping clock."""
        return self._clock

    @property
    def ost(self) -> app_commands.Group:
        """The ``/ost`` group that extensions add their subcommands to."""
        return self._ost

    @property
    def ost_admin(self) -> app_commands.Group:
        """The ``/ost-admin`` group (Manage Server) that admin extensions add commands to."""
        return self._ost_admin

    @property
    def dev_guild(self) -> discord.Object | None:
        """The one guild commands are synced to during development, or None for global."""
        guild_id = self._settings.dev_guild
        return discord.Object(guild_id) if guild_id is not None else None

    async def setup_hook(self) -> None:
        self._scheduler.start()
        # Commands' names and descriptions in every supported language (bot/i18n).
        await self.tree.set_translator(CatalogueTranslator())
        for name in self._extension_names:
            await self.load_extension(name)
        for group in (self._ost, self._ost_admin):
            if group.commands:
                self.tree.add_command(group)
        await self.sync_commands()

    async def sync_commands(self, *, force: bool = False) -> bool:
        """Upload the command tree if it differs from the last upload; True if this call did
        (``bot.command_sync``: by one process of those sharing the store)."""
        guild = self.dev_guild
        if guild is not None:
            self.tree.copy_global_to(guild=guild)
        return await self._command_sync.sync(self.application_id, guild, force=force)

    @property
    def command_sync(self) -> CommandSync:
        """The slash commands' upload; its ``done`` is set once Discord has this tree."""
        return self._command_sync

    @property
    def gateway_shards(self) -> Shards | None:
        """The shards whose servers this process's gateway carries (None: all, unsharded)."""
        return self._shards

    def _on_shards(self) -> str:
        """`` on shards 0, 1 of 4`` when sharded: ``self.guilds`` holds only their servers."""
        return f" on {self._shards.describe()}" if self._shards is not None else ""

    async def on_ready(self) -> None:
        log.info(
            "connected as %s to %d server(s)%s", self.user, len(self.guilds), self._on_shards()
        )
        if self.application_id is not None and not self.ready.is_set():
            log.info("invite it to a server with %s", invite_url(self.application_id))
        self.ready.set()

    async def readiness(self) -> str:
        """One line for the operator: what is scheduled, and which servers still need set-up.

        Sharded, it names only this process's shards' servers (the only ones its gateway
        sees), and says which shards those are.
        """
        # Counted by the store: reading 100,000 releases here cost ~120 MB of peak RSS, and
        # ~25 MB of it stayed (measured with benchmarks/bench_memory.py).
        live, upcoming = await self._store.releases.scheduled_counts(now=self._clock())
        text = f"{live} release(s) scheduled, {upcoming} upcoming"
        guilds = sorted(self.guilds, key=lambda guild: guild.name.casefold())
        configured = await self._store.servers.get_many([guild.id for guild in guilds])
        waiting = [g for g in guilds if g.id not in configured or not configured[g.id].channel_id]
        where = self._on_shards()
        if not waiting:
            if guilds:
                return f"{text}; every server{where} is set up"
            return f"{text}; in no server{where} yet"
        names = ", ".join(f"{g.name} ({g.id})" for g in waiting[:LISTED_SERVERS])
        more = len(waiting) - LISTED_SERVERS
        if more > 0:
            names += f" and {more} more"
        return (
            f"{text}; {len(waiting)} server(s){where} not set up yet: {names} "
            "(use /ost-admin setup channel)"
        )

    async def close(self) -> None:
        # Jobs are derived from the store and rebuilt at the next start; stop firing them now.
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        await self._command_sync.stop()
        await super().close()


class ShardedOstBot(OstBot, commands.AutoShardedBot):
    """OstBot on several gateway connections in one process (discord.py's AutoShardedBot):
    for a process serving more than one shard. ``bot.wiring.build_bot`` picks the class."""


# Extensions' setup(bot) is handed an OstBot as a Host: this makes mypy check that it is one.
# (Not a base class: a Protocol in the MRO would sit before discord.Client and end the
# __init__ chain there.)
_HOST: type[Host] = OstBot
