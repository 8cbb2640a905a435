"""``Settings``: what ``ostbot run`` reads from the environment and ``.env``, checked once.

Each value comes from the environment, else from the ``.env`` file, else its default. An empty
value counts as unset (``.env.example`` ships ``DISCORD_TOKEN=``), except for
``OSTBOT_SCHEDULES``, where an explicit empty value turns the start-up import off and unset
means the schedules shipped with ostbot. ``.env`` is read with ``dotenv_values``, so
``os.environ`` is never changed. A bad value raises ``OstbotError`` with one line naming the
variable (and never showing the token). ``SETTINGS`` is the table ``ostbot run --help`` and the
README show.
"""

from __future__ import annotations

import math
import os
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Self, TypeVar
from urllib.parse import urlsplit

from bot.discord_endpoints import check_api_base, check_gateway_url
from bot.domain.errors import OstbotError
from bot.env_file import merged as _merged
from bot.env_file import raw_setting
from bot.env_file import read_env_file as _read_env_file
from bot.shards import Shards, checked, parse_count, parse_ids
from bot.store_targets import masked, parse_target
from bot.web.listen import Listen, parse_listen

T = TypeVar("T")

DEFAULT_DB = "ostbot.sqlite3"
# Discord allows 50 requests/s per bot, counted as requests reach it. Sent evenly at 45/s, the
# network's jitter (the fake's model: 40 ms median, 250 ms p99 one way) lands 51 in some second
# in 1 of 5 fan-outs of 2,000 posts; at 43/s in none of 200 (benchmarks/jitter_429s.py). A
# global 429 is an invalid request that discord.py only reacts to after the fact.
DEFAULT_RATE = 43.0
DISCORD_RATE_LIMIT = 50.0
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# The schedules shipped with ostbot: bot/shipped_schedules is a link to the repository's
# schedules/ folder in a checkout (and an editable install), and a copy in a built wheel.
SHIPPED_SCHEDULES = Path(__file__).resolve().parent / "shipped_schedules"
_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")

# (variable, default, meaning): ``ostbot run --help`` prints it; the README's table matches it.
SETTINGS = (
    ("DISCORD_TOKEN", "(required)", "the bot's token from the developer portal's Bot page"),
    (
        "OSTBOT_DB",
        DEFAULT_DB,
        "the SQLite store file, created on first use, or a postgresql:// URL (also --db's default)",
    ),
    (
        "OSTBOT_SCHEDULES",
        "the shipped schedules",
        "schedule file or folder imported at every start; set it empty to import none",
    ),
    (
        "OSTBOT_RATE",
        "43",
        "REST requests per second for the whole bot (Discord allows 50); a process serving "
        "some of the shards paces at its share",
    ),
    ("OSTBOT_RATE_OVERRIDE", "0", "1 allows OSTBOT_RATE above 50 (a bot with a raised limit)"),
    ("OSTBOT_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING, ERROR or CRITICAL; logs go to stderr"),
    ("OSTBOT_DEV_GUILD", "(none)", "a server id: sync slash commands to that server only"),
    (
        "OSTBOT_WEB_LISTEN",
        "(none)",
        "HOST:PORT: also serve the web pages from the bot process (as `ostbot web`), e.g. "
        "127.0.0.1:8080",
    ),
    (
        "OSTBOT_SHARD_COUNT",
        "(none)",
        "the bot's number of gateway shards, the same on every process; unset: one connection",
    ),
    (
        "OSTBOT_SHARD_IDS",
        "all of them",
        "the shards this process serves, e.g. 0,1 (needs OSTBOT_SHARD_COUNT)",
    ),
    (
        "OSTBOT_PUBLIC_URL",
        "(none)",
        "the web server's public address, e.g. https://ost.example.org, for the links ostbot shows",
    ),
    ("DISCORD_API_BASE", "Discord's", "REST base URL up to the API version (a proxy, a fake)"),
    ("DISCORD_GATEWAY_URL", "Discord's", "gateway WebSocket URL (ws:// or wss://)"),
)


