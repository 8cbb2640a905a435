"""Application commands the bot synced, and Discord-side validation of invocations.

``invoke()`` refuses what Discord's client would never send (unknown command, missing subcommand,
wrong option type, value outside choices/min/max) by raising in the test, before any event.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .errors import InvalidInteraction, UnknownCommand
from .guilds import Guild
from .ids import SnowflakeFactory
from .objects import Channel, Member, Role, User
from .responses import INVALID_FORM_BODY, ApiError

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER = 3, 4, 5, 6, 7, 8, 9, 10
_NAME = re.compile(r"^[-_\w]{1,32}$")


class CommandStore:
    """Global commands under key None, guild commands under their guild id."""

    def __init__(self, ids: SnowflakeFactory, application_id: int) -> None:
        self._ids = ids
        self._app_id = application_id
        self.scopes: dict[int | None, dict[int, dict[str, Any]]] = {}
        self.version = 0

    def list(self, guild_id: int | None) -> list[dict[str, Any]]:
        return list(self.scopes.get(guild_id, {}).values())

    def put_all(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Bulk overwrite: keeps the id of a command whose (name, type) already existed."""
        for i, cmd in enumerate(commands):
            _validate_definition(cmd, i)
        old = {(c["name"], c.get("type", 1)): c for c in self.list(guild_id)}
        scope: dict[int, dict[str, Any]] = {}
        for cmd in commands:
            prev = old.get((cmd["name"], cmd.get("type", 1)))
            stored = self._stored(guild_id, cmd, int(prev["id"]) if prev else None)
            scope[int(stored["id"])] = stored
        self.scopes[guild_id] = scope
        return list(scope.values())

    def upsert(self, guild_id: int | None, cmd: dict[str, Any]) -> dict[str, Any]:
        _validate_definition(cmd, 0)
        scope = self.scopes.setdefault(guild_id, {})
        prev = next(
            (
                c
                for c in scope.values()
                if (c["name"], c["type"]) == (cmd["name"], cmd.get("type", 1))
            ),
            None,
        )
        stored = self._stored(guild_id, cmd, int(prev["id"]) if prev else None)
        scope[int(stored["id"])] = stored
        return stored

    def get(self, guild_id: int | None, command_id: int) -> dict[str, Any] | None:
        return self.scopes.get(guild_id, {}).get(command_id)

    def delete(self, guild_id: int | None, command_id: int) -> bool:
        return self.scopes.get(guild_id, {}).pop(command_id, None) is not None

    def find(self, name: str, guild_id: int | None, ctype: int = 1) -> dict[str, Any] | None:
        """Guild commands shadow global ones, as in Discord's client."""
        for scope in (guild_id, None) if guild_id is not None else (None,):
            for cmd in self.scopes.get(scope, {}).values():
                if cmd["name"] == name and cmd["type"] == ctype:
                    return cmd
        return None

    def _stored(self, guild_id: int | None, cmd: dict[str, Any], cid: int | None) -> dict[str, Any]:
        self.version += 1
        stored = {
            "type": 1,
            "description": "",
            "options": [],
            "default_member_permissions": None,
            "nsfw": False,
            **cmd,
            "id": str(cid or self._ids.next()),
            "application_id": str(self._app_id),
            "version": str(self.version),
        }
        # Discord answers with its own types: permissions as a string, and the default install
        # context (guild install, 0) where the bot sent none.
        perms = stored["default_member_permissions"]
        stored["default_member_permissions"] = None if perms is None else str(perms)
        if stored.get("integration_types") is None:
            stored["integration_types"] = [0]
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        return stored


# The locales Discord accepts as keys of name_localizations / description_localizations.
LOCALES = frozenset(
    {
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu",
        "nl", "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk",
        "hi", "th", "zh-CN", "ja", "zh-TW", "ko",
    }
)  # fmt: skip


def valid_name(name: Any) -> bool:
    """Discord's rule for command and option names, in every locale:
    ``^[-_\\p{L}\\p{N}\\p{sc=Deva}\\p{sc=Thai}]{1,32}$``, and lowercase where a letter has a
    lowercase form (APPLICATION_COMMAND_INVALID_NAME otherwise)."""
    if not isinstance(name, str) or not 1 <= len(name) <= 32 or name != name.lower():
        return False
    return all(
        c in "-_"
        or unicodedata.category(c)[0] in "LN"
        or "\u0900" <= c <= "\u097f"
        or "\u0e00" <= c <= "\u0e7f"
        for c in name
    )


