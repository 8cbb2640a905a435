"""The facts ostbot deals in: dramas, their OST releases, and the rules for release times.

Pure Python: nothing here knows about Discord, SQL or the scheduler.
"""

from bot.domain.deliveries import ANNOUNCE, DM, DeliveryKind, Occasion
from bot.domain.errors import NotFound, OstbotError, PermissionDenied, Problem, ScheduleError
from bot.domain.guilds import DEFAULT_CATCHUP, Follow, FollowKind, GuildSettings
from bot.domain.model import Credit, Drama, Link, Release, Status
from bot.domain.schedule import Schedule
from bot.domain.timing import DEFAULT_HOUR, DEFAULT_TIMEZONE, ReleaseTime, resolve_time

__all__ = [
    "ANNOUNCE",
    "DEFAULT_CATCHUP",
    "DEFAULT_HOUR",
    "DEFAULT_TIMEZONE",
    "DM",
    "Credit",
    "DeliveryKind",
    "Drama",
    "Follow",
    "FollowKind",
    "GuildSettings",
    "Link",
    "NotFound",
    "Occasion",
    "OstbotError",
    "PermissionDenied",
    "Problem",
    "Release",
    "ReleaseTime",
    "Schedule",
    "ScheduleError",
    "Status",
    "resolve_time",
]
