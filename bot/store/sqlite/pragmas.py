"""The pragmas every SQLite connection of the store starts with (``database.Database.open``;
``quick_listing`` reads with the same)."""

BUSY_TIMEOUT = "PRAGMA busy_timeout = 5000"
# WAL lets readers (the bot) and a writer (an import) work at once; with WAL, NORMAL loses at most
# the last transactions on power loss, never consistency. busy_timeout makes a second process wait
# for the write lock instead of failing at once. A larger page cache and memory-mapped reads
# roughly halve the cost of a listing that touches every row of a 100k-release file (measured).
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA foreign_keys = ON",
    BUSY_TIMEOUT,
)
FAST_READS = (
    "PRAGMA cache_size = -65536",  # KiB: 64 MiB, allocated only as pages are read
    "PRAGMA mmap_size = 268435456",  # 256 MiB
)
# A long-running process (the bot) reads few rows at a time: it trades those listing speed-ups
# for memory, since every mapped page it ever touched would count in its resident size.
LEAN = ("PRAGMA cache_size = -8192",)  # KiB: 8 MiB
