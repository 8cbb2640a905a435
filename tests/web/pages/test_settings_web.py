"""The web settings: OSTBOT_WEB_LISTEN and OSTBOT_PUBLIC_URL, checked like every setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.errors import OstbotError
from bot.settings import Settings, web_public_url
from bot.web.listen import Listen, parse_listen


def test_both_are_unset_by_default():
    """No OSTBOT_WEB_LISTEN: the bot serves no pages; no public address."""
    settings = Settings.from_env({}, env_file=None)
    assert (settings.web_listen, settings.public_url) == (None, None)


def test_both_are_read_and_parsed():
    """HOST:PORT becomes a Listen; the public address loses its trailing slash."""
    settings = Settings.from_env(
        {"OSTBOT_WEB_LISTEN": "0.0.0.0:8080", "OSTBOT_PUBLIC_URL": "https://ost.example.org/"},
        env_file=None,
    )
    assert settings.web_listen == Listen("0.0.0.0", 8080)  # noqa: S104 - a value, not a bind
    assert settings.public_url == "https://ost.example.org"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("127.0.0.1:8080", Listen("127.0.0.1", 8080)),
        (" localhost:80 ", Listen("localhost", 80)),
        ("[::1]:8443", Listen("::1", 8443)),
        ("127.0.0.1:0", Listen("127.0.0.1", 0)),
    ],
)
def test_listen_values(text, expected):
    """HOST:PORT with a name, an IPv4 or a bracketed IPv6 address; port 0 picks a free one."""
    assert parse_listen(text) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OSTBOT_WEB_LISTEN", "8080", "must be HOST:PORT"),
        ("OSTBOT_WEB_LISTEN", "host:\uff18\uff10", "must be a number from 0 to 65535"),
        ("OSTBOT_PUBLIC_URL", "ost.example.org", "expected the web's public address"),
        ("OSTBOT_PUBLIC_URL", "https://user:pw@x.org", "expected the web's public address"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(name, value, message):
    """A bad web setting stops start-up with one line: the variable, its value, why."""
    with pytest.raises(OstbotError) as raised:
        Settings.from_env({name: value}, env_file=None)
    assert str(raised.value).startswith(f"{name}={value!r}: ")
    assert message in str(raised.value)


def test_ostbot_web_reads_the_public_url_from_the_env_file(tmp_path: Path, monkeypatch):
    """``ostbot web`` takes OSTBOT_PUBLIC_URL from .env too, checked the same way."""
    monkeypatch.delenv("OSTBOT_PUBLIC_URL", raising=False)
    env_file = tmp_path / ".env"
    env_file.write_text("OSTBOT_PUBLIC_URL=http://127.0.0.1:9000/ost/\n")
    assert web_public_url(env_file) == "http://127.0.0.1:9000/ost"
    env_file.write_text("OSTBOT_PUBLIC_URL=nope\n")
    with pytest.raises(OstbotError, match=r"^OSTBOT_PUBLIC_URL='nope': "):
        web_public_url(env_file)
