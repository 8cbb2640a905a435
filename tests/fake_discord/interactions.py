"""Sending interactions to the bot (slash commands, autocomplete, buttons) and collecting answers.

Flow: ``invoke`` validates against the synced commands, dispatches INTERACTION_CREATE, and waits
(on the fake's notifier, no polling) until the answer is *final*:
- a callback of type 4 (message), 6 (deferred update), 7 (update), 8 (autocomplete), 9 (modal);
- after type 5 (deferred "thinking"): the first edit of @original or the first follow-up.
The returned :class:`InteractionResult` keeps collecting afterwards (``wait_for_followup``).
"""

# A `timeout=` argument on waiters is this API's contract (tests read better with it).

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .commands import CommandStore, build_chat_input
from .errors import InvalidInteraction, NotConnected
from .guilds import Guild
from .ids import new_token
from .objects import GUILD_ANNOUNCEMENT, GUILD_TEXT, Channel, Member, User

if TYPE_CHECKING:
    from .server import FakeDiscord

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE = 2, 3, 4
MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE, AUTOCOMPLETE_RESULT, MODAL = 4, 5, 6, 7, 8, 9
EPHEMERAL = 64
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


@dataclass
class InteractionResult:
    """What the bot answered to one interaction. ``callback`` is ``{"type", "data"}``."""

    id: int
    token: str
    payload: dict[str, Any]
    created: float  # fake.clock.monotonic() when sent
    fake: FakeDiscord = field(repr=False)
    callback: dict[str, Any] | None = None
    original: dict[str, Any] | None = None  # the response message, updated by edits
    edits: list[dict[str, Any]] = field(default_factory=list)  # bodies of PATCH @original
    followups: list[dict[str, Any]] = field(default_factory=list)  # follow-up messages

    @property
    def response_type(self) -> int | None:
        return None if self.callback is None else self.callback["type"]

    @property
    def deferred(self) -> bool:
        return self.response_type in (DEFERRED_MESSAGE, DEFERRED_UPDATE)

    @property
    def final(self) -> bool:
        if self.callback is None:
            return False
        if self.response_type == DEFERRED_MESSAGE:
            return bool(self.edits or self.followups)
        return True

    @property
    def message(self) -> dict[str, Any]:
        """The visible answer: @original (after edits), else the first follow-up."""
        if self.original is not None and not (self.original["flags"] & 128 and self.followups):
            return self.original
        if self.followups:
            return self.followups[0]
        if self.callback is not None and self.response_type in (MESSAGE, UPDATE):
            return self.callback.get("data") or {}
        return {}

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.get("components") or []

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.message.get("flags") or 0) & EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (type 8)."""
        if self.response_type != AUTOCOMPLETE_RESULT or self.callback is None:
            return []
        return (self.callback.get("data") or {}).get("choices") or []

    async def wait_final(self, timeout: float = 5.0) -> InteractionResult:
        await self.fake.wait_until(lambda: self.final, timeout, f"a final answer to {self.label}")
        return self

    async def wait_for_followup(self, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the ``count``-th follow-up message and return it."""
        await self.fake.wait_until(
            lambda: len(self.followups) >= count, timeout, f"follow-up #{count} to {self.label}"
        )
        return self.followups[count - 1]

    async def wait_for_edit(self, count: int = 1, timeout: float = 5.0) -> dict[str, Any]:
        """Wait for the ``count``-th edit of @original; returns the edited message."""
        await self.fake.wait_until(
            lambda: len(self.edits) >= count, timeout, f"edit #{count} of {self.label}'s original"
        )
        assert self.original is not None
        return self.original

    @property
    def label(self) -> str:
        data = self.payload.get("data") or {}
        return f"interaction {data.get('name') or data.get('custom_id')!r}"


