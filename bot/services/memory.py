"""Give memory freed by a large, one-off build back to the operating system.

CPython returns freed objects to glibc's allocator, which keeps the pages for reuse; after
indexing 100,000 releases that is ~100 MB the bot will not need again until the next rebuild.
``malloc_trim`` hands it back. Elsewhere (not glibc) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
from functools import cache

log = logging.getLogger(__name__)


@cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        library = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return library if library is not None and hasattr(library, "malloc_trim") else None


def release_freed_memory() -> None:
    gc.collect()
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
