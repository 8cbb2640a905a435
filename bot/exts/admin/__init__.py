"""Server admins' commands (Manage Server), under ``/ost-admin``: ``setup channel`` (and
``publish``, ``events``, ``web``),
``follow …``, ``unfollow …``, ``follows``, ``reminders``, ``catchup``, ``status``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.exts.admin._follows import follow_group, follows_command, unfollow_group
from bot.exts.admin._setup import setup_group
from bot.exts.admin._status import status_command
from bot.exts.admin._timing import catchup_command, reminders_command

if TYPE_CHECKING:
    from bot.exts import Host

COMMANDS = ("setup", "follow", "unfollow", "follows", "reminders", "catchup", "status")


async def setup(bot: Host) -> None:
    for build in (
        setup_group,
        follow_group,
        unfollow_group,
        follows_command,
        reminders_command,
        catchup_command,
        status_command,
    ):
        bot.ost_admin.add_command(build(bot.services))


async def teardown(bot: Host) -> None:
    for name in COMMANDS:
        bot.ost_admin.remove_command(name)
