"""`ostbot run` on a PostgreSQL store, as real processes: one bot per database until the ledger
is shared out between processes; a killed bot lets go at once."""

from __future__ import annotations

import signal

from tests.bot.test_run import finish, start_run
from tests.bot.test_run_store import run_env, started

SECRET = "pa55-w0rd"


def _with_password(url: str) -> str:
    # The test server trusts every login; a password in the URL is sent and never shown.
    return url.replace("postgresql://ostbot@", f"postgresql://ostbot:{SECRET}@", 1)


async def test_a_second_bot_on_the_same_database_is_refused(
    tmp_path, fake_discord, fake_guild, postgres_url
):
    """While one ostbot run holds the database, another exits 1 with one line, no password."""
    env = run_env(fake_discord, OSTBOT_DB=_with_password(postgres_url))
    first = await started(tmp_path, env)
    try:
        done = await finish(await start_run(tmp_path, env))
        assert done.code == 1
        [line] = done.stderr.splitlines()
        assert "another ostbot run is using this store; stop it first" in line, line
        assert SECRET not in line
        assert "***" in line
    finally:
        first.send_signal(signal.SIGTERM)
        assert (await finish(first)).code == 0


async def test_after_kill_9_a_new_bot_starts_on_the_database(
    tmp_path, fake_discord, fake_guild, postgres_url
):
    """SIGKILL leaves no stale lock: PostgreSQL drops it with the dead process's connection."""
    env = run_env(fake_discord, OSTBOT_DB=postgres_url)
    first = await started(tmp_path, env)
    first.kill()
    await finish(first)
    second = await started(tmp_path, env)
    second.send_signal(signal.SIGTERM)
    assert (await finish(second)).code == 0
