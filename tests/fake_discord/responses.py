"""Response helpers that produce exactly what discord.py expects from Discord.

discord.py decodes a body as JSON only when ``Content-Type`` is exactly ``application/json``;
``aiohttp.web.json_response`` appends ``; charset=utf-8``, so it must not be used here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from aiohttp import web

# Discord's JSON error codes used by the fake.
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
UNKNOWN_EVENT = 10070
MAX_SCHEDULED_EVENTS = 30038
UNAUTHORIZED = 40001
ALREADY_CROSSPOSTED = 40033
INTERACTION_ACKNOWLEDGED = 40060
MISSING_ACCESS = 50001
CANNOT_SEND_EMPTY = 50006
INVALID_WEBHOOK_TOKEN = 50027
MISSING_PERMISSIONS = 50013
INVALID_FORM_BODY = 50035
EVENT_FINISHED = 180000


# Parsed request body and uploaded files, set by the pipeline before the route handler runs.
BODY: web.RequestKey[Any] = web.RequestKey("fake_discord_body", object)
FILES: web.RequestKey[list[Any]] = web.RequestKey("fake_discord_files", list)


def json_body(
    data: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> web.Response:
    return web.Response(
        body=json.dumps(data).encode(),
        status=status,
        content_type="application/json",
        headers=headers,
    )


def api_error(
    status: int, code: int, message: str, errors: dict[str, Any] | None = None
) -> web.Response:
    """Discord's error shape: ``{"code", "message"}`` plus ``errors`` for form errors."""
    payload: dict[str, Any] = {"code": code, "message": message}
    if errors is not None:
        payload["errors"] = errors
    return json_body(payload, status)


def no_content() -> web.Response:
    return web.Response(status=204)


class ApiError(Exception):
    """Raised inside handlers to answer with a Discord error; the middleware turns it into one."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors

    def to_response(self) -> web.Response:
        return api_error(self.status, self.code, self.message, self.errors)


def not_found(code: int, what: str) -> ApiError:
    return ApiError(404, code, f"Unknown {what}")


def unknown_guild(world: Any, guild_id: int) -> ApiError:
    """No such server for the bot: 403 Missing Access where it was removed, else 404."""
    if guild_id in world.former_guilds:
        return forbidden(MISSING_ACCESS)
    return not_found(UNKNOWN_GUILD, "Guild")


def forbidden(code: int = MISSING_PERMISSIONS) -> ApiError:
    message = "Missing Access" if code == MISSING_ACCESS else "Missing Permissions"
    return ApiError(403, code, message)
