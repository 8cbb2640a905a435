"""What every page shares: the templates, and the subscribe links in the footer.

The calendar links point at the feeds' ``/calendar.ics`` with the page's filters, so a reader
who filtered by an artist subscribes to that artist. With ``OSTBOT_PUBLIC_URL`` set they are
built from it (behind a reverse proxy the request's own host is the proxy's upstream); without
it, from the host the reader asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from markupsafe import Markup

from bot.web.context import WebContext
from bot.web.templating import Templates
from bot.web.views import ReleaseView

CALENDAR_PATH = "/calendar.ics"


@dataclass(frozen=True, slots=True)
class CalendarLinks:
    webcal: str
    https: str


class Layout:
    def __init__(self, context: WebContext) -> None:
        self._context = context
        self._templates = Templates()

    def render(
        self, request: web.Request, template: str, *, calendar_query: str = "", **values: Any
    ) -> str:
        return self._templates.render(
            template, calendar=self.calendar_links(request, calendar_query), **values
        )

    def rows(self, releases: Sequence[ReleaseView], *, with_drama: bool = True) -> list[Markup]:
        """Releases as list rows, for a template's ``releases_list``."""
        return self._templates.rows(releases, with_drama=with_drama)

    def calendar_links(self, request: web.Request, query: str = "") -> CalendarLinks:
        base = self._context.public_url or f"{request.scheme}://{request.host}"
        https = f"{base}{CALENDAR_PATH}{query}"
        _, _, rest = https.partition("://")
        return CalendarLinks(webcal=f"webcal://{rest}", https=https)
