"""The announcer's only contact with Discord: send or edit one message, paced, with outcomes.

Errors become kinds the dispatcher acts on:

    Exception
     ├── ChannelUnavailable   403/404: the channel is gone or closed to us; stop writing there
     ├── TemporaryFailure     5xx after discord.py's own retries, timeouts, connection errors,
     │    │                   a 4xx that is not about the message (408, 409...)
     │    └── RateLimited     a route 429 discord.py gave up on (or a ``shared`` one): wait
     │                        ``retry_after``; not the message's fault, costs no attempt
     ├── Blocked              Discord blocks every request (Cloudflare's 429 without ``Via``,
     │                        a global 429, 401): the pacer's gate is shut; nothing is the
     │                        message's fault, it waits untouched for the block to end
     └── Rejected             400, 405, 413: this message will never be accepted as it is

Every request takes a turn from the pacer, which also learns from each answer whether Discord
is blocking us (see ``pacing``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import aiohttp
import discord

from bot.announcer.pacing import Block, Pacer, Shut
from bot.render import ActionButton, Button, Post

FORMS_KEPT = 64
ALREADY_CROSSPOSTED = 40033
# Statuses saying this message (not the moment) is wrong: resending it unchanged cannot help.
REJECTING = frozenset({400, 405, 413})
CLOUDFLARE = "429 without Via: Cloudflare's ban after too many invalid requests"


class ChannelUnavailable(Exception):
    """The channel answered 403 or 404; ``str(error)`` says why, for the server's admins."""


class TemporaryFailure(Exception):
    """Worth retrying later."""


class Rejected(Exception):
    """Discord refused the message itself (400...): retrying the same payload cannot help."""


class RateLimited(TemporaryFailure):
    """A 429 of one route (or a shared resource): retry after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Blocked(Exception):
    """Discord is blocking every request for now; the pacer's gate is shut until it ends."""


