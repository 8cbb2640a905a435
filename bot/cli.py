"""The ``ostbot`` command line: check, import, list, preview schedules; copy a store; run the bot.

Every command that touches the store takes ``--db`` (default: ``$OSTBOT_DB``, else
``./ostbot.sqlite3``). Exit status: 0 success, 1 rejected input or a failed command, 2 usage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from bot.domain.errors import OstbotError
from bot.domain.text import printable
from bot.env_file import raw_setting
from bot.store_targets import masked

DEFAULT_DB = "ostbot.sqlite3"


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Building the parser reads .env (for --db's default), which can fail as a setting.
        args = _parser().parse_args(argv)
        return _handler(args.handler)(args)
    except OstbotError as error:
        # Messages quote what the user gave (a path, a value): never raw escapes to a terminal.
        print(printable(str(error), newlines=True), file=sys.stderr)
        return 1
    except Exception as error:
        # The store commands map the failures they expect; this is the net under them, for
        # the engines' own errors only (anything else is a bug, and its traceback says where).
        if not isinstance(error, _store_failures()):
            raise
        print(printable(f"ostbot: the store failed: {error}"), file=sys.stderr)
        return 1


def _store_failures() -> tuple[type[Exception], ...]:
    # Named here rather than imported from bot.store (STORE_FAILURES): importing the store
    # would slow every command, those that never open it too. PostgreSQL's failures can only
    # come from a command that imported the store, so its module is loaded when they do.
    errors = sys.modules.get("bot.store.errors")
    return (sqlite3.Error,) if errors is None else (sqlite3.Error, errors.EngineFailure)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ostbot", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--version", action=_Version, nargs=0, help="show the version number and exit"
    )
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )

    check = commands.add_parser("check", help="validate schedule files; writes nothing")
    check.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of *.toml")
    check.set_defaults(handler="schedule_files:check")

    imp = commands.add_parser("import", help="validate, then import schedules into the store")
    imp.add_argument("paths", nargs="+", metavar="PATH", help="files or folders of *.toml")
    _add_db(imp)
    imp.set_defaults(handler="schedule_files:import_")

    upcoming = commands.add_parser("upcoming", help="list releases from now on, TBA last")
    upcoming.add_argument("--drama", metavar="ID", help="only this drama")
    upcoming.add_argument("--artist", metavar="NAME", help="only releases by this artist")
    upcoming.add_argument("--all", action="store_true", help="include past releases")
    upcoming.add_argument("--json", action="store_true", help="print a JSON list")
    upcoming.add_argument("--tz", default="Asia/Seoul", help="zone for times (default KST)")
    upcoming.add_argument("--now", type=_instant, help=argparse.SUPPRESS)  # for tests
    _add_db(upcoming)
    upcoming.set_defaults(handler="listing:upcoming")

    preview = commands.add_parser("preview", help="show a release's announcement as posted")
    preview.add_argument("release", metavar="DRAMA/RELEASE")
    preview.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        metavar="PATH",
        help="read schedule files, not the store",
    )
    _add_db(preview)
    preview.set_defaults(handler="listing:preview")

    calendar = commands.add_parser(
        "calendar", help="write upcoming releases as an iCalendar (.ics) file"
    )
    calendar.add_argument("--drama", metavar="ID", help="only this drama")
    calendar.add_argument("--artist", metavar="NAME", help="only releases by this artist")
    calendar.add_argument("--out", metavar="FILE", help="where to write it (default or -: stdout)")
    calendar.add_argument("--now", type=_instant, help=argparse.SUPPRESS)  # for tests
    _add_db(calendar)
    calendar.set_defaults(handler="calendar:calendar")

    web = commands.add_parser(
        "web",
        help="serve the read-only web pages over the store",
        description=(
            "Serve the coming releases as web pages (read-only) until SIGINT or SIGTERM. "
            "Meant to sit behind a reverse proxy; OSTBOT_PUBLIC_URL is the address readers "
            "reach it at (for the links it prints)."
        ),
    )
    web.add_argument(
        "--listen",
        default="127.0.0.1:8080",
        metavar="HOST:PORT",
        help="where to listen (default: 127.0.0.1:8080)",
    )
    _add_db(web)
    web.set_defaults(handler="web:web")

    store = commands.add_parser("store", help="manage a store as a whole")
    store_commands = store.add_subparsers(dest="store_command", required=True, metavar="COMMAND")
    copy = store_commands.add_parser(
        "copy",
        help="copy a whole store into an empty one (SQLite or PostgreSQL, either way)",
        description="Copy every row of the store SRC into the empty store DEST, then check "
        "each table's rows were counted the same in both. Each is a SQLite file or a "
        "postgresql:// URL; a missing DEST file is created. Stop the bots using SRC first: "
        "what they write after the copy began is not copied.",
    )
    copy.add_argument("source", metavar="SRC", help="the store to copy (read only)")
    copy.add_argument("destination", metavar="DEST", help="an empty store to fill")
    copy.set_defaults(handler="store_copy:copy")

    run = commands.add_parser(
        "run",
        help="run the Discord bot",
        description="Run the Discord bot until SIGINT or SIGTERM.",
        epilog_from=_settings_help,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.set_defaults(handler="running:run")
    return parser


class _Parser(argparse.ArgumentParser):
    """A parser whose epilog may be written only when its help is shown: ``run``'s table of
    settings imports ``bot.settings`` (and the modules its checks need), which every other
    command would otherwise load for nothing while its parser is built."""

    def __init__(
        self, *args: Any, epilog_from: Callable[[], str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._epilog_from = epilog_from

    def format_help(self) -> str:
        if self._epilog_from is not None:
            self.epilog = self._epilog_from()
        return super().format_help()


def _handler(name: str) -> Callable[[argparse.Namespace], int]:
    """Import a command's module only when it runs: ``upcoming`` need not load the parser."""
    module, _, function = name.partition(":")
    handler: Callable[[argparse.Namespace], int]
    handler = getattr(importlib.import_module(f"bot.commandline.{module}"), function)
    return handler


class _Version(argparse.Action):
    """``--version``, looked up only when asked: ``importlib.metadata`` takes ~20 ms to import,
    a tenth of a listing's budget (measured with ``python -X importtime``)."""

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("ostbot")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def _settings_help() -> str:
    from bot.settings import SETTINGS

    width = max(len(name) for name, _, _ in SETTINGS)
    rows = [
        f"  {name:<{width}}  {meaning} (default: {default})" for name, default, meaning in SETTINGS
    ]
    return "\n".join(
        [
            "settings, read from the environment, else from ./.env (an empty value counts as",
            "unset, except OSTBOT_SCHEDULES, where empty means: import none):",
            *rows,
        ]
    )


def _add_db(parser: argparse.ArgumentParser) -> None:
    default = raw_setting("OSTBOT_DB") or DEFAULT_DB
    parser.add_argument(
        "--db",
        default=default,
        help=f"SQLite store file or postgresql:// URL (default: {masked(default)})",
    )


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def run() -> None:
    """The ``ostbot`` command (and ``python -m bot.cli``): ``main``, then exit with its status."""
    status = main()
    # The interpreter's last garbage collection at exit walks every object the command made
    # (~20 ms after an import of 10,000 releases, measured), though nothing needs collecting
    # once the process ends: gc.freeze() moves them all out of its way. Here, not in main(),
    # which tests call in a process that goes on.
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
