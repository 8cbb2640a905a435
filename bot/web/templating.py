"""The Jinja2 environment of the pages: templates shipped in ``bot/web/templates``, autoescape on
for every template, undefined names an error rather than an empty string."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


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
    """Renders a named template; templates are compiled once and kept."""

    def __init__(self) -> None:
        self._environment = environment()

    def render(self, name: str, **values: Any) -> str:
        return self._environment.get_template(name).render(**values)
