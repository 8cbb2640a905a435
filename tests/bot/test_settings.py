"""Settings: the environment over .env over defaults, every bad value one clear line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.domain.errors import OstbotError
from bot.settings import DEFAULT_RATE, SETTINGS, SHIPPED_SCHEDULES, Settings
from bot.shards import Shards

REPO = Path(__file__).resolve().parents[2]
TOKEN = "MTIz.secret-token-value.xyz"


def write_env(tmp_path: Path, text: str) -> Path:
    path = tmp_path / ".env"
    path.write_text(text)
    return path


def test_defaults_when_nothing_is_set(tmp_path):
    """With no environment and no .env every field has its documented default."""
    settings = Settings.from_env({}, tmp_path / ".env")
    assert settings == Settings(schedules=SHIPPED_SCHEDULES)
    assert settings.db_path == Path("ostbot.sqlite3")
    assert settings.rate_per_second == DEFAULT_RATE == 43.0
    assert settings.log_level == "INFO"
    assert (settings.token, settings.dev_guild, settings.shards) == (None, None, None)


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
            "OSTBOT_SHARD_COUNT": "4",
            "OSTBOT_SHARD_IDS": "3,1",
            "OSTBOT_PUBLIC_URL": "https://ost.example.org/",
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
        shards=Shards(4, (1, 3)),
        public_url="https://ost.example.org",
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
        *(
            ("OSTBOT_PUBLIC_URL", url, f"OSTBOT_PUBLIC_URL={url!r}: expected the web's public")
            for url in (
                "ost.example.org",
                "ftp://x.org",
                "https://x.org/?a=1",
                "https://x.org/#f",
                "https://me@x.org",
                "https://",
                "https://a b.org",
            )
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(name, value, message):
    """A value that does not parse raises OstbotError: one line, variable first."""
    with pytest.raises(OstbotError) as raised:
        Settings.from_env({name: value}, env_file=None)
    text = str(raised.value)
    assert text.startswith(message)
    assert "\n" not in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://ost.example.org/", "https://ost.example.org"),
        ("http://127.0.0.1:8080/ost", "http://127.0.0.1:8080/ost"),
        (" https://ost.example.org ", "https://ost.example.org"),
    ],
)
def test_the_public_url_is_kept_without_a_trailing_slash(value, expected):
    """OSTBOT_PUBLIC_URL: an http(s) address, stored as links are built from it."""
    assert Settings.from_env({"OSTBOT_PUBLIC_URL": value}, env_file=None).public_url == expected
    assert Settings.from_env({}, env_file=None).public_url is None


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
    "OSTBOT_RATE_OVERRIDE",
    "OSTBOT_LOG_LEVEL",
    "OSTBOT_WEB_LISTEN",
    "OSTBOT_DEV_GUILD",
    "OSTBOT_SHARD_COUNT",
    "OSTBOT_SHARD_IDS",
    "OSTBOT_PUBLIC_URL",
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
    assert Settings.from_env({}, REPO / ".env.example") == Settings.from_env({}, None)


@pytest.mark.parametrize(
    "token",
    [
        *(f"{TOKEN}\n", f" {TOKEN}", f"{TOKEN} ", "MTIz.se cret.xyz", "MTIz.\tx", "MTIz\x00x"),
        *("MTIz\x7fb", "MTIz\u200bx", "MTIz\r\nX-Evil: 1", "\u00a0MTIz"),
    ],
)
def test_a_token_with_whitespace_or_control_characters_is_refused(token):
    """A pasted newline, space or control character: one line that never shows the token."""
    with pytest.raises(OstbotError) as raised:
        Settings.from_env({"DISCORD_TOKEN": token}, env_file=None)
    text = str(raised.value)
    assert text.startswith("DISCORD_TOKEN: character ")
    assert "whitespace or a control character" in text
    assert "\n" not in text
    assert "MTIz" not in text


@pytest.mark.parametrize("rate", ["50.01", "51", "1000", "1e9"])
def test_a_rate_above_discords_limit_needs_the_override(rate):
    """OSTBOT_RATE above 50 is refused in one line naming the override; with it, accepted."""
    with pytest.raises(OstbotError, match=r"^OSTBOT_RATE='.*': above Discord's limit of 50 .*"):
        Settings.from_env({"OSTBOT_RATE": rate}, env_file=None)
    allowed = Settings.from_env({"OSTBOT_RATE": rate, "OSTBOT_RATE_OVERRIDE": "1"}, None)
    assert allowed.rate_per_second == float(rate)


@pytest.mark.parametrize("value", ["maybe", "2", "-1", "y e s"])
def test_a_bad_override_is_one_line(value):
    """OSTBOT_RATE_OVERRIDE takes 1/0 (or true/false, yes/no, on/off) and nothing else."""
    with pytest.raises(OstbotError, match=r"^OSTBOT_RATE_OVERRIDE='.*': must be 1 or 0$"):
        Settings.from_env({"OSTBOT_RATE_OVERRIDE": value}, env_file=None)


@pytest.mark.parametrize("value", ["0", "99999999999999999999", "18446744073709551616"])
def test_a_dev_guild_out_of_discords_range_is_refused(value):
    """A guild id must be a positive 63-bit snowflake."""
    with pytest.raises(OstbotError, match=r"^OSTBOT_DEV_GUILD='\d+': must be a guild id"):
        Settings.from_env({"OSTBOT_DEV_GUILD": value}, env_file=None)


@pytest.mark.parametrize(
    ("environ", "env_file", "expected"),
    [
        ({}, "", SHIPPED_SCHEDULES),
        ({"OSTBOT_SCHEDULES": ""}, "", None),
        ({}, "OSTBOT_SCHEDULES=\n", None),
        ({}, "OSTBOT_SCHEDULES=mine/\n", Path("mine")),
        ({"OSTBOT_SCHEDULES": ""}, "OSTBOT_SCHEDULES=mine/\n", None),
        ({"OSTBOT_SCHEDULES": "theirs"}, "OSTBOT_SCHEDULES=\n", Path("theirs")),
    ],
    ids=["unset", "env-empty", "file-empty", "file-set", "env-empty-wins", "env-set-wins"],
)
def test_schedules_unset_means_shipped_and_empty_means_none(tmp_path, environ, env_file, expected):
    """OSTBOT_SCHEDULES: unset → the shipped schedules; set empty → none; environment first."""
    path = write_env(tmp_path, env_file)
    assert Settings.from_env(environ, path).schedules == expected


def test_the_shipped_schedules_are_the_repositorys():
    """The default schedules folder holds the repository's schedules/ files (a link or a copy)."""
    shipped = sorted(p.name for p in SHIPPED_SCHEDULES.glob("*.toml"))
    assert shipped == sorted(p.name for p in (REPO / "schedules").glob("*.toml"))
    assert shipped


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe\x00D\x00I\x00S", "is not UTF-8 text"),
        (b"OSTBOT_RATE=1\n\x80\x81\x82\n", "is not UTF-8 text"),
        (None, "cannot read the settings file"),
    ],
    ids=["utf16", "binary-line", "folder"],
)
def test_an_unreadable_env_file_is_one_line(tmp_path, content, message):
    """A .env that is binary or a folder: one line naming it, no traceback."""
    env_file = tmp_path / ".env"
    if content is None:
        env_file.mkdir()
    else:
        env_file.write_bytes(content)
    with pytest.raises(OstbotError) as raised:
        Settings.from_env({}, env_file)
    assert str(raised.value).startswith(f"{env_file}: ")
    assert message in str(raised.value)


