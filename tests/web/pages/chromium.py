"""Chromium for the browser tests: Debian's package, driven by Playwright through
``executable_path`` (Playwright's own browser download needs a network CI may not have).

Where Chromium is missing and the tests run as root on a machine with apt-get (CI, a fresh
container), it is installed; anywhere else the browser tests are skipped with the command to
install it, as the PostgreSQL tests are when PostgreSQL is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

INSTALL_HINT = (
    "Chromium is not installed, so the browser tests are skipped; install Debian's package "
    "with `sudo apt-get install chromium` (or put a `chromium` on PATH) and run them again"
)
# Root in a container: no user namespaces for Chromium's sandbox. Background networking off:
# no update checks or field trials reaching out from a test.
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
# apt-get update and install over a slow mirror; only a bound.
INSTALL_TIMEOUT = 900


class ChromiumMissing(Exception):
    """No Chromium here, and none could be installed; the message says how to get it."""


def find_chromium() -> str | None:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def chromium() -> str:
    """Chromium's path, installing Debian's package first when we may; else ``ChromiumMissing``."""
    found = find_chromium()
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise ChromiumMissing(INSTALL_HINT)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(  # noqa: S603 - fixed commands
            command, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False
        )
        if done.returncode != 0:
            raise ChromiumMissing(
                f"{INSTALL_HINT} (`{' '.join(command)}` failed: {done.stderr[-300:]})"
            )
    found = find_chromium()
    if found is None:
        raise ChromiumMissing(INSTALL_HINT)
    return found