class DiscordPoster:
    def __init__(self, client: discord.Client, pacer: Pacer) -> None:
        self._client = client
        self._pacer = pacer
        # A fan-out sends one Post object to thousands of channels (the dispatcher's Composer
        # hands out the same one): build its embeds and view once. Keyed by identity, holding
        # the post so the id stays its own; a few entries cover the posts of one instant.
        self._forms: OrderedDict[int, tuple[Post, dict[str, Any]]] = OrderedDict()
        self._kinds: dict[int, bool] = {}  # announcement channel or not, for cache misses

    def _form(self, post: Post) -> dict[str, Any]:
        cached = self._forms.get(id(post))
        if cached is not None and cached[0] is post:
            return cached[1]
        fields = _message_fields(post)
        self._forms[id(post)] = (post, fields)
        if len(self._forms) > FORMS_KEPT:
            self._forms.popitem(last=False)
        return fields

    async def send(self, channel_id: int, post: Post, *, nonce: str) -> int:
        """Post ``post``; returns the message id. A repeated nonce returns the first message."""
        channel = self._client.get_partial_messageable(channel_id)
        async with self._request():
            message = await channel.send(nonce=nonce, **self._form(post))
        return message.id

    async def edit(self, channel_id: int, message_id: int, post: Post) -> None:
        """Edits never wait out a block (they run inside commands); ``Blocked`` at once."""
        message = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        async with self._request(wait=False):
            await message.edit(**self._form(post))

    async def in_announcement_channel(
        self, guild_id: int, channel_id: int, *, stored: bool | None = None
    ) -> bool:
        """Whether the channel is an announcement channel, as the gateway described it.

        Looked up in its own server's cache (two dict lookups): ``Client.get_channel`` walks
        every server the bot is in for each call, which made a fan-out to n servers cost n².

        A process serving other shards has no cache of their servers: there ``stored``, the
        kind the store keeps for the server's announcement channel (None: not known) serves, so
        a fan-out asks Discord nothing per channel. Remembered per channel: the gateway's cache
        misses a channel for a while after a new session (INVALID_SESSION, 4009: discord.py
        clears it until each server's GUILD_CREATE comes again), or one created since; then the
        remembered answer serves, else Discord is asked once. If even that fails, the post is
        published anyway: Discord refuses a text channel's crosspost (and the reason is kept),
        which beats silently not publishing an announcement channel's.
        """
        guild = self._client.get_guild(guild_id)
        channel = guild.get_channel_or_thread(channel_id) if guild is not None else None
        if channel is not None:
            news = isinstance(channel, discord.TextChannel) and channel.is_news()
            self._kinds[channel_id] = news
            return news
        if stored is not None:
            return stored
        known = self._kinds.get(channel_id)
        if known is None:
            try:
                async with self._request():
                    fetched = await self._client.fetch_channel(channel_id)
            except Exception:
                return True
            known = self._kinds[channel_id] = (
                isinstance(fetched, discord.TextChannel) and fetched.is_news()
            )
        return known

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Crosspost a message to the servers following this announcement channel."""
        message = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            async with self._request():
                await message.publish()
        except Rejected as error:
            if isinstance(error.__cause__, discord.HTTPException) and (
                error.__cause__.code == ALREADY_CROSSPOSTED
            ):
                return  # published before a crash, recorded after it: nothing to do
            raise

    async def send_dm(self, user_id: int, post: Post, *, nonce: str) -> int:
        channel = await self._dm_channel(user_id)
        async with self._request():
            message = await channel.send(nonce=nonce, **self._form(post))
        return message.id

    async def edit_dm(self, user_id: int, message_id: int, post: Post) -> None:
        channel = await self._dm_channel(user_id, wait=False)
        async with self._request(wait=False):
            await channel.get_partial_message(message_id).edit(**self._form(post))

    async def _dm_channel(self, user_id: int, *, wait: bool = True) -> discord.DMChannel:
        # discord.py caches DM channels it knows; only the first DM to a member costs a request.
        async with self._request(wait=wait):
            return await self._client.create_dm(discord.Object(id=user_id))

    @asynccontextmanager
    async def _request(self, *, wait: bool = True) -> AsyncIterator[None]:
        """One request to Discord: a turn from the pacer, then its outcome translated."""
        with _outcomes():
            async with self._pacer.turn(block_of, wait=wait):
                yield


def _message_fields(post: Post) -> dict[str, Any]:
    view = discord.ui.View(timeout=None)
    for row, buttons in enumerate(post.rows()):
        for button in buttons:
            view.add_item(_button(button, row))
    # Presses of action buttons are answered by the extension that registered their custom_id
    # (a DynamicItem), not by this view: stopped, discord.py keeps no copy of it per message
    # sent (a fan-out would otherwise pile up thousands).
    view.stop()
    roles = [discord.Object(id=role) for role in post.ping_roles]
    return {
        "content": post.content,
        "embeds": [discord.Embed.from_dict(embed) for embed in post.embeds],
        "view": view,
        # Only the server's own role may ever be pinged; nothing in schedule text can mention.
        "allowed_mentions": discord.AllowedMentions(
            everyone=False, users=False, replied_user=False, roles=roles or False
        ),
    }


def _button(button: Button | ActionButton, row: int) -> discord.ui.Button[discord.ui.View]:
    if isinstance(button, ActionButton):
        return discord.ui.Button(
            style=discord.ButtonStyle.secondary,
            label=button.label,
            custom_id=button.custom_id,
            row=row,
        )
    return discord.ui.Button(
        style=discord.ButtonStyle.link, label=button.label, url=button.url, row=row
    )


# What Discord's JSON codes mean for the admin reading /ost-admin status.
_UNAVAILABLE = {
    10003: "the channel was deleted",
    10004: "the server was deleted",
    50001: "the bot cannot see the channel (removed from the server, or no View Channel)",
    50013: "the bot lacks a permission there (Send Messages, Embed Links)",
}


def block_of(error: BaseException) -> Block | None:
    """Whether Discord answered ``error`` to refuse every request for a while, not this one.

    discord.py raises a plain HTTPException for a 429 without ``Via`` or with a body that is
    not JSON (Cloudflare's ban, its HTML or JSON page), and for any 429 it gave up on after
    five tries; the headers tell them apart. 401 means the token is refused for everything.
    """
    if not isinstance(error, discord.HTTPException):
        return None
    headers = error.response.headers
    retry_after = _retry_after(headers.get("Retry-After"))
    if error.status == 401:
        return Block("401: Discord refuses this bot's token", retry_after)
    if error.status != 429:
        return None
    # The header, not aiohttp's ``content_type``: discord.py types ``response`` as aiohttp's or
    # requests' (its sync webhooks), and only the headers are common to both.
    media_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if not headers.get("Via") or media_type != "application/json":
        return Block(CLOUDFLARE, retry_after)
    if headers.get("X-RateLimit-Global") or headers.get("X-RateLimit-Scope") == "global":
        return Block("429: Discord's global rate limit", retry_after)
    return None


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds (the only form Discord sends), else None."""
    try:
        return max(float(value), 0.0) if value is not None else None
    except ValueError:
        return None


@contextmanager
def _outcomes() -> Iterator[None]:
    """Translate discord.py's exceptions into the outcomes above."""
    try:
        yield
    except Shut as error:
        raise Blocked("Discord is blocking this bot's requests for now") from error
    except (discord.Forbidden, discord.NotFound) as error:
        reason = f"{error.status} {error.text or 'no access'}"
        why = _UNAVAILABLE.get(error.code)
        raise ChannelUnavailable(f"{reason}: {why}" if why else reason) from error
    except discord.DiscordServerError as error:
        raise TemporaryFailure(f"{error.status} from Discord") from error
    except discord.RateLimited as error:  # over discord.py's max_ratelimit_timeout
        raise RateLimited(f"429: {error}", error.retry_after) from error
    except discord.HTTPException as error:
        block = block_of(error)
        if block is not None:
            raise Blocked(block.reason) from error
        if error.status == 429:
            retry = _retry_after(error.response.headers.get("Retry-After"))
            scope = error.response.headers.get("X-RateLimit-Scope", "user")
            raise RateLimited(f"429 ({scope} rate limit)", retry or 1.0) from error
        if error.status in REJECTING:
            raise Rejected(f"{error.status} {error.text}") from error
        raise TemporaryFailure(f"{error.status} {error.text}") from error
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
