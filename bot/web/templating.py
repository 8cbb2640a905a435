"""The Jinja2 environment of the pages: templates shipped in ``bot/web/templates``, autoescape on
for every template, undefined names an error rather than an empty string."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bot.web.views import ReleaseView

# Rows kept: a few pages' worth of the most read releases.
ROWS_KEPT = 8192


def environment() -> Environment:
    return Environment(
        loader=PackageLoader("bot.web", "templates"),
        # Every template is HTML: escape whatever the file is named.
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


class Templates:
    """Renders a named template; templates are compiled once and kept, and so are the list
    rows of releases (a row depends on its view alone, and views are immutable values)."""

    def __init__(self) -> None:
        self._environment = environment()
        # A macro of an autoescaping template returns Markup: its text is escaped already.
        row_macro = getattr(self._environment.get_template("_list.html").module, "release_row")  # noqa: B009 - a template's macro, typed Any
        self._row: Callable[[ReleaseView, bool], Markup] = lru_cache(maxsize=ROWS_KEPT)(row_macro)

    def render(self, name: str, **values: Any) -> str:
        return self._environment.get_template(name).render(**values)

    def rows(self, views: Sequence[ReleaseView], *, with_drama: bool = True) -> list[Markup]:
        """The ``<li>`` of each release, escaped as every template output is."""
        return [self._row(view, with_drama) for view in views]
