"""A store that cannot be written (disk full, a file-size limit, failing writes), said once.

The announcer keeps its promise through such a fault by never sending what it has not written
(rows are written before sending) and by keeping in memory what it sent but could not record,
retrying the write until it works; ``StoreTrouble`` makes that one WARNING line when writes
start failing and one INFO line when they work again, not a traceback per attempt.
"""

from __future__ import annotations

import errno
import logging
import time

from bot.store import cannot_write

log = logging.getLogger(__name__)

_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def unwritable(error: BaseException) -> bool:
    """Whether ``error`` says the store cannot be written now (rather than a bug)."""
    return cannot_write(error) or (isinstance(error, OSError) and error.errno in _FULL)


class StoreTrouble:
    """Logs the start and the end of a spell of failing writes, once each.

    A nearly full disk flaps (a small write fits, the next does not): a new spell within
    ``quiet`` seconds of the last warning is logged at DEBUG only, and so is its end.
    """

    def __init__(self, quiet: float = 600.0) -> None:
        self.failing = False
        self._quiet = quiet
        self._warned_at: float | None = None
        self._loud = False  # this spell was warned about: its end is said too

    def failed(self, error: BaseException, doing: str) -> None:
        if self.failing:
            return
        self.failing = True
        now = time.monotonic()
        self._loud = self._warned_at is None or now - self._warned_at >= self._quiet
        level = logging.WARNING if self._loud else logging.DEBUG
        if self._loud:
            self._warned_at = now
        log.log(
            level,
            "cannot write the store while %s (%s): nothing new is sent until writes work"
            " again; retrying",
            doing,
            error,
        )

    def worked(self) -> None:
        if self.failing:
            self.failing = False
            level = logging.INFO if self._loud else logging.DEBUG
            log.log(level, "the store can be written again; announcements resume")
