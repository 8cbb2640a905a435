"""Settings: the environment over .env over defaults, every bad value one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.domain.errors import OstbotError
from bot.settings import DEFAULT_RATE, Settings

REPO = Path(__file__).resolve().parents[2]
TOKEN = "MTIz.secret-token-value.xyz"


def write_env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_defaults_when_nothing_is_set(tmp_path):
    """With no environment and no .env every field has its documented default."""
    settings = Settings.from_env({}, tmp_path / ".env")
    assert settings == Settings()
    assert settings.db_path == Path("ostbot.sqlite3")
    assert settings.rate_per_second == DEFAULT_RATE == 45.0
    assert settings.log_level == "INFO"
    assert (settings.token, settings.schedules, settings.dev_guild) == (None, None, None)


def test_every_variable_is_read_from_the_environment():
    """Each variable lands in its field, parsed to its type."""
    settings = Settings.from_env(
        {
            "DISCORD_TOKEN": TOKEN,
            "OSTBOT_DB": "/var/lib/ostbot/db.sqlite3",
            "OSTBOT_SCHEDULES": "schedules",
            "DISCORD_API_BASE": "http://127.0.0.1:8080/api/v10/",
            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:8080/gateway",
            "OSTBOT_RATE": "12.5",
            "OSTBOT_LOG_LEVEL": "debug",
            "OSTBOT_DEV_GUILD": "123456789012345678",
        },
        env_file=None,
    )
    assert settings == Settings(
        token=TOKEN,
        db_path=Path("/var/lib/ostbot/db.sqlite3"),
        schedules=Path("schedules"),
        api_base="http://127.0.0.1:8080/api/v10",
        gateway_url="ws://127.0.0.1:8080/gateway",
        rate_per_second=12.5,
        log_level="DEBUG",
        dev_guild=123456789012345678,
    )


def test_env_file_fills_in_and_the_environment_wins(tmp_path):
    """.env supplies what the environment lacks; a variable set in both takes the environment's."""
    env_file = write_env(tmp_path, f"DISCORD_TOKEN={TOKEN}\nOSTBOT_RATE=10\nOSTBOT_DB=file.db\n")
    settings = Settings.from_env({"OSTBOT_RATE": "20"}, env_file)
    assert settings.token == TOKEN
    assert settings.rate_per_second == 20.0
    assert settings.db_path == Path("file.db")


def test_empty_values_count_as_unset(tmp_path):
    """An empty variable (as .env.example ships DISCORD_TOKEN=) falls through to .env/default."""
    env_file = write_env(tmp_path, "DISCORD_TOKEN=\nOSTBOT_RATE=7\n")
    settings = Settings.from_env({"OSTBOT_RATE": ""}, env_file)
    assert settings.token is None
    assert settings.rate_per_second == 7.0


def test_reading_env_file_leaves_os_environ_alone(tmp_path, monkeypatch):
    """.env values are read, never exported into os.environ."""
    monkeypatch.delenv("OSTBOT_DEV_GUILD", raising=False)
    env_file = write_env(tmp_path, "OSTBOT_DEV_GUILD=42\n")
    assert Settings.from_env(None, env_file).dev_guild == 42
    assert "OSTBOT_DEV_GUILD" not in os.environ


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OSTBOT_RATE", "fast", "OSTBOT_RATE='fast': must be a number of requests per second"),
        ("OSTBOT_RATE", "0", "OSTBOT_RATE='0': must be a positive number"),
        ("OSTBOT_RATE", "nan", "OSTBOT_RATE='nan': must be a positive number"),
        ("OSTBOT_LOG_LEVEL", "loud", "OSTBOT_LOG_LEVEL='loud': must be one of DEBUG, INFO"),
        ("OSTBOT_DEV_GUILD", "fans", "OSTBOT_DEV_GUILD='fans': must be a guild id"),
        ("OSTBOT_DEV_GUILD", "-4", "OSTBOT_DEV_GUILD='-4': must be a guild id"),
        ("DISCORD_API_BASE", "discord.com/api", "DISCORD_API_BASE='discord.com/api': expected"),
        ("DISCORD_GATEWAY_URL", "http://x/gw", "DISCORD_GATEWAY_URL='http://x/gw': expected a ws"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(name, value, message):
    """A value that does not parse raises OstbotError: one line, variable first."""
    with pytest.raises(OstbotError) as raised:
        Settings.from_env({name: value}, env_file=None)
    text = str(raised.value)
    assert text.startswith(message)
    assert "\n" not in text


def test_missing_token_is_a_clear_error():
    """require_token() says where the token goes when it is not set."""
    with pytest.raises(OstbotError, match=r"^DISCORD_TOKEN is not set: .*\.env"):
        Settings().require_token()
    assert Settings(token=TOKEN).require_token() == TOKEN


def test_repr_never_shows_the_token():
    """repr() and str() mask the token; the other fields stay readable."""
    settings = Settings(token=TOKEN, rate_per_second=3.0)
    for text in (repr(settings), str(settings), f"{settings}", repr([settings])):
        assert TOKEN not in text
        assert "token='***'" in text
        assert "rate_per_second=3.0" in text
    assert "token=None" in repr(Settings())


VARIABLES = (
    "DISCORD_TOKEN",
    "OSTBOT_DB",
    "OSTBOT_SCHEDULES",
    "OSTBOT_RATE",
    "OSTBOT_LOG_LEVEL",
    "OSTBOT_DEV_GUILD",
    "DISCORD_API_BASE",
    "DISCORD_GATEWAY_URL",
)


@pytest.mark.parametrize("document", ["README.md", ".env.example"])
def test_every_variable_is_documented(document):
    """The README's settings table and .env.example name every variable Settings reads."""
    text = (REPO / document).read_text()
    source = (REPO / "bot" / "settings.py").read_text()
    for name in VARIABLES:
        assert f'"{name}"' in source
        assert name in text, f"{name} missing from {document}"


def test_env_example_parses_to_the_defaults(tmp_path):
    """.env.example as shipped (token aside) gives exactly the default settings."""
    assert Settings.from_env({}, REPO / ".env.example") == Settings()