def _validate_definition(cmd: dict[str, Any], index: int) -> None:
    """The checks Discord applies when a bot syncs (the ones that catch real bugs)."""
    problems: dict[str, Any] = {}
    name = cmd.get("name", "")
    ctype = cmd.get("type", 1)
    if ctype == 1 and (not _NAME.match(name) or name != name.lower()):
        problems["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")
    if ctype == 1 and not 1 <= len(cmd.get("description") or "") <= 100:
        problems["description"] = _err(
            "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
        )
    if len(cmd.get("options") or []) > 25:
        problems["options"] = _err("BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    if ctype == 1:
        _check_localized(cmd, problems, names=True)
        _check_options(cmd.get("options") or [], problems, "options")
    if problems:
        raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", {str(index): problems})


def _check_localized(item: dict[str, Any], problems: dict[str, Any], *, names: bool) -> None:
    """name_localizations (names: Discord's name rule; choices: 1-100 characters) and
    description_localizations (1-100), keyed by Discord's locales."""
    for field, check in (
        ("name_localizations", valid_name if names else _choice_name),
        ("description_localizations", _description),
    ):
        table = item.get(field) or {}
        bad = {k: v for k, v in table.items() if k not in LOCALES or not check(v)}
        if bad:
            problems[field] = _err(
                "APPLICATION_COMMAND_INVALID_LOCALIZATION", f"Invalid localizations: {sorted(bad)}"
            )


def _check_options(options: list[dict[str, Any]], problems: dict[str, Any], where: str) -> None:
    """Option names (default and per locale) valid and unique among siblings; descriptions and
    choices within their limits; nested subcommands alike."""
    seen: dict[str, set[str]] = {}
    for i, option in enumerate(options):
        here = f"{where}.{i}"
        found: dict[str, Any] = {}
        if not valid_name(option.get("name")):
            found["name"] = _err("APPLICATION_COMMAND_INVALID_NAME", "Option name is invalid")
        if not _description(option.get("description")):
            found["description"] = _err(
                "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
            )
        _check_localized(option, found, names=True)
        locales = {"": option.get("name", "")} | dict(option.get("name_localizations") or {})
        for locale in LOCALES | {""}:
            shown = locales.get(locale, option.get("name", ""))
            if shown in seen.setdefault(locale, set()):
                found["name"] = _err(
                    "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS",
                    f"Option name {shown!r} is already used ({locale or 'default'})",
                )
            seen[locale].add(shown)
        for j, choice in enumerate(option.get("choices") or []):
            if not _choice_name(choice.get("name")):
                found[f"choices.{j}.name"] = _err("BASE_TYPE_BAD_LENGTH", "Must be 1-100.")
            _check_localized(choice, found, names=False)
        if found:
            problems[here] = found
        _check_options(option.get("options") or [], problems, f"{here}.options")


def _description(text: Any) -> bool:
    return isinstance(text, str) and 1 <= len(text) <= 100


def _choice_name(text: Any) -> bool:
    return isinstance(text, str) and 1 <= len(text) <= 100


def _err(code: str, message: str) -> dict[str, Any]:
    return {"_errors": [{"code": code, "message": message}]}


# --- building an invocation -------------------------------------------------------------------


def build_chat_input(
    store: CommandStore,
    path: str,
    options: dict[str, Any],
    guild: Guild | None,
    focused: str | None = None,
) -> dict[str, Any]:
    """The ``data`` of an INTERACTION_CREATE for ``/path`` with ``options``, validated."""
    parts = path.strip().lstrip("/").split()
    if not parts:
        raise UnknownCommand("empty command name")
    cmd = store.find(parts[0], guild.id if guild else None)
    if cmd is None:
        raise UnknownCommand(f"/{parts[0]} is not synced (global or for this guild)")
    resolved: dict[str, dict[str, Any]] = {}
    level = cmd.get("options") or []
    nested = _build_level(level, parts[1:], options, guild, resolved, focused, f"/{parts[0]}")
    data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": nested}
    if "guild_id" in cmd:
        data["guild_id"] = cmd["guild_id"]  # discord.py routes guild commands by it
    if resolved:
        data["resolved"] = resolved
    return data


def _build_level(
    level: list[dict[str, Any]],
    rest: list[str],
    options: dict[str, Any],
    guild: Guild | None,
    resolved: dict[str, dict[str, Any]],
    focused: str | None,
    where: str,
) -> list[dict[str, Any]]:
    subs = {o["name"]: o for o in level if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)}
    if subs:
        if not rest or rest[0] not in subs:
            raise UnknownCommand(
                f"{where} needs one of {sorted(subs)}, got {rest[:1] or 'nothing'}"
            )
        sub = subs[rest[0]]
        inner = _build_level(
            sub.get("options") or [],
            rest[1:],
            options,
            guild,
            resolved,
            focused,
            f"{where} {rest[0]}",
        )
        return [{"name": sub["name"], "type": sub["type"], "options": inner}]
    if rest:
        raise UnknownCommand(f"{where} has no subcommand {rest[0]!r}")
    return _typed_options(level, options, guild, resolved, focused, where)


