"""A store is a SQLite path or a PostgreSQL URL; a URL is shown without its password."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from bot.store_targets import is_url, masked, parse_target, password_of


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://bot:pw@db:5432/ostbot", "postgresql://bot:***@db:5432/ostbot"),
        ("postgres://bot:p%40ss@db/ostbot", "postgres://bot:***@db/ostbot"),
        (
            "postgresql://bot@db/ostbot?password=pw&sslmode=require",
            "postgresql://bot@db/ostbot?password=***&sslmode=require",
        ),
        ("postgresql:///ostbot", "postgresql:///ostbot"),
        ("ostbot.sqlite3", "ostbot.sqlite3"),
    ],
)
def test_a_password_is_masked_wherever_the_url_holds_it(url, shown):
    """user:password@ and ?password= are both masked; a URL without one and a path unchanged."""
    assert masked(url) == shown


def test_the_password_is_read_decoded_for_scrubbing():
    """The driver's messages could quote the password as typed: it is known decoded."""
    assert password_of("postgres://bot:p%40ss@db/ostbot") == "p@ss"
    assert password_of("postgresql://bot@db/x?password=pw") == "pw"
    assert password_of("postgresql://bot@db/x") == ""


def test_urls_stay_text_and_paths_become_paths():
    """Only postgresql:// and postgres:// URLs are URLs; anything else is a SQLite path."""
    assert parse_target("postgresql://db/x") == "postgresql://db/x"
    assert parse_target("POSTGRES://db/x") == "POSTGRES://db/x"
    assert parse_target("data/ostbot.sqlite3") == Path("data/ostbot.sqlite3")
    assert not is_url(Path("postgresql:/db"))


def test_settings_take_a_url_and_never_show_its_password(tmp_path):
    """OSTBOT_DB may be a URL; Settings' repr masks its password as it masks the token."""
    url = "postgresql://bot:hunter2@db.example:5432/ostbot"
    settings = Settings.from_env({"OSTBOT_DB": url, "DISCORD_TOKEN": "t0k"}, env_file=None)
    assert settings.db_path == url
    assert "hunter2" not in repr(settings)
    assert "postgresql://bot:***@db.example:5432/ostbot" in repr(settings)