def test_readme_settings_table_matches_the_help_table():
    """Every setting ostbot run --help lists has a row in the README's Settings table."""
    readme = (REPO / "README.md").read_text()
    for name, _, _ in SETTINGS:
        assert f"| `{name}` |" in readme, name


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, None),
        ({"OSTBOT_SHARD_COUNT": "1"}, Shards(1, (0,))),
        ({"OSTBOT_SHARD_COUNT": " 3 "}, Shards(3, (0, 1, 2))),
        ({"OSTBOT_SHARD_COUNT": "2", "OSTBOT_SHARD_IDS": "1"}, Shards(2, (1,))),
        ({"OSTBOT_SHARD_COUNT": "8", "OSTBOT_SHARD_IDS": " 7, 0 ,3"}, Shards(8, (0, 3, 7))),
        ({"OSTBOT_SHARD_COUNT": "100000", "OSTBOT_SHARD_IDS": "99999"}, Shards(100000, (99999,))),
        ({"OSTBOT_SHARD_COUNT": "", "OSTBOT_SHARD_IDS": ""}, None),
    ],
)
def test_shard_settings_name_the_shards_this_process_serves(environ, expected):
    """No count: one unsharded connection; a count alone: all its shards; ids: those, sorted."""
    assert Settings.from_env(environ, env_file=None).shards == expected


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"OSTBOT_SHARD_COUNT": "two"}, "OSTBOT_SHARD_COUNT='two': must be a whole number"),
        ({"OSTBOT_SHARD_COUNT": "2.0"}, "OSTBOT_SHARD_COUNT='2.0': must be a whole number"),
        ({"OSTBOT_SHARD_COUNT": "-2"}, "OSTBOT_SHARD_COUNT='-2': must be a whole number"),
        ({"OSTBOT_SHARD_COUNT": "1_000"}, "OSTBOT_SHARD_COUNT='1_000': must be a whole number"),
        ({"OSTBOT_SHARD_COUNT": "0"}, "OSTBOT_SHARD_COUNT='0': must be from 1 to 100,000"),
        ({"OSTBOT_SHARD_COUNT": "100001"}, "OSTBOT_SHARD_COUNT='100001': must be from 1 to"),
        ({"OSTBOT_SHARD_COUNT": "9" * 40}, "OSTBOT_SHARD_COUNT='9999"),
        ({"OSTBOT_SHARD_IDS": "0"}, "OSTBOT_SHARD_IDS='0': needs OSTBOT_SHARD_COUNT too"),
        (
            {"OSTBOT_SHARD_COUNT": "2", "OSTBOT_SHARD_IDS": "0,2"},
            "OSTBOT_SHARD_IDS='0,2': shard 2 is not below OSTBOT_SHARD_COUNT=2 (shards are "
            "numbered 0 to 1)",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "1", "OSTBOT_SHARD_IDS": "1"},
            "OSTBOT_SHARD_IDS='1': shard 1 is not below OSTBOT_SHARD_COUNT=1",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "0,3,0"},
            "OSTBOT_SHARD_IDS='0,3,0': shard 0 is listed twice",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "0,,1"},
            "OSTBOT_SHARD_IDS='0,,1': '' is not a shard number",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "0;1"},
            "OSTBOT_SHARD_IDS='0;1': '0;1' is not a shard number",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "0-3"},
            "OSTBOT_SHARD_IDS='0-3': '0-3' is not a shard number",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "-1"},
            "OSTBOT_SHARD_IDS='-1': '-1' is not a shard number",
        ),
        (
            {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "one"},
            "OSTBOT_SHARD_IDS='one': 'one' is not a shard number",
        ),
    ],
)
def test_a_bad_shard_setting_is_one_line_naming_it(environ, message):
    """Shard settings that do not parse, or ids that do not fit the count: one line."""
    with pytest.raises(OstbotError) as raised:
        Settings.from_env(environ, env_file=None)
    text = str(raised.value)
    assert text.startswith(message), text
    assert "\n" not in text