class Interactions:
    """Builds and tracks interactions; the REST side answers them via :meth:`by_id`/`by_token`."""

    def __init__(self, fake: FakeDiscord) -> None:
        self._fake = fake
        self.commands = CommandStore(fake.world.ids, fake.world.application_id)
        self.results: dict[int, InteractionResult] = {}
        self._by_token: dict[str, InteractionResult] = {}
        self.response_deadline = 3.0  # Discord refuses callbacks after 3 s (10062)
        # Follow-ups and @original edits work for 15 minutes, then 401 50027.
        self.token_lifetime = 15 * 60.0
        # Called with each result right after its callback is accepted: lets a test make time
        # pass between a deferral and the answer, deterministically.
        self.after_callback: list[Callable[[InteractionResult], None]] = []

    def by_id(self, interaction_id: int) -> InteractionResult | None:
        return self.results.get(interaction_id)

    def by_token(self, token: str) -> InteractionResult | None:
        return self._by_token.get(token)

    async def invoke(
        self,
        command: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | Member,
        guild: Guild | None = None,
        channel: Channel | None = None,
        timeout: float = 5.0,
        wait: bool = True,
    ) -> InteractionResult:
        guild, channel, user = self._where(user, guild, channel)
        data = build_chat_input(self.commands, command, options or {}, guild)
        return await self._send(
            APPLICATION_COMMAND, data, user, guild, channel, None, timeout, wait
        )

    async def autocomplete(
        self,
        command: str,
        focused: str,
        options: dict[str, Any] | None = None,
        *,
        user: User | Member,
        guild: Guild | None = None,
        channel: Channel | None = None,
        timeout: float = 5.0,
    ) -> InteractionResult:
        guild, channel, user = self._where(user, guild, channel)
        opts = dict(options or {})
        opts.setdefault(focused, "")
        data = build_chat_input(self.commands, command, opts, guild, focused=focused)
        return await self._send(AUTOCOMPLETE, data, user, guild, channel, None, timeout, True)

    async def press_button(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        user: User | Member,
        values: list[str] | None = None,
        timeout: float = 5.0,
        wait: bool = True,
    ) -> InteractionResult:
        """Click the component ``custom_id`` on ``message`` (``values`` for a select menu)."""
        component = _find_component(message.get("components") or [], custom_id)
        if component is None:
            raise InvalidInteraction(f"message {message['id']} has no component {custom_id!r}")
        if component.get("disabled"):
            raise InvalidInteraction(f"component {custom_id!r} is disabled")
        channel = self._fake.messages.channel(message["channel_id"])
        guild, channel, user = self._where(user, channel.guild, channel)
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component["type"]}
        if values is not None:
            data["values"] = values
        return await self._send(
            MESSAGE_COMPONENT, data, user, guild, channel, message, timeout, wait
        )

    # --- internals ----------------------------------------------------------------------------

    def _where(
        self, user: User | Member, guild: Guild | None, channel: Channel | None
    ) -> tuple[Guild | None, Channel, User]:
        if isinstance(user, Member):
            guild = guild or user.guild
            user = user.user
        if channel is None:
            if guild is None:
                channel = self._fake.world.open_dm(user)
            else:
                texts = [
                    c for c in guild.channels.values() if c.type in (GUILD_TEXT, GUILD_ANNOUNCEMENT)
                ]
                if not texts:
                    raise InvalidInteraction(
                        f"guild {guild.name!r} has no text channel to invoke in"
                    )
                channel = texts[0]
        if guild is None and channel.guild is not None:
            guild = channel.guild
        if guild is not None and user.id not in guild.members:
            raise InvalidInteraction(f"{user.username} is not a member of {guild.name!r}")
        return guild, channel, user

    async def _send(
        self,
        itype: int,
        data: dict[str, Any],
        user: User,
        guild: Guild | None,
        channel: Channel,
        message: dict[str, Any] | None,
        timeout: float,
        wait: bool,
    ) -> InteractionResult:
        fake = self._fake
        if not fake.gateway.connected:
            raise NotConnected("no bot is connected to the fake gateway")
        world = fake.world
        iid = world.ids.next()
        token = new_token()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(world.application_id),
            "type": itype,
            "data": data,
            "token": token,
            "version": 1,
            "locale": user.locale,
            "app_permissions": str(channel.permissions_for(world.bot_user.id)),
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
            "channel_id": str(channel.id),
            "channel": channel.to_payload(),
        }
        if guild is not None:
            member = guild.members[user.id].to_payload()
            member["permissions"] = str(channel.permissions_for(user.id))
            payload |= {
                "guild_id": str(guild.id),
                "guild": {"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
                "guild_locale": guild.preferred_locale,
                "member": member,
                "authorizing_integration_owners": {"0": str(guild.id)},
                "context": 0,
            }
        else:
            payload |= {
                "user": user.to_payload(),
                "authorizing_integration_owners": {"0": "0"},
                "context": 1,
            }
        if message is not None:
            payload["message"] = message
        result = InteractionResult(iid, token, payload, fake.clock.monotonic(), fake)
        if message is not None:
            result.original = message
        self.results[iid] = result
        self._by_token[token] = result
        fake.gateway.dispatch("INTERACTION_CREATE", payload, guild.id if guild else None)
        fake.notifier.notify()
        if wait:
            await result.wait_final(timeout)
        return result


def _find_component(rows: list[dict[str, Any]], custom_id: str) -> dict[str, Any] | None:
    for comp in rows:
        if comp.get("custom_id") == custom_id:
            return comp
        found = _find_component(comp.get("components") or [], custom_id)
        if found is not None:
            return found
    return None
