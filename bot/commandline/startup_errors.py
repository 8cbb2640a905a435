"""Why ``ostbot run`` stopped, in one line: a table from exception class to explanation.

The errors a user can cause (a token, a setting, an unreachable Discord, a store file) each get
a line naming the setting or file to fix. Anything else is a bug: ``explain`` returns None and
the run command logs its traceback.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import aiohttp
import discord

from bot.commandline.gateway_refusals import gateway_refusal
from bot.domain.errors import OstbotError
from bot.settings import Settings
from bot.store import STORE_FAILURES, masked

Explainer = Callable[[BaseException, Settings], str]

_REJECTED_TOKEN = (
    "ostbot run: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the token again from "  # noqa: S105
    "the developer portal's Bot page"
)
# What a failed connection raises under discord.py and aiohttp.
_NETWORK = (OSError, aiohttp.ClientError, asyncio.TimeoutError, discord.ConnectionClosed)


def _api(error: BaseException, settings: Settings) -> str:
    return f"ostbot run: cannot reach Discord at {settings.api_base or 'discord.com'}: {error}"


def _gateway(error: BaseException, settings: Settings) -> str:
    where = settings.gateway_url or "Discord's gateway"
    cause = error.__context__ or error
    return (
        f"ostbot run: Discord's REST API answered but its gateway at {where} did not: "
        f"{cause or type(cause).__name__}"
    )


def _refused(error: BaseException, settings: Settings) -> str:
    if not isinstance(error, discord.HTTPException):  # the table sends only these here
        return f"ostbot run: {error}"
    what = f"{error.status} {error.text or error.response.reason}".strip()
    if settings.dev_guild is not None and error.status in (403, 404):
        return (
            f"OSTBOT_DEV_GUILD={settings.dev_guild}: Discord refused the slash commands for "
            f"that server ({what}); is the bot in it?"
        )
    return f"ostbot run: Discord refused a start-up request ({what})"


def _bad_url(error: BaseException, settings: Settings) -> str:
    return f"DISCORD_API_BASE={settings.api_base!r}: not a usable URL ({error})"


def _store(error: BaseException, settings: Settings) -> str:
    return f"{masked(settings.db_path)}: the store failed: {error}"


def _ours(error: BaseException, settings: Settings) -> str:
    return str(error)


def _closed(error: BaseException, settings: Settings) -> str:
    # discord.py raises these only for the close codes Discord says not to reconnect after.
    if not isinstance(error, discord.ConnectionClosed | discord.PrivilegedIntentsRequired):
        return f"ostbot run: {error}"  # the table sends only these here
    return gateway_refusal(error)


# Most specific first: the first class that matches explains the error.
_TABLE: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], Explainer], ...] = (
    (OstbotError, _ours),
    (discord.PrivilegedIntentsRequired, _closed),
    (discord.ConnectionClosed, _closed),
    (discord.LoginFailure, lambda error, settings: _REJECTED_TOKEN),
    (discord.HTTPException, _refused),
    (aiohttp.InvalidURL, _bad_url),
    (aiohttp.ClientConnectionError, _api),
    (STORE_FAILURES, _store),
)


def explain(error: BaseException, settings: Settings) -> str | None:
    """The line for ``error``, or None for a bug."""
    if _first_connect_failed(error):
        return _gateway(error, settings)
    for kind, explainer in _TABLE:
        if isinstance(error, kind):
            return explainer(error, settings)
    return None


def _first_connect_failed(error: BaseException) -> bool:
    """discord.py 2.x: when its very first gateway connection fails, ``Client.connect`` reads
    ``self.ws.sequence`` while ``ws`` is still None, so the network error surfaces as an
    AttributeError raised while handling it (its ``__context__``)."""
    return isinstance(error, AttributeError) and isinstance(error.__context__, _NETWORK)
