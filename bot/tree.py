"""The one place where errors of slash commands, buttons and select menus become replies.

A command or a component raises; the user gets an ephemeral answer:

    error raised by the command                  reply
    OstbotError (NotFound, PermissionDenied...)  its own message (written for users)
    an app_commands check failure                what is missing (permission, role, server...)
    anything else                                a generic apology; the traceback is logged

Every reply is in the member's language (``interaction.locale``, see ``bot.i18n``), English
when a catalogue lacks the string. The mapping is the ``REPLIES`` table, looked up along the
error's class hierarchy, so a new error type is one row, and a subclass gets its parent's reply
unless it has its own.
Commands and cogs define no error handlers of their own: ``OstCommandTree.on_error`` catches the
commands' errors, and ``answers_errors`` wraps each component callback (discord.py only logs what
a ``DynamicItem`` callback raises, and the presser would see "This interaction failed"). Both end
in ``answer_error``, so a failure is answered exactly once, the same way.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.domain.errors import OstbotError
from bot.i18n import N_, Language, english
from bot.i18n.readers import reader

log = logging.getLogger(__name__)

# Discord's limit on a message's content.
MAX_CONTENT = 2000

GENERIC_APOLOGY = N_(
    "Sorry, something went wrong on our side. It has been logged; please try again."
)

# Discord's codes for an interaction that can no longer be answered at all: the first answer
# came after 3 s (10062 Unknown interaction), or a follow-up after the token's 15 minutes (50027
# Invalid Webhook Token). No reply can reach the user, so there is nothing to apologise with.
EXPIRED = {
    10062: "the 3-second window for a first answer",
    50027: "the 15-minute interaction token",
}


def _permissions(names: list[str]) -> str:
    # Discord's own permission names are English; they are shown as Discord spells them.
    return ", ".join(name.replace("_", " ").replace("guild", "server").title() for name in names)


REPLIES: dict[type[Exception], Callable[[Any, Language], str]] = {
    OstbotError: lambda e, tr: e.localized(tr),
    app_commands.MissingPermissions: lambda e, tr: (
        tr.gettext("You need the %(permissions)s permission to use this command.")
        % {"permissions": _permissions(e.missing_permissions)}
    ),
    app_commands.BotMissingPermissions: lambda e, tr: (
        tr.gettext("I need the %(permissions)s permission here to do that.")
        % {"permissions": _permissions(e.missing_permissions)}
    ),
    app_commands.MissingRole: lambda e, tr: (
        tr.gettext("You need the %(role)s role to do that.") % {"role": e.missing_role}
    ),
    app_commands.MissingAnyRole: lambda e, tr: (
        tr.gettext("You need one of these roles to do that: %(roles)s.")
        % {"roles": ", ".join(map(str, e.missing_roles))}
    ),
    app_commands.NoPrivateMessage: lambda _, tr: tr.gettext("This command works only in a server."),
    app_commands.CommandOnCooldown: lambda e, tr: (
        tr.gettext("Slow down: try again in %(seconds)s seconds.")
        % {"seconds": f"{e.retry_after:.0f}"}
    ),
    app_commands.CheckFailure: lambda _, tr: tr.gettext("You can't use this command here."),
    app_commands.TransformerError: lambda e, tr: (
        tr.gettext("%(value)s is not a valid value for this option.") % {"value": repr(e.value)}
    ),
}


def reply_for(error: Exception, language: Language | None = None) -> str | None:
    """The user-facing text for ``error`` in ``language`` (English by default), or ``None``
    when it is a bug (not in ``REPLIES``)."""
    tr = language if language is not None else english()
    for cls in type(error).__mro__:
        explain = REPLIES.get(cls)
        if explain is not None:
            return explain(error, tr)[:MAX_CONTENT]
    return None


class OstCommandTree(app_commands.CommandTree):
    """A ``CommandTree`` whose ``on_error`` answers every failed command (see the module doc)."""

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError, /
    ) -> None:
        command = interaction.command
        # A command's own exception arrives wrapped; the original says what went wrong.
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        name = command.qualified_name if command is not None else "?"
        await answer_error(interaction, original, f"/{name}")


async def answer_error(interaction: discord.Interaction, error: Exception, what: str) -> None:
    """Answer ``error`` privately: its own text if users are meant to read it, else an apology
    with the traceback logged as "``what`` failed"."""
    if isinstance(error, discord.HTTPException) and error.code in EXPIRED:
        log.warning(
            "%s answered too late: %s had expired, so the user got no reply (%s %s)",
            what,
            EXPIRED[error.code],
            error.status,
            error.code,
        )
        return
    tr = reader(interaction)
    text = reply_for(error, tr)
    if text is None:
        log.error("%s failed", what, exc_info=error)
        text = tr.gettext(GENERIC_APOLOGY)
    await _reply_privately(interaction, text)


Item = TypeVar("Item", bound=discord.ui.Item[Any])
# A coroutine function, as discord.py's Item.callback is: the wrapped method still overrides it.
Callback = Callable[[Item, discord.Interaction], Coroutine[Any, Any, None]]


def answers_errors(callback: Callback[Item]) -> Callback[Item]:
    """Route a component callback's errors through ``answer_error``, like a command's."""

    @functools.wraps(callback)
    async def answered(item: Item, interaction: discord.Interaction) -> None:
        try:
            await callback(item, interaction)
        except Exception as error:
            data = interaction.data
            custom_id = data.get("custom_id", "?") if data is not None else "?"
            await answer_error(interaction, error, f"component {custom_id}")

    return answered


async def _reply_privately(interaction: discord.Interaction, text: str) -> None:
    """Answer ephemerally, as a follow-up when the command already responded or deferred."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException as failure:
        # Too late (3 s / 15 min) or Discord refused: nothing more can reach this user.
        log.warning(
            "could not send the error reply for interaction %s: %s", interaction.id, failure
        )
