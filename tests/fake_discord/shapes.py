"""Every REST answer the fake sends, checked against Discord's own OpenAPI description.

``spec/openapi.json`` is Discord's ``specs/openapi.json`` (github.com/discord/discord-api-spec,
MIT; the commit is in ``spec/README.md``). For each answer the checker finds the spec's path
template for the request path (literal segments such as ``@me``/``@original`` win over
``{param}``), the operation for the method, and the response for the status (``"200"``, else
``"4XX"``), and validates the JSON body against its schema with ``$ref``s resolved.

Strict on purpose: an object may not carry properties its schema does not declare
(``unevaluatedProperties: false`` is added where the spec leaves objects open), because a field
the fake invents is a field the bot may come to rely on. Deliberate deviations are listed, each
with its reason, in ``spec/allowed_deviations.toml`` — the one allow-list.

Gateway dispatches whose data is a REST object (MESSAGE_CREATE/UPDATE, GUILD_SCHEDULED_EVENT_*)
are checked against that object's schema too, minus the fields only the gateway adds
(:func:`check_dispatch`); the spec has no schema for the rest of the gateway.

Validators are compiled once per (spec path, method, status) and cached for the process.
Deviations are appended to :data:`RECORDED` (and to ``fake.shape_deviations``); the suite's
autouse fixture in ``tests/conftest.py`` fails the test that caused any.
"""

from __future__ import annotations

import copy
import functools
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_DIR = Path(__file__).parent / "spec"
BASE_URI = "https://discord.com/api/v10/openapi.json"
_NOT_STRICT = frozenset({"Error"})  # extended through allOf by ErrorResponse/RatelimitedResponse
_UNEXPECTED = re.compile(r"'([^']+)'")


@dataclass(frozen=True)
class Deviation:
    """One way an answer differs from the spec: route (spec template), status, JSON path."""

    route: str
    status: int
    path: str
    message: str

    def __str__(self) -> str:
        answer = f" -> {self.status}" if self.status else ""  # 0: a gateway dispatch
        return f"{self.route}{answer}: {self.path}: {self.message}"


@dataclass(frozen=True)
class Allowed:
    """An allow-list entry; ``route``, ``path`` and ``message`` are globs (only ``*``)."""

    route: str
    status: int | None
    path: str
    message: str
    reason: str

    def covers(self, dev: Deviation) -> bool:
        return (
            (self.status is None or self.status == dev.status)
            and _glob(self.route).fullmatch(dev.route) is not None
            and _glob(self.path).fullmatch(dev.path) is not None
            and _glob(self.message).fullmatch(dev.message) is not None
        )


@functools.cache
def _glob(pattern: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in pattern.split("*")))


# Every deviation seen in this process since the last clear (the conftest fixture clears it).
RECORDED: list[Deviation] = []


@dataclass(frozen=True)
class _Template:
    path: str
    regex: re.Pattern[str]
    literals: int


@functools.cache
def _spec() -> tuple[dict[str, Any], Registry[Any], tuple[_Template, ...]]:
    doc = json.loads((SPEC_DIR / "openapi.json").read_text(encoding="utf-8"))
    strict = copy.deepcopy(doc)
    for name, schema in strict["components"]["schemas"].items():
        if name not in _NOT_STRICT:
            _make_strict(schema)
    for ops in strict["paths"].values():
        _make_strict(ops)
    registry: Registry[Any] = Registry().with_resource(
        BASE_URI, Resource.from_contents(strict, default_specification=DRAFT202012)
    )
    templates = []
    for path in doc["paths"]:
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        literals = sum(1 for seg in path.split("/") if seg and not seg.startswith("{"))
        templates.append(_Template(path, re.compile(f"^{pattern}$"), literals))
    templates.sort(key=lambda t: -t.literals)
    return doc, registry, tuple(templates)


