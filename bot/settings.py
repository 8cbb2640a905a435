"""``Settings``: what ``ostbot run`` reads from the environment and ``.env``, checked once.

Each value comes from the environment, else from the ``.env`` file, else its default. An empty
value counts as unset (``.env.example`` ships ``DISCORD_TOKEN=``). ``.env`` is read with
``dotenv_values``, so ``os.environ`` is never changed. A bad value raises ``OstbotError`` with
one line naming the variable.

| variable              | field             | default          |
|-----------------------|-------------------|------------------|
| DISCORD_TOKEN         | token             | (required to run)|
| OSTBOT_DB             | db_path           | ostbot.sqlite3   |
| OSTBOT_SCHEDULES      | schedules         | none             |
| DISCORD_API_BASE      | api_base          | discord.com      |
| DISCORD_GATEWAY_URL   | gateway_url       | Discord's        |
| OSTBOT_RATE           | rate_per_second   | 45.0             |
| OSTBOT_LOG_LEVEL      | log_level         | INFO             |
| OSTBOT_DEV_GUILD      | dev_guild         | none (global)    |
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Self, TypeVar

from dotenv import dotenv_values

from bot.discord_endpoints import check_api_base, check_gateway_url
from bot.domain.errors import OstbotError

T = TypeVar("T")

DEFAULT_DB = "ostbot.sqlite3"
# Discord allows about 50 requests/s per bot; the margin keeps the announcer clear of a global
# 429 (which discord.py only reacts to after the fact).
DEFAULT_RATE = 45.0
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class Settings:
    """The bot's configuration. Build it with :meth:`from_env`; tests may build it directly."""

    token: str | None = None
    db_path: Path = Path(DEFAULT_DB)
    schedules: Path | None = None
    api_base: str | None = None
    gateway_url: str | None = None
    rate_per_second: float = DEFAULT_RATE
    log_level: str = "INFO"
    dev_guild: int | None = None

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: Path | None = Path(".env"),
    ) -> Self:
        """Settings from ``environ`` (default ``os.environ``), then ``env_file`` if it exists."""
        values = _merged(os.environ if environ is None else environ, env_file)

        def get(name: str, parse: Callable[[str], T], default: T) -> T:
            raw = values.get(name)
            if raw is None:
                return default
            try:
                return parse(raw)
            except ValueError as error:
                raise OstbotError(f"{name}={raw!r}: {error}") from None

        return cls(
            token=values.get("DISCORD_TOKEN"),
            db_path=get("OSTBOT_DB", Path, Path(DEFAULT_DB)),
            schedules=get("OSTBOT_SCHEDULES", Path, None),
            api_base=get("DISCORD_API_BASE", check_api_base, None),
            gateway_url=get("DISCORD_GATEWAY_URL", check_gateway_url, None),
            rate_per_second=get("OSTBOT_RATE", _rate, DEFAULT_RATE),
            log_level=get("OSTBOT_LOG_LEVEL", _log_level, "INFO"),
            dev_guild=get("OSTBOT_DEV_GUILD", _snowflake, None),
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
        # Settings get logged and shown in tracebacks; the token must never be among them.
        shown = []
        for field in fields(self):
            value = getattr(self, field.name)
            if field.name == "token" and value is not None:
                value = "***"
            shown.append(f"{field.name}={value!r}")
        return f"Settings({', '.join(shown)})"

    __str__ = __repr__


def raw_setting(name: str, env_file: Path | None = Path(".env")) -> str | None:
    """One variable as ``from_env`` would see it (environment first, then .env), unparsed.

    For the CLI's defaults: ``ostbot import`` must use the same store file as ``ostbot run``.
    """
    return _merged(os.environ, env_file).get(name)


def _merged(environ: Mapping[str, str], env_file: Path | None) -> dict[str, str]:
    """Non-empty values, the environment's over the file's."""
    from_file = dotenv_values(env_file) if env_file is not None and env_file.is_file() else {}
    merged = {k: v for k, v in from_file.items() if v}
    merged.update({k: v for k, v in environ.items() if v})
    return merged


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
    if value <= 0:
        raise ValueError("must be a guild id (a positive number)")
    return value
