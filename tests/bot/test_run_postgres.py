"""`ostbot run` on a PostgreSQL store, as real processes: several bots share one database (the
ledger's claims share the work out, ``bot.announcer.claims``); no lock is left by a killed one."""

from __future__ import annotations

import signal

from tests.bot.test_run import finish
from tests.bot.test_run_store import run_env, started

SECRET = "pa55-w0rd"


def _with_password(url: str) -> str:
    # The test server trusts every login; a password in the URL is sent and never shown.
    return url.replace("postgresql://ostbot@", f"postgresql://ostbot:{SECRET}@", 1)


async def test_two_bots_share_one_database(tmp_path, fake_discord, fake_guild, postgres_url):
    """Two ostbot run on one database both start, and both stop cleanly; no password shown."""
    env = run_env(fake_discord, OSTBOT_DB=_with_password(postgres_url))
    first = await started(tmp_path, env)
    try:
        second = await started(tmp_path, env)
        second.send_signal(signal.SIGTERM)
        done = await finish(second)
        assert done.code == 0, done.stderr
        assert SECRET not in done.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        assert (await finish(first)).code == 0


async def test_after_kill_9_a_new_bot_starts_on_the_database(
    tmp_path, fake_discord, fake_guild, postgres_url
):
    """SIGKILL leaves nothing that stops the next start (no lock; its claims end by lease)."""
    env = run_env(fake_discord, OSTBOT_DB=postgres_url)
    first = await started(tmp_path, env)
    first.kill()
    await finish(first)
    second = await started(tmp_path, env)
    second.send_signal(signal.SIGTERM)
    assert (await finish(second)).code == 0
