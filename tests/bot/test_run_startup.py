"""`ostbot run` start-up failures, as a real process: exactly one stderr line and exit 1.

Every setting a user can get wrong, a store path that cannot work, and a Discord that cannot be
reached in each way is checked before (or while) connecting; at the default log level the whole
stderr is the one line saying what to fix.
"""

from __future__ import annotations

import socket
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.bot.test_run import IDENTIFY, bot_environment, finish, start_run

TOKEN = "MTk4NjIy.start-up.t0k3n"


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def newer_store(folder: Path) -> None:
    """A store whose schema history has a migration this ostbot does not know."""
    connection = sqlite3.connect(folder / "ostbot.sqlite3")
    connection.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INT)")
    connection.execute("INSERT INTO schema_migrations VALUES ('9999_from_the_future', 0)")
    connection.commit()
    connection.close()


# (id, variables, prepare the working folder, what the one line starts with)
SETTINGS_CASES: list[tuple[str, dict[str, str], Callable[[Path], object] | None, str]] = [
    ("rate-words", {"OSTBOT_RATE": "fast"}, None, "OSTBOT_RATE='fast': must be a number"),
    ("rate-negative", {"OSTBOT_RATE": "-3"}, None, "OSTBOT_RATE='-3': must be a positive"),
    ("rate-over-50", {"OSTBOT_RATE": "60"}, None, "OSTBOT_RATE='60': above Discord's limit"),
    ("override-bad", {"OSTBOT_RATE_OVERRIDE": "sure"}, None, "OSTBOT_RATE_OVERRIDE='sure': "),
    ("log-level", {"OSTBOT_LOG_LEVEL": "loud"}, None, "OSTBOT_LOG_LEVEL='loud': must be one"),
    ("dev-guild-words", {"OSTBOT_DEV_GUILD": "fans"}, None, "OSTBOT_DEV_GUILD='fans': "),
    ("dev-guild-huge", {"OSTBOT_DEV_GUILD": "9" * 30}, None, "OSTBOT_DEV_GUILD='999"),
    ("api-no-scheme", {"DISCORD_API_BASE": "discord.com/api"}, None, "DISCORD_API_BASE="),
    ("api-bad-port", {"DISCORD_API_BASE": "http://h:port/api"}, None, "DISCORD_API_BASE="),
    ("api-ws", {"DISCORD_API_BASE": "ws://h/api"}, None, "DISCORD_API_BASE="),
    ("api-unclosed", {"DISCORD_API_BASE": "http://[::1/api"}, None, "DISCORD_API_BASE="),
    ("api-space", {"DISCORD_API_BASE": "http://ex ample/api"}, None, "DISCORD_API_BASE="),
    ("api-empty-label", {"DISCORD_API_BASE": "http://a..b/api"}, None, "DISCORD_API_BASE="),
    ("api-hyphen", {"DISCORD_API_BASE": "http://-h-/api"}, None, "DISCORD_API_BASE="),
    ("api-query", {"DISCORD_API_BASE": "http://h/api?v=10"}, None, "DISCORD_API_BASE="),
    ("api-bad-ip", {"DISCORD_API_BASE": "https://256.1.1.1/api"}, None, "DISCORD_API_BASE="),
    ("gateway-empty-label", {"DISCORD_GATEWAY_URL": "ws://a..b/gw"}, None, "DISCORD_GATEWAY_URL="),
    ("gateway-fragment", {"DISCORD_GATEWAY_URL": "ws://h/gw#x"}, None, "DISCORD_GATEWAY_URL="),
    ("gateway-http", {"DISCORD_GATEWAY_URL": "http://x/gw"}, None, "DISCORD_GATEWAY_URL="),
    ("gateway-no-host", {"DISCORD_GATEWAY_URL": "ws:///gw"}, None, "DISCORD_GATEWAY_URL="),
    ("gateway-words", {"DISCORD_GATEWAY_URL": "the gateway"}, None, "DISCORD_GATEWAY_URL="),
    ("token-newline", {"DISCORD_TOKEN": TOKEN + "\n"}, None, "DISCORD_TOKEN: character 24 of 24"),
    ("token-space", {"DISCORD_TOKEN": "MTk4 NjIy"}, None, "DISCORD_TOKEN: character 5 of 9"),
    ("token-control", {"DISCORD_TOKEN": "MTk4\x1bNjIy"}, None, "DISCORD_TOKEN: character 5"),
    ("shards-words", {"OSTBOT_SHARD_COUNT": "two"}, None, "OSTBOT_SHARD_COUNT='two': must be"),
    ("shards-zero", {"OSTBOT_SHARD_COUNT": "0"}, None, "OSTBOT_SHARD_COUNT='0': must be from 1"),
    ("shards-absurd", {"OSTBOT_SHARD_COUNT": "10" * 5}, None, "OSTBOT_SHARD_COUNT='1010"),
    ("shard-ids-alone", {"OSTBOT_SHARD_IDS": "0"}, None, "OSTBOT_SHARD_IDS='0': needs OSTBOT_"),
    (
        "shard-id-outside",
        {"OSTBOT_SHARD_COUNT": "2", "OSTBOT_SHARD_IDS": "1,2"},
        None,
        "OSTBOT_SHARD_IDS='1,2': shard 2 is not below OSTBOT_SHARD_COUNT=2",
    ),
    (
        "shard-id-twice",
        {"OSTBOT_SHARD_COUNT": "4", "OSTBOT_SHARD_IDS": "1,3,1"},
        None,
        "OSTBOT_SHARD_IDS='1,3,1': shard 1 is listed twice",
    ),
    ("db-folder", {"OSTBOT_DB": "."}, None, ".: is a folder"),
    ("db-no-parent", {"OSTBOT_DB": "nowhere/db.sqlite3"}, None, "nowhere/db.sqlite3: folder"),
    (
        "db-text",
        {"OSTBOT_DB": "notes.txt"},
        lambda d: (d / "notes.txt").write_text("hello\n"),
        "notes.txt: not an ostbot store (not a SQLite database)",
    ),
    (
        "db-bytes",
        {"OSTBOT_DB": "blob"},
        lambda d: (d / "blob").write_bytes(bytes(range(256)) * 8),
        "blob: not an ostbot store (not a SQLite database)",
    ),
    ("db-newer", {}, newer_store, "ostbot.sqlite3: the store was written by a newer ostbot"),
    ("schedules-missing", {"OSTBOT_SCHEDULES": "nowhere/"}, None, "OSTBOT_SCHEDULES: nowhere"),
    (
        "env-binary",
        {},
        lambda d: (d / ".env").write_bytes(b"\xff\xfeD\x00I\x00S\x00"),
        ".env: the settings file is not UTF-8 text",
    ),
    ("env-folder", {}, lambda d: (d / ".env").mkdir(), ".env: cannot read the settings file"),
]


