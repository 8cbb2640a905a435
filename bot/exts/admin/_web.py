"""``/ost-admin setup web``: this server's private calendar feed (what it follows, and its own
releases), as a link to subscribe to; ``rotate`` replaces the link and cuts off the old one.

The link holds a secret token, so the reply is private, and the token is shown only when made
(the store keeps its sha256 alone). Without ``OSTBOT_PUBLIC_URL`` there is no web to link to,
and the reply says so and how to set it, without making a token.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Protocol

import discord
from discord import app_commands

from bot.exts import StoreAndClock
from bot.exts.admin._common import admin_only, begin, guild_of, reply
from bot.i18n import N_, SOURCE, Language
from bot.i18n.readers import reader
from bot.services.web_feeds import FeedToken, server_feed_link, set_up_feed, webcal

if TYPE_CHECKING:
    from bot.settings import Settings

NOT_CONFIGURED = N_(
    "The web calendars are not set up on this bot: whoever runs it sets `OSTBOT_PUBLIC_URL` "
    "to the address `ostbot web` is reached at (e.g. `https://ost.example.org`) and restarts "
    "it. Then run `/ost-admin setup web` again."
)


class WebServices(StoreAndClock, Protocol):
    """The store, the clock, and the settings (for the web's public address)."""

    @property
    def settings(self) -> Settings: ...


def add_web_command(group: app_commands.Group, services: WebServices) -> None:
    @group.command(name="web", description="This server's private calendar link (follows + own)")
    @app_commands.describe(rotate="Make a new link; the old one stops working")
    @admin_only
    async def web(interaction: discord.Interaction, rotate: bool = False) -> None:
        guild = guild_of(interaction)
        await begin(interaction)
        public_url = services.settings.public_url
        tr = reader(interaction)
        if public_url is None:
            await reply(interaction, tr.gettext(NOT_CONFIGURED))
            return
        made = await set_up_feed(services.store, guild.id, rotate=rotate, now=services.clock())
        await reply(interaction, feed_text(public_url, made, rotated=rotate, tr=tr))


def feed_text(public_url: str, made: FeedToken, *, rotated: bool, tr: Language = SOURCE) -> str:
    if made.token is None:
        return tr.gettext(
            "This server's calendar link was made %(when)s. It is shown only once, when made "
            "(ostbot keeps no copy it could show). To get a link again, run "
            "`/ost-admin setup web rotate:True`: that makes a new one, and the old one stops "
            "working for everyone subscribed to it."
        ) % {"when": _when(made.made_at)}
    link = server_feed_link(public_url, made.token)
    lines = [
        tr.gettext("🔄 A new calendar link; the old one no longer works.")
        if rotated
        else tr.gettext("📅 This server's calendar link:"),
        f"<{webcal(link)}>",
        tr.gettext("Google Calendar (*Other calendars → From URL*): %(link)s")
        % {"link": f"<{link}>"},
        tr.gettext(
            "It holds what this server follows and its own releases, and stays up to date as "
            "dates move. Share it only with members: anyone with it sees this server's releases."
        ),
        tr.gettext(
            "It is shown only now; `/ost-admin setup web rotate:True` replaces it if it leaks."
        ),
    ]
    return "\n".join(lines)


def _when(at: datetime) -> str:
    unix = int(at.timestamp())
    return f"<t:{unix}:D> (<t:{unix}:R>)"
