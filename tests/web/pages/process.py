"""``ostbot web`` as a real process, for the command and browser tests and the benchmark: it
listens on a free loopback port (``--listen 127.0.0.1:0``) and says where on stderr, which is
what the caller waits for (never a sleep)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Interpreter start-up and imports on a loaded machine; only a bound on waiting.
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class WebProcess:
    process: subprocess.Popen[str]
    url: str  # http://127.0.0.1:PORT, no trailing slash


def web_environment(**variables: str) -> dict[str, str]:
    """This environment without any ostbot settings, plus ``variables``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "OSTBOT_"))}
    return env | variables


def web_command(db: Path | str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", "web", "--db", str(db), *extra]


@contextmanager
def running_web(db: Path | str, cwd: Path, **variables: str) -> Iterator[WebProcess]:
    """``ostbot web`` on a free port until the block ends, then SIGTERM (it must exit 0)."""
    process = subprocess.Popen(  # noqa: S603 - our own command line
        web_command(db, "--listen", "127.0.0.1:0"),
        cwd=cwd,
        env=web_environment(**variables),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    # A process that neither says where it listens nor exits is killed, which ends the read.
    watchdog = threading.Timer(START_TIMEOUT, process.kill)
    watchdog.start()
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
    finally:
        watchdog.cancel()
    found = re.search(r" at (http://\S+?)/", line)
    try:
        assert found, f"ostbot web did not start: {line}{process.stderr.read()}"
        yield WebProcess(process, found.group(1))
    finally:
        if process.poll() is None:
            process.terminate()
        _, rest = process.communicate(timeout=START_TIMEOUT)
    assert process.returncode == 0, rest
    assert "Traceback" not in rest, rest
