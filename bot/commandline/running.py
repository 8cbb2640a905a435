"""``ostbot run``: the Discord bot."""

from __future__ import annotations

import argparse
import sys


def run(args: argparse.Namespace) -> int:
    print(
        "ostbot run: the Discord bot is not wired in yet (see the announcer issue)", file=sys.stderr
    )
    return 1