def _make_strict(node: Any, in_all_of: bool = False) -> None:
    """Close every object schema the spec leaves open (see the module docstring)."""
    if isinstance(node, list):
        for item in node:
            _make_strict(item, in_all_of)
        return
    if not isinstance(node, dict):
        return
    branches = node.get("oneOf")
    if isinstance(branches, list) and branches and all("const" in b for b in branches):
        # Discord's enums are a oneOf of titled consts: an enum checks the same, much faster.
        node["enum"] = [b["const"] for b in node.pop("oneOf")]
    closes = "properties" in node or "allOf" in node
    if (
        closes
        and not in_all_of
        and not {"additionalProperties", "unevaluatedProperties"} & set(node)
    ):
        # additionalProperties is as strict and far cheaper when nothing at this level combines
        # schemas; unevaluatedProperties sees through allOf/oneOf/anyOf (at a cost).
        combined = {"allOf", "oneOf", "anyOf", "$ref"} & set(node)
        node["unevaluatedProperties" if combined else "additionalProperties"] = False
    for key, value in list(node.items()):
        if key in ("properties", "$defs") and isinstance(value, dict):
            for sub in value.values():
                _make_strict(sub)
        elif key == "allOf":
            _make_strict(value, in_all_of=True)
        elif key not in ("example", "examples", "enum", "const", "default", "required"):
            _make_strict(value)


@functools.cache
def allowed() -> tuple[Allowed, ...]:
    data = tomllib.loads((SPEC_DIR / "allowed_deviations.toml").read_text(encoding="utf-8"))
    return tuple(
        Allowed(a["route"], a.get("status"), a["path"], a.get("message", "*"), a["reason"])
        for a in data.get("allow", [])
    )


def spec_template(path: str) -> str | None:
    """The spec's path template for a request path (``/users/@me`` -> ``/users/@me``)."""
    for template in _spec()[2]:
        if template.regex.match(path):
            return template.path
    return None


@functools.cache
def _validator(template: str, method: str, status_key: str) -> Draft202012Validator | None:
    """A compiled validator for one response, or None if the spec gives it no JSON body."""
    doc, registry, _ = _spec()
    response = doc["paths"][template][method]["responses"][status_key]
    pointer = "/".join(_escape(p) for p in ("paths", template, method, "responses", status_key))
    if "$ref" in response:  # shared responses: "#/components/responses/ClientErrorResponse"
        pointer = response["$ref"].removeprefix("#/")
        response = doc["components"]["responses"][pointer.rsplit("/", 1)[-1]]
    if "application/json" not in response.get("content", {}):
        return None
    schema = {"$ref": f"{BASE_URI}#/{pointer}/content/application~1json/schema"}
    return Draft202012Validator(schema, registry=registry)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def _status_key(responses: dict[str, Any], status: int) -> str | None:
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return key
    return None


def check(
    method: str,
    path: str,
    status: int,
    body: bytes | None,
    content_type: str = "application/json",
) -> list[Deviation]:
    """Deviations of one answer from the spec (allow-listed ones left out)."""
    if status == 429 and body and content_type != "application/json":
        return []  # Cloudflare's ban page, in front of Discord's API: not what the spec describes
    template = spec_template(path)
    if template is None:
        return []  # not a route Discord documents (the fake's unknown-route 404s)
    method = method.lower()
    route = f"{method.upper()} {template}"
    operation = _spec()[0]["paths"][template].get(method)
    if operation is None:
        return _keep([Deviation(route, status, "$", "method not in the spec for this path")])
    key = _status_key(operation["responses"], status)
    if key is None:
        if status >= 500:
            return []  # Discord's spec does not describe server errors; injected faults
        documented = ", ".join(operation["responses"])
        return _keep([Deviation(route, status, "$", f"status not in the spec ({documented})")])
    validator = _validator(template, method, key)
    if validator is None:
        if body:
            return _keep(
                [Deviation(route, status, "$", "the spec says no body, the fake sent one")]
            )
        return []
    if not body:
        return _keep([Deviation(route, status, "$", "the spec wants a JSON body, got none")])
    try:
        if content_type != "application/json":
            raise ValueError(content_type)
        instance = json.loads(body)
    except ValueError:
        return _keep([Deviation(route, status, "$", f"not a JSON body ({content_type})")])
    found: list[Deviation] = []
    for error in validator.iter_errors(instance):
        for leaf in _leaves(error):
            found.extend(_deviations(route, status, leaf))
    return _keep(list(dict.fromkeys(found)))


