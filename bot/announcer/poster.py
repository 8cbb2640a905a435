"""The announcer's only contact with Discord: send or edit one message, paced, with outcomes.

Errors become three kinds the dispatcher acts on:

    Exception
     ├── ChannelUnavailable   403/404: the channel is gone or closed to us; stop writing there
     ├── TemporaryFailure     5xx after discord.py's own retries, timeouts, connection errors
     └── Rejected             any other 4xx: this message will never be accepted as it is
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import aiohttp
import discord

from bot.announcer.pacing import Pacer
from bot.render import ActionButton, Button, Post

FORMS_KEPT = 64
ALREADY_CROSSPOSTED = 40033


class ChannelUnavailable(Exception):
    """The channel answered 403 or 404; ``str(error)`` says why, for the server's admins."""


class TemporaryFailure(Exception):
    """Worth retrying later."""


class Rejected(Exception):
    """Discord refused the message itself (400...): retrying the same payload cannot help."""


class DiscordPoster:
    def __init__(self, client: discord.Client, pacer: Pacer) -> None:
        self._client = client
        self._pacer = pacer
        # A fan-out sends one Post object to thousands of channels (the dispatcher's Composer
        # hands out the same one): build its embeds and view once. Keyed by identity, holding
        # the post so the id stays its own; a few entries cover the posts of one instant.
        self._forms: OrderedDict[int, tuple[Post, dict[str, Any]]] = OrderedDict()
        self._news: dict[int, bool] = {}

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
        await self._pacer.slot()
        with _outcomes():
            message = await channel.send(nonce=nonce, **self._form(post))
        return message.id

    async def edit(self, channel_id: int, message_id: int, post: Post) -> None:
        message = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        await self._pacer.slot()
        with _outcomes():
            await message.edit(**self._form(post))

    def in_announcement_channel(self, channel_id: int) -> bool:
        """Whether the channel is an announcement channel, as the gateway described it.

        Remembered per channel: after a new gateway session (INVALID_SESSION, 4009) discord.py
        empties its cache until each server's GUILD_CREATE arrives again, and a post sent in
        that gap must still be published.
        """
        channel = self._client.get_channel(channel_id)
        if channel is None:
            return self._news.get(channel_id, False)
        news = isinstance(channel, discord.TextChannel) and channel.is_news()
        self._news[channel_id] = news
        return news

    async def publish(self, channel_id: int, message_id: int) -> None:
        """Crosspost a message to the servers following this announcement channel."""
        message = self._client.get_partial_messageable(channel_id).get_partial_message(message_id)
        await self._pacer.slot()
        try:
            with _outcomes():
                await message.publish()
        except Rejected as error:
            if isinstance(error.__cause__, discord.HTTPException) and (
                error.__cause__.code == ALREADY_CROSSPOSTED
            ):
                return  # published before a crash, recorded after it: nothing to do
            raise

    async def send_dm(self, user_id: int, post: Post, *, nonce: str) -> int:
        channel = await self._dm_channel(user_id)
        await self._pacer.slot()
        with _outcomes():
            message = await channel.send(nonce=nonce, **self._form(post))
        return message.id

    async def edit_dm(self, user_id: int, message_id: int, post: Post) -> None:
        channel = await self._dm_channel(user_id)
        await self._pacer.slot()
        with _outcomes():
            await channel.get_partial_message(message_id).edit(**self._form(post))

    async def _dm_channel(self, user_id: int) -> discord.DMChannel:
        # discord.py caches DM channels it knows; only the first DM to a member costs a request.
        await self._pacer.slot()
        with _outcomes():
            return await self._client.create_dm(discord.Object(id=user_id))


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


@contextmanager
def _outcomes() -> Iterator[None]:
    """Translate discord.py's exceptions into the three outcomes above."""
    try:
        yield
    except (discord.Forbidden, discord.NotFound) as error:
        reason = f"{error.status} {error.text or 'no access'}"
        why = _UNAVAILABLE.get(error.code)
        raise ChannelUnavailable(f"{reason}: {why}" if why else reason) from error
    except discord.DiscordServerError as error:
        raise TemporaryFailure(f"{error.status} from Discord") from error
    except discord.HTTPException as error:
        raise Rejected(f"{error.status} {error.text}") from error
    except (TimeoutError, aiohttp.ClientError, OSError) as error:
        raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