def _typed_options(
    level: list[dict[str, Any]],
    options: dict[str, Any],
    guild: Guild | None,
    resolved: dict[str, dict[str, Any]],
    focused: str | None,
    where: str,
) -> list[dict[str, Any]]:
    by_name = {o["name"]: o for o in level}
    unknown = set(options) - set(by_name)
    if unknown:
        raise InvalidInteraction(f"{where} has no option(s) {sorted(unknown)}")
    result = []
    for spec in level:
        name = spec["name"]
        if name not in options:
            if spec.get("required") and name != focused and focused is None:
                raise InvalidInteraction(f"{where}: option {name!r} is required")
            continue
        value = options[name]
        if name == focused:
            if not spec.get("autocomplete"):
                raise InvalidInteraction(f"{where}: option {name!r} has no autocomplete")
            # Discord sends the partial text as typed, whatever the option's type.
            result.append(
                {"name": name, "type": spec["type"], "value": str(value), "focused": True}
            )
            continue
        payload_value = _check_value(spec, value, guild, resolved, f"{where} {name}")
        result.append({"name": name, "type": spec["type"], "value": payload_value})
    return result


def _check_value(
    spec: dict[str, Any],
    value: Any,
    guild: Guild | None,
    resolved: dict[str, dict[str, Any]],
    where: str,
) -> Any:
    otype = spec["type"]
    if otype == STRING:
        _expect(isinstance(value, str), where, "a str", value)
        lo, hi = spec.get("min_length", 0), spec.get("max_length", 6000)
        _expect(lo <= len(value) <= hi, where, f"length {lo}..{hi}", value)
    elif otype == INTEGER:
        _expect(isinstance(value, int) and not isinstance(value, bool), where, "an int", value)
        _expect(-(2**53) < value < 2**53, where, "within ±2^53", value)
    elif otype == NUMBER:
        _expect(
            isinstance(value, int | float) and not isinstance(value, bool), where, "a number", value
        )
    elif otype == BOOLEAN:
        _expect(isinstance(value, bool), where, "a bool", value)
    elif otype in (USER, CHANNEL, ROLE, MENTIONABLE):
        return _resolve(otype, spec, value, guild, resolved, where)
    else:
        raise InvalidInteraction(f"{where}: option type {otype} is not supported by the fake")
    if otype in (INTEGER, NUMBER):
        lo, hi = spec.get("min_value"), spec.get("max_value")
        _expect(lo is None or value >= lo, where, f">= {lo}", value)
        _expect(hi is None or value <= hi, where, f"<= {hi}", value)
    choices = spec.get("choices")
    if choices:
        allowed = [c["value"] for c in choices]
        _expect(value in allowed, where, f"one of {allowed}", value)
    return value


def _resolve(
    otype: int,
    spec: dict[str, Any],
    value: Any,
    guild: Guild | None,
    resolved: dict[str, dict[str, Any]],
    where: str,
) -> str:
    """Fill ``resolved`` as Discord does, so discord.py builds real User/Role/Channel objects."""
    if isinstance(value, Member):
        value = value.user
    if isinstance(value, User) and otype in (USER, MENTIONABLE):
        resolved.setdefault("users", {})[str(value.id)] = value.to_payload()
        member = guild.members.get(value.id) if guild else None
        if member is not None:
            payload = member.to_payload(with_permissions=True)
            payload.pop("user")
            resolved.setdefault("members", {})[str(value.id)] = payload
        return str(value.id)
    if isinstance(value, Role) and otype in (ROLE, MENTIONABLE):
        resolved.setdefault("roles", {})[str(value.id)] = value.to_payload()
        return str(value.id)
    if isinstance(value, Channel) and otype == CHANNEL:
        types = spec.get("channel_types")
        _expect(not types or value.type in types, where, f"a channel of types {types}", value)
        payload = value.to_payload()
        payload["permissions"] = str(value.permissions_for(value.guild.me.id) if value.guild else 0)
        resolved.setdefault("channels", {})[str(value.id)] = payload
        return str(value.id)
    raise InvalidInteraction(
        f"{where}: expected a fake User/Member/Role/Channel object, got {value!r}"
    )


def _expect(ok: bool, where: str, wanted: str, value: Any) -> None:
    if not ok:
        raise InvalidInteraction(f"{where}: expected {wanted}, got {value!r}")
