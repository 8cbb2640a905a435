"""``ostbot run``'s log: held back until the bot is ready, so a failed start is one line.

Until the first ``on_ready`` the records wait in memory; once ready they are written in order
and later ones go straight to stderr. If start-up fails they are dropped and the run command
prints the one line that says why. At DEBUG nothing is held: that level is for watching
start-up itself.
"""

from __future__ import annotations

import logging
import sys
from logging.handlers import MemoryHandler

LOG_FORMAT = logging.Formatter("{asctime} {levelname:<8} {name}: {message}", style="{")
# Never flush on a record's level: only release() writes what start-up logged.
_NEVER = logging.CRITICAL + 100


class RunLog:
    """Installs the root handler for ``ostbot run`` at ``level`` (a name such as ``"INFO"``)."""

    def __init__(self, level: str) -> None:
        numeric = logging.getLevelName(level)
        # Plain text: discord.py's coloured default turns on in containers whose logs go to
        # files, not terminals. discord.py never logs the token.
        self._stderr = logging.StreamHandler(sys.stderr)
        self._stderr.setFormatter(LOG_FORMAT)
        self._held: MemoryHandler | None = None
        root = logging.getLogger()
        root.setLevel(numeric)
        if numeric > logging.DEBUG:
            self._held = MemoryHandler(
                capacity=sys.maxsize, flushLevel=_NEVER, target=self._stderr, flushOnClose=False
            )
            root.addHandler(self._held)
        else:
            root.addHandler(self._stderr)
        # aiosqlite logs every SQL operation at DEBUG, from its own thread: noise that would
        # bury the lines a DEBUG run is for, and could land after the last line ostbot prints.
        logging.getLogger("aiosqlite").setLevel(max(numeric, logging.INFO))

    def release(self) -> None:
        """Start-up succeeded: write what it logged, then pass every record straight on."""
        if self._held is not None:
            # Handler.acquire and release hold the handler's own lock, as flush does.
            self._held.acquire()
            try:
                self._held.capacity = 0  # MemoryHandler flushes once its buffer holds capacity
            finally:
                self._held.release()
            self._held.flush()

    def drop(self) -> None:
        """Start-up failed: forget what it logged and whatever closing down logs after it (the
        caller prints the one line). A NullHandler keeps logging's last-resort handler from
        printing warnings instead."""
        if self._held is None:
            return
        root = logging.getLogger()
        root.addHandler(logging.NullHandler())
        root.removeHandler(self._held)
        self._held.acquire()
        try:
            self._held.buffer.clear()
        finally:
            self._held.release()
        self._held = None
