"""Where a store is: a SQLite file path, or a ``postgresql://`` URL; and how to show a URL
without its password (it must never reach a log or an error message).

Outside ``bot.store`` so that the settings can parse ``OSTBOT_DB`` without loading the store
(the command line reads settings for every command, most of which never open a store).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

StoreTarget = str | os.PathLike[str]

URL_SCHEMES = ("postgresql://", "postgres://")
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)[^&#]*")


def is_url(target: StoreTarget) -> bool:
    """Whether ``target`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(target, str) and target.lower().startswith(URL_SCHEMES)


def parse_target(text: str) -> str | Path:
    """A setting's text as a store target: a URL stays text, anything else is a path."""
    return text if is_url(text) else Path(text)


def password_of(url: str) -> str:
    """The URL's password (from ``user:password@`` or ``?password=``), or ""."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    if password:
        return unquote(password)
    found = re.search(r"(?i)[?&]password=([^&#]*)", url)
    return unquote(found.group(1)) if found else ""


def masked(target: StoreTarget) -> str:
    """``target`` for a message: a URL's password replaced by ``***``; a path as it is."""
    text = os.fspath(target)
    if not is_url(text):
        return text
    scheme, _, rest = text.partition("://")
    authority, slash, tail = rest.partition("/")
    user, at, host = authority.rpartition("@")
    if at and ":" in user:
        authority = f"{user.split(':', 1)[0]}:***@{host}"
    return _QUERY_PASSWORD.sub(r"\1***", f"{scheme}://{authority}{slash}{tail}")