@dataclass(frozen=True)
class Settings:
    """The bot's configuration. Build it with :meth:`from_env`; tests may build it directly."""

    token: str | None = None
    db_path: Path | str = Path(DEFAULT_DB)  # a SQLite file, or a postgresql:// URL
    schedules: Path | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    rate_per_second: float = DEFAULT_RATE
    web_listen: Listen | None = None  # None: the bot serves no web pages
    log_level: str = "INFO"
    dev_guild: int | None = None
    shards: Shards | None = None  # None: one gateway connection, unsharded
    # The web's address as readers reach it (behind the reverse proxy), without a trailing
    # slash; None: the web is not configured, and commands show no web links.
    public_url: str | None = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: Path | None = Path(".env"),
    ) -> Self:
        """Settings from ``environ`` (default ``os.environ``), then ``env_file`` if it exists."""
        environ = os.environ if environ is None else environ
        from_file = _read_env_file(env_file)
        values = _merged(environ, from_file)

        def get(name: str, parse: Callable[[str], T], default: T) -> T:
            raw = values.get(name)
            if raw is None:
                return default
            try:
                return parse(raw)
            except ValueError as error:
                raise OstbotError(f"{name}={raw!r}: {error}") from None

        default_store: Path | str = Path(DEFAULT_DB)
        override = get("OSTBOT_RATE_OVERRIDE", _switch, False)
        rate = get("OSTBOT_RATE", _rate, DEFAULT_RATE)
        if rate > DISCORD_RATE_LIMIT and not override:
            raise OstbotError(
                f"OSTBOT_RATE={values['OSTBOT_RATE']!r}: above Discord's limit of "
                f"{DISCORD_RATE_LIMIT:g} requests per second; set OSTBOT_RATE_OVERRIDE=1 only "
                "if Discord raised your bot's limit"
            )
        try:  # the ids must fit the count (bot.shards)
            shards = checked(
                get("OSTBOT_SHARD_COUNT", parse_count, None),
                get("OSTBOT_SHARD_IDS", parse_ids, None),
            )
        except ValueError as error:
            raw = values["OSTBOT_SHARD_IDS"]
            raise OstbotError(f"OSTBOT_SHARD_IDS={raw!r}: {error}") from None
        return cls(
            token=_token(values.get("DISCORD_TOKEN")),
            db_path=get("OSTBOT_DB", parse_target, default_store),
            schedules=_schedules(environ, from_file),
            api_base=get("DISCORD_API_BASE", check_api_base, None),
            gateway_url=get("DISCORD_GATEWAY_URL", check_gateway_url, None),
            rate_per_second=rate,
            web_listen=get("OSTBOT_WEB_LISTEN", parse_listen, None),
            log_level=get("OSTBOT_LOG_LEVEL", _log_level, "INFO"),
            dev_guild=get("OSTBOT_DEV_GUILD", _snowflake, None),
            shards=shards,
            public_url=get("OSTBOT_PUBLIC_URL", public_url, None),
        )

    @property
    def process_rate(self) -> float:
        """The REST requests per second this process may send: ``OSTBOT_RATE`` times its share of
        the shards (``OSTBOT_SHARD_IDS`` of ``OSTBOT_SHARD_COUNT``); all of it when the process
        serves every shard or the bot is not sharded.

        Discord's limit is per bot token, not per process. Splitting it by a fixed share needs no
        talk between processes and can never add up to more than ``OSTBOT_RATE``, as long as
        each shard is served by one process; what it costs is that a share a process does not
        use (it has nothing to send) is lost rather than lent to the others.
        """
        if self.shards is None:
            return self.rate_per_second
        return self.rate_per_second * len(self.shards.ids) / self.shards.count

    def describe_pace(self) -> str:
        """The pace for the start-up log: ``43 requests/s``, or with a share of the shards
        ``21.5 requests/s (OSTBOT_RATE=43 * 2/4: this process serves shards 0, 1 of 4)``."""
        pace = f"{self.process_rate:g} requests/s"
        if self.shards is None or len(self.shards.ids) == self.shards.count:
            return pace
        share = f"{len(self.shards.ids)}/{self.shards.count}"
        return (
            f"{pace} (OSTBOT_RATE={self.rate_per_second:g} * {share}: this process serves "
            f"{self.shards.describe()})"
        )

    def require_token(self) -> str:
        """The token, or an ``OstbotError`` saying where to put it."""
        if not self.token:
            raise OstbotError(
                "DISCORD_TOKEN is not set: put the bot's token in the environment or in .env "
                "(see .env.example)"
            )
        return self.token

    def __repr__(self) -> str:
        # Settings get logged and shown in tracebacks; the token and the store's password must
        # never be among them.
        shown = []
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "token" and value is not None:
                value = "***"
            elif field.name == "db_path" and isinstance(value, str):
                value = masked(value)
            shown.append(f"{field.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    __str__ = __repr__


def web_public_url(env_file: Path | None = Path(".env")) -> str | None:
    """``OSTBOT_PUBLIC_URL`` checked, for ``ostbot web`` (which reads no other setting)."""
    raw = raw_setting("OSTBOT_PUBLIC_URL", env_file)
    if raw is None:
        return None
    try:
        return public_url(raw)
    except ValueError as error:
        raise OstbotError(f"OSTBOT_PUBLIC_URL={raw!r}: {error}") from None


def _schedules(environ: Mapping[str, str], from_file: Mapping[str, str | None]) -> Path | None:
    """Unset: the shipped schedules. Set empty (environment first, then .env): none."""
    for source in (environ, from_file):
        if "OSTBOT_SCHEDULES" in source:
            value = (source["OSTBOT_SCHEDULES"] or "").strip()
            return Path(value) if value else None
    return SHIPPED_SCHEDULES


def _token(value: str | None) -> str | None:
    """The token as given, if it could be one: a pasted newline or space would otherwise reach
    the HTTP header (a traceback) or be refused as a wrong token. Never echoes the token."""
    if value is None:
        return None
    for position, char in enumerate(value, start=1):
        if char.isspace() or unicodedata.category(char).startswith("C"):
            raise OstbotError(
                f"DISCORD_TOKEN: character {position} of {len(value)} is whitespace or a "
                "control character; copy the token again from the developer portal's Bot page"
            )
    return value


def public_url(text: str) -> str:
    """``text`` without a trailing slash if it is an http(s) address with a host and no query,
    fragment or user name (the links made from it are shown to everyone); else ValueError."""
    wanted = (
        "expected the web's public address, an http(s) URL such as https://ost.example.org "
        "(no ?query, #fragment or user name)"
    )
    try:
        url = check_api_base(text)  # the same rules as a REST base: http(s), a host, no query
    except ValueError:
        raise ValueError(wanted) from None
    if urlsplit(url).username is not None:
        raise ValueError(wanted)
    return url


def _switch(text: str) -> bool:
    value = text.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ValueError("must be 1 or 0")


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError("must be a number of requests per second, e.g. 45") from None
    if not math.isfinite(value) or value <= 0:
        raise ValueError("must be a positive number of requests per second")
    return value


def _log_level(text: str) -> str:
    level = text.strip().upper()
    if level not in LOG_LEVELS:
        raise ValueError(f"must be one of {', '.join(LOG_LEVELS)}")
    return level


def _snowflake(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ValueError("must be a guild id (a number)") from None
    if not 0 < value < 2**63:
        raise ValueError("must be a guild id (a positive number, as Discord shows it)")
    return value
