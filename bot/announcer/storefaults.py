"""A store that cannot be written (disk full, a file-size limit, failing writes), said once.

The announcer keeps its promise through such a fault by never sending what it has not written
(rows are written before sending) and by keeping in memory what it sent but could not record,
retrying the write until it works; ``StoreTrouble`` makes that one WARNING line when writes
start failing and one INFO line when they work again, not a traceback per attempt.
"""

from __future__ import annotations

import errno
import logging
import sqlite3

log = logging.getLogger(__name__)

_FULL = frozenset({errno.ENOSPC, errno.EFBIG, errno.EDQUOT})


def unwritable(error: BaseException) -> bool:
    """Whether ``error`` says the store cannot be written now (rather than a bug)."""
    if isinstance(error, sqlite3.Error):
        name = getattr(error, "sqlite_errorname", "") or ""
        # SQLITE_FULL: no room (ENOSPC); a write refused for size (EFBIG) is an IOERR_WRITE.
        return name == "SQLITE_FULL" or name.startswith("SQLITE_IOERR")
    return isinstance(error, OSError) and error.errno in _FULL


class StoreTrouble:
    """Logs the start and the end of a spell of failing writes, once each."""

    def __init__(self) -> None:
        self.failing = False

    def failed(self, error: BaseException, doing: str) -> None:
        if not self.failing:
            self.failing = True
            log.warning(
                "cannot write the store while %s (%s): nothing new is sent until writes work"
                " again; retrying",
                doing,
                error,
            )

    def worked(self) -> None:
        if self.failing:
            self.failing = False
            log.info("the store can be written again; announcements resume")