# Gateway dispatches whose data is a REST object plus gateway-only fields: the spec (REST only)
# describes the object, so the fields the gateway adds are set aside before checking.
_DISPATCH_AS_REST = {
    "MESSAGE_CREATE": ("/channels/{channel_id}/messages/{message_id}", ("guild_id", "member")),
    "MESSAGE_UPDATE": ("/channels/{channel_id}/messages/{message_id}", ("guild_id", "member")),
    **{
        f"CHANNEL_{verb}": ("/channels/{channel_id}", ()) for verb in ("CREATE", "UPDATE", "DELETE")
    },
    "GUILD_UPDATE": ("/guilds/{guild_id}", ()),
    "GUILD_MEMBER_ADD": ("/guilds/{guild_id}/members/{user_id}", ("guild_id",)),
    **{
        f"GUILD_SCHEDULED_EVENT_{verb}": (
            "/guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}",
            (),
        )
        for verb in ("CREATE", "UPDATE", "DELETE")
    },
}


# Dispatches that carry a REST object under one key: GUILD_ROLE_CREATE/UPDATE's ``role``.
_DISPATCH_HOLDING_REST = {
    f"GUILD_ROLE_{verb}": ("role", "/guilds/{guild_id}/roles/{role_id}")
    for verb in ("CREATE", "UPDATE")
}


def check_dispatch(event: str, data: Any) -> list[Deviation]:
    """Deviations of a gateway dispatch whose data is (or holds) a REST object: messages,
    scheduled events, channels, guild updates, roles, members."""
    if event in _DISPATCH_HOLDING_REST:
        key, template = _DISPATCH_HOLDING_REST[event]
        event, data, gateway_only = f"{event}.{key}", data[key], ()
    elif event in _DISPATCH_AS_REST:
        template, gateway_only = _DISPATCH_AS_REST[event]
    else:
        return []
    validator = _validator(template, "get", "200")
    assert validator is not None
    instance = {k: v for k, v in data.items() if k not in gateway_only}
    found: list[Deviation] = []
    for error in validator.iter_errors(instance):
        for leaf in _leaves(error):
            found.extend(_deviations(f"GATEWAY {event}", 0, leaf))
    return _keep(list(dict.fromkeys(found)))


def _leaves(error: ValidationError) -> list[ValidationError]:
    """The errors that say what is wrong: inside a oneOf/anyOf, those of the closest branch.

    The closest branch is the one with the fewest failed discriminators (top-level consts/enums
    such as ``type`` or ``entity_type``), then the one that got deepest into the instance;
    "not valid under any of the given schemas" alone names no field.
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    branches: dict[Any, list[ValidationError]] = {}
    for sub in error.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)

    def distance(errors: list[ValidationError]) -> tuple[int, int, int, int]:
        wrong_type = any(e.validator == "type" and not e.relative_path for e in errors)
        mismatches = sum(
            e.validator in ("const", "enum") and len(e.relative_path) == 1 for e in errors
        )
        depth = max(len(e.relative_path) for e in errors)
        return (int(wrong_type), mismatches, -depth, len(errors))

    closest = min(branches.values(), key=distance)
    if distance(closest)[0]:
        return [error]  # the value is of no branch's type: the oneOf error says it best
    return [leaf for sub in closest for leaf in _leaves(sub)]


def _deviations(route: str, status: int, error: ValidationError) -> list[Deviation]:
    where = _json_path(error.absolute_path)
    if error.validator in ("unevaluatedProperties", "additionalProperties"):
        names = _UNEXPECTED.findall(error.message.split("(", 1)[-1])
        if names:
            return [Deviation(route, status, f"{where}.{n}", "not in the spec") for n in names]
    message = error.message
    if len(message) > 200:  # the message repeats the instance; the path already names it
        message = f"{error.validator} {error.validator_value!r:.120} failed"
    return [Deviation(route, status, where, message)]


def _json_path(parts: Any) -> str:
    out = "$"
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def _keep(found: list[Deviation]) -> list[Deviation]:
    kept = [d for d in found if not any(a.covers(d) for a in allowed())]
    RECORDED.extend(kept)
    return kept