@pytest.mark.parametrize(
    ("variables", "prepare", "starts"),
    [case[1:] for case in SETTINGS_CASES],
    ids=[case[0] for case in SETTINGS_CASES],
)
async def test_a_bad_setting_or_store_is_exactly_one_line(
    tmp_path, fake_discord, variables, prepare, starts
):
    """Each wrong setting or store path: the whole stderr is one line, exit 1, Discord untouched."""
    if prepare is not None:
        prepare(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir() if p.name != "ostbot.sqlite3.lock")
    env = bot_environment(fake_discord, DISCORD_TOKEN=TOKEN, OSTBOT_SCHEDULES="") | variables
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(starts), line
    assert TOKEN not in done.output
    assert fake_discord.requests == [], "nothing may reach Discord before the checks pass"
    # An existing store gets its lock file (the lock is taken before the store is opened).
    after = {p.name for p in tmp_path.iterdir()} - {"ostbot.sqlite3.lock"}
    assert sorted(after) == before, "nothing created"


async def test_unreachable_gateway_is_one_line(tmp_path, fake_discord, fake_guild):
    """REST answers but nothing listens at the gateway: one line naming it (not a traceback)."""
    gateway = f"ws://127.0.0.1:{closed_port()}/gateway"
    env = bot_environment(
        fake_discord, DISCORD_TOKEN=fake_discord.token, DISCORD_GATEWAY_URL=gateway
    )
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(
        f"ostbot run: Discord's REST API answered but its gateway at {gateway} did not: "
    )
    assert fake_discord.gateway.frames(IDENTIFY) == []


async def test_rejected_token_at_default_level_is_exactly_one_line(tmp_path, fake_discord):
    """At INFO the held-back start-up log is dropped: the whole stderr is the one line."""
    env = bot_environment(fake_discord, DISCORD_TOKEN=TOKEN)
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    assert done.stderr == (
        "ostbot run: Discord rejected DISCORD_TOKEN (401 Unauthorized); copy the token again "
        "from the developer portal's Bot page\n"
    )


async def test_a_dev_guild_discord_refuses_is_one_line(tmp_path, fake_discord, fake_guild):
    """OSTBOT_DEV_GUILD naming a server the bot is not in: Discord answers the command upload
    with 403 (Missing Access, injected here); one line naming the variable."""
    guild_id = "123456789012345678"
    fake_discord.faults.fail_route(
        "PUT /applications/{application_id}/guilds/{guild_id}/commands",
        status=403,
        times=None,
        guild_id=guild_id,
    )
    env = bot_environment(
        fake_discord,
        DISCORD_TOKEN=fake_discord.token,
        OSTBOT_DEV_GUILD=guild_id,
        OSTBOT_SCHEDULES="",
    )
    done = await finish(await start_run(tmp_path, env))
    assert done.code == 1
    [line] = done.stderr.splitlines()
    assert line.startswith(f"OSTBOT_DEV_GUILD={guild_id}: Discord refused the slash commands ")
    assert line.endswith("is the bot in it?")
