"""The test-facing half of FakeDiscord: building the world, reading the record, waiting.

Mixed into :class:`~tests.fake_discord.server.FakeDiscord`; kept apart so the server module
holds only lifecycle and the request pipeline.
"""

# A `timeout=` argument on waiters is this API's contract (tests read better with it).

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from . import permissions as perms
from .guilds import Guild
from .objects import Channel, User
from .records import RequestRecord

if TYPE_CHECKING:
    from .gateway import Gateway
    from .messages import MessageStore
    from .records import Notifier
    from .world import World

T = TypeVar("T")
DEFAULT_TIMEOUT = 5.0


class WorldApi:
    """Shortcuts to :class:`~tests.fake_discord.world.World` that also tell a connected bot."""

    world: World
    gateway: Gateway
    messages: MessageStore

    @property
    def bot_user(self) -> User:
        return self.world.bot_user

    @property
    def application_id(self) -> int:
        return self.world.application_id

    def add_guild(
        self,
        name: str,
        *,
        owner: User | None = None,
        bot_permissions: int = perms.BOT_DEFAULT,
    ) -> Guild:
        """A server the bot is in. Added while a bot is connected, it arrives as GUILD_CREATE
        (the bot was just invited); channels and roles added later arrive as their own events."""
        return self.world.add_guild(name, owner=owner, bot_permissions=bot_permissions)

    def remove_bot_from(self, guild: Guild) -> None:
        """The bot is kicked: GUILD_DELETE (no ``unavailable``); REST there answers 403."""
        self.world.remove_bot(guild)

    def add_bot_to(self, guild: Guild) -> None:
        """The bot is invited back to a server it was removed from: GUILD_CREATE."""
        self.world.readd_bot(guild)

    def delete_guild(self, guild: Guild) -> None:
        """The server is deleted: GUILD_DELETE (no ``unavailable``); REST there answers 404."""
        self.world.delete_guild(guild)

    def outage(self, guild: Guild, *, unavailable: bool = True) -> None:
        """A Discord outage hides ``guild`` (GUILD_DELETE ``unavailable: true``); with
        ``unavailable=False`` it is back (GUILD_CREATE)."""
        self.world.set_unavailable(guild, unavailable)

    def add_user(self, username: str, *, bot: bool = False) -> User:
        return self.world.add_user(username, bot=bot)

    def open_dm(self, user: User) -> Channel:
        return self.world.open_dm(user)

    def user_says(
        self,
        channel: Channel,
        user: User,
        content: str,
    ) -> dict[str, Any]:
        """A user (not the bot) posts ``content``; the bot receives MESSAGE_CREATE."""
        return self.messages.create(channel, {"content": content}, [], author=user.to_payload())


class RecordsApi:
    """Reading what happened, and waiting for it without sleeping."""

    requests: list[RequestRecord]
    messages: MessageStore
    gateway: Gateway
    notifier: Notifier

    def messages_in(self, channel_id: int) -> list[dict[str, Any]]:
        """Messages currently in a channel (not deleted), oldest first, as Discord payloads."""
        return self.messages.in_channel(int(channel_id))

    def body_of(self, message: dict[str, Any]) -> dict[str, Any]:
        """The request body that produced ``message`` (``allowed_mentions``, ``nonce``...)."""
        return self.messages.bodies.get(int(message["id"]), {})

    def requests_to(
        self,
        route: str,
        **params: object,
    ) -> list[RequestRecord]:
        """Records for a route key (``"POST /channels/{channel_id}/messages"``) and params."""
        want = {k: str(v) for k, v in params.items()}
        return [
            r
            for r in self.requests
            if r.route == route and all(r.params.get(k) == v for k, v in want.items())
        ]

    def responses_with(self, status: int) -> list[RequestRecord]:
        return [r for r in self.requests if r.status == status]

    def peak_rate(self, window: float = 1.0, *, include_exempt: bool = False) -> int:
        """Most requests seen in any ``window`` seconds (global-limit view; interaction
        responses excluded unless ``include_exempt``)."""
        times = [
            r.time
            for r in self.requests
            if include_exempt or not r.path.startswith(("/interactions/", "/webhooks/"))
        ]
        best, lo = 0, 0
        for hi, t in enumerate(times):
            while t - times[lo] >= window:
                lo += 1
            best = max(best, hi - lo + 1)
        return best

    async def wait_until(
        self,
        condition: Callable[[], T],
        timeout: float = DEFAULT_TIMEOUT,
        what: str = "condition",
    ) -> T:
        """Wait (no polling) until ``condition()`` is truthy; re-checked on every change."""
        return await self.notifier.wait_until(condition, timeout, what)

    async def wait_for_messages(
        self,
        channel_id: int,
        count: int = 1,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> list[dict[str, Any]]:
        """Wait until the channel holds at least ``count`` messages; returns them all."""

        def enough() -> list[dict[str, Any]] | None:
            msgs = self.messages_in(channel_id)
            return msgs if len(msgs) >= count else None

        result = await self.wait_until(enough, timeout, f"{count} message(s) in {channel_id}")
        assert result is not None
        return result

    async def wait_for_request(
        self,
        route: str,
        count: int = 1,
        timeout: float = DEFAULT_TIMEOUT,
        **params: object,
    ) -> list[RequestRecord]:
        """Wait until ``count`` requests to ``route`` (answered) are recorded; returns them."""

        def enough() -> list[RequestRecord] | None:
            found = [r for r in self.requests_to(route, **params) if r.status]
            return found if len(found) >= count else None

        result = await self.wait_until(enough, timeout, f"{count} x {route} {params}")
        assert result is not None
        return result

    async def wait_for_gateway_op(
        self,
        op: int,
        count: int = 1,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Wait until the fake has received ``count`` frames with opcode ``op`` (6 = RESUME)."""
        await self.wait_until(
            lambda: len(self.gateway.frames(op)) >= count, timeout, f"{count} gateway op {op}"
        )

    async def wait_for_connection(
        self,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        """Wait until a bot holds an identified gateway session."""
        await self.wait_until(lambda: self.gateway.connected, timeout, "a gateway session")
