"""Typed reads of one TOML table, each collecting a precise problem instead of raising.

A ``Fields`` object wraps one table (``[drama]`` or one ``[[release]]``) and knows its name in
error messages (``release[1]``) and its path in the line index. Every reader returns the value,
or None after recording why it could not; validation goes on so a file reports all its problems.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from bot.domain import Problem
from bot.domain.limits import MAX_ITEMS, MAX_NAME, MAX_SLUG, MAX_TITLE, MAX_URL
from bot.domain.messages import Message
from bot.domain.text import json_printable, printable, refusal
from bot.i18n import N_
from bot.schedules.lines import LineIndex, Path

SLUG = re.compile(r"[a-z0-9-]+")
# https://, an authority (no user:password@), then an optional path, query or fragment.
HTTPS_URL = re.compile(r"https://(?P<authority>[^/?#]*)(?P<rest>[/?#].*)?", re.DOTALL)
# A host name: dot-separated labels of letters (any script), digits and inner hyphens, ending
# in a top-level domain of letters (or an IDNA ``xn--`` one); then an optional port.
_LABEL = r"[^\W_](?:(?:[^\W_]|-){0,61}[^\W_])?"
HOST = re.compile(
    rf"(?P<host>(?:{_LABEL}\.)+(?:[^\W\d_]{{2,63}}|xn--[a-z0-9-]{{1,59}}))(?::\d{{1,5}})?"
)
KEY_NAME = re.compile(r"[a-z0-9_-]{1,32}")  # link services and credit roles
# Any character str.isspace() calls a space (re's \s is the same Unicode test), in one C scan.
SPACE = re.compile(r"\s")
MAX_QUOTED = 80  # of a bad value quoted back in a problem line


@dataclass
class Report:
    """The problems of one file, in the order they were found.

    Line numbers are only needed once something is wrong, so the file's text is scanned for
    them on the first problem: valid files (every import of a big set) skip the scan.
    """

    file: str
    text: str
    problems: list[Problem] = field(default_factory=list)

    @cached_property
    def lines(self) -> LineIndex:
        return LineIndex(self.text)

    def add(self, path: Path, name: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.lines.line(path), name, message))


@dataclass
class Fields:
    table: dict[str, Any]
    name: str
    path: Path
    report: Report

    def problem(self, key: str | None, message: str, *sub: str) -> None:
        keys = [k for k in (key, *sub) if k is not None]
        label = ".".join(short(k) for k in (self.name, *keys) if k)
        self.report.add((*self.path, *keys), label, message)

    def reject_unknown(self, allowed: Iterable[str]) -> None:
        allowed = list(allowed)
        for key in self.table:
            if key not in allowed:
                harm = refusal(key)
                hint = f"; it {harm}" if harm else suggestion(key, allowed)
                self.problem(key, f"unknown key{hint}")

    def get(self, key: str, *, required: bool = False) -> Any:
        value = self.table.get(key)
        if value is None and required:
            self.problem(key, Message(N_("is required")))
        return value

    def text(
        self,
        key: str,
        *,
        required: bool = False,
        limit: int = MAX_TITLE,
        newlines: bool = False,
    ) -> str | None:
        """A non-empty string of at most ``limit`` characters; line breaks only if ``newlines``."""
        value = self.get(key, required=required)
        if value is None:
            return None
        return self._check_text(key, value, limit, newlines=newlines)

    def _check_text(
        self, key: str, value: Any, limit: int, *sub: str, newlines: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"must be a string, not {describe(value)}", *sub)
            return None
        if len(value) > limit:
            self.problem(key, _too_long(len(value), limit), *sub)
            return None
        harm = refusal(value, newlines=newlines)
        if harm is not None:
            self.problem(key, harm, *sub)
            return None
        if not value.strip():
            self.problem(key, Message(N_("must not be empty")), *sub)
            return None
        return value

    def slug(self, key: str) -> str | None:
        value = self.text(key, required=True, limit=MAX_SLUG)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(key, f"{quote(value)} is not a slug: use only a-z, 0-9 and -")
            return None
        return value

    def integer(self, key: str, *, low: int, high: int) -> int | None:
        value = self.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"must be a whole number, not {describe(value)}")
            return None
        if not low <= value <= high:
            self.problem(
                key,
                Message(
                    N_("%(value)s is out of range (%(low)s to %(high)s)"),
                    value=value,
                    low=low,
                    high=high,
                ),
            )
            return None
        return value

    def names(self, key: str, *, required: bool = False) -> tuple[str, ...] | None:
        value = self.get(key, required=required)
        if value is None:
            return None
        return self.check_names(key, value, required=required)

    def check_names(
        self, key: str, value: Any, *sub: str, required: bool
    ) -> tuple[str, ...] | None:
        if not isinstance(value, list):
            self.problem(key, f"must be a list of names, not {describe(value)}", *sub)
            return None
        if required and not value:
            self.problem(key, Message(N_("must name at least one")), *sub)
            return None
        if len(value) > MAX_ITEMS:
            self.problem(key, _too_many(len(value)), *sub)
            return None
        names: list[str] = []
        failed = False  # every name is still checked: the report names all the problems
        for item in value:
            name = self._check_text(key, item, MAX_NAME, *sub)
            if name is None:
                failed = True
            else:
                names.append(name)
        return None if failed else tuple(names)

    def url(self, key: str, value: Any, *sub: str) -> str | None:
        if not isinstance(value, str):
            self.problem(key, f"must be an https:// URL string, not {describe(value)}", *sub)
            return None
        if len(value) > MAX_URL:
            self.problem(key, _too_long(len(value), MAX_URL), *sub)
            return None
        wrong = url_problem(value)
        if wrong is not None:
            self.problem(key, wrong, *sub)
            return None
        return value

    def urls(self, key: str) -> tuple[str, ...] | None:
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.problem(key, f"must be a list of https:// URLs, not {describe(value)}")
            return None
        checked = [self.url(key, item) for item in value]
        return None if None in checked else tuple(c for c in checked if c)

    def mapping(
        self, key: str, read: Callable[[str, Any], Any], *, kind: str
    ) -> list[tuple[str, Any]] | None:
        """A ``{name = value}`` table whose names are slugs, each value read by ``read``."""
        value = self.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"must be a table of {kind}, not {describe(value)}")
            return None
        if len(value) > MAX_ITEMS:
            self.problem(key, _too_many(len(value)))
            return None
        items: list[tuple[str, Any]] = []
        failed = False  # every entry is still read: the report names all the problems
        for name, item in value.items():
            harm = refusal(name)
            if harm is not None:
                self.problem(key, f"the name {quote(name)} {harm}", name)
                failed = True
                continue
            if not KEY_NAME.fullmatch(name):
                self.problem(key, f"{quote(name)} is not a valid name: use a-z, 0-9, _ and -", name)
                failed = True
                continue
            read_value = read(name, item)
            if read_value is None:
                failed = True
            items.append((name, read_value))
        return None if failed else items

    def choice(self, key: str, choices: list[str], default: str) -> str | None:
        value = self.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or value not in choices:
            hint = suggestion(str(value), choices) or f" (one of: {', '.join(choices)})"
            self.problem(key, f"{quote(value)} is not a valid {key}{hint}")
            return None
        return value


def url_problem(value: str) -> str | None:
    """Why ``value`` is not a link ostbot posts, or None: https://, a host name with a dot,
    no user name or password, no spaces, no control or invisible characters."""
    found = HTTPS_URL.fullmatch(value)
    if found is None:
        return Message(N_("%(value)s is not an https:// URL"), value=quote(value))
    harm = refusal(value)
    if harm is not None:
        return harm
    if SPACE.search(value):
        return Message(N_("%(value)s contains a space; write it as %%20"), value=quote(value))
    if "\\" in value:  # browsers read it as "/", so the host would not be the one shown
        return Message(N_('%(value)s contains a backslash; links use "/"'), value=quote(value))
    authority = found.group("authority")
    if "@" in authority:
        return Message(
            N_("%(value)s carries a user name or password (user@); leave it out"),
            value=quote(value),
        )
    host = HOST.fullmatch(authority)
    if host is None or not _port_ok(authority):
        return Message(
            N_(
                "%(value)s has no valid host name: give a full one, "
                "such as https://www.youtube.com/..."
            ),
            value=quote(value),
        )
    return None


def _too_long(length: int, limit: int) -> Message:
    return Message(
        N_("is %(length)s characters long; the limit is %(limit)s"), length=length, limit=limit
    )


def _too_many(count: int) -> Message:
    return Message(
        N_("has %(count)s entries; the limit is %(limit)s"), count=count, limit=MAX_ITEMS
    )


def _port_ok(authority: str) -> bool:
    _, colon, port = authority.rpartition(":")
    return not colon or not port.isdigit() or 1 <= int(port) <= 65535


def short(name: str) -> str:
    """A key as a problem line names it: at most ``MAX_QUOTED`` characters."""
    return name if len(name) <= MAX_QUOTED else name[: MAX_QUOTED - 1] + "…"


def suggestion(word: str, choices: Iterable[str]) -> str:
    if len(word) > MAX_QUOTED:  # difflib is quadratic; nothing that long is a near miss
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quote(match[0])}?)" if match else ""


def quote(value: Any) -> str:
    """A value as a curator would write it in TOML: strings in double quotes, shortened to
    ``MAX_QUOTED`` characters, control and invisible characters as escapes (``\\u001b``)."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > MAX_QUOTED:
        text = text[: MAX_QUOTED - 1] + "…"
    if not isinstance(value, str):
        return printable(text)
    return json_printable(json.dumps(text, ensure_ascii=False))


def describe(value: Any) -> str:
    """How a TOML value's type reads to a curator."""
    match value:
        case bool():
            return "a boolean"
        case int():
            return "a number"
        case float():
            return "a decimal number"
        case str():
            return "a string"
        case list():
            return "a list"
        case dict():
            return "a table"
        case datetime():
            return "a date-time"
        case date():
            return "a date"
        case time():
            return "a time of day"
    return type(value).__name__
