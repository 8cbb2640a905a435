"""Message body validation against Discord's documented limits, with Discord's error shape.

Enforced (each violation is reported at its JSON path, as Discord does, code 50035):
- content: at most 2,000 characters; a message needs content, embeds, components or files (50006).
- embeds: at most 10; title 256, description 4,096, at most 25 fields, field name 256 (non-empty),
  field value 1,024 (non-empty), footer text 2,048, author name 256; at most 6,000 characters
  over title + description + field names/values + footer text + author name of all embeds.
  Embed ``url``/image/thumbnail urls must be http(s).
- components: at most 5 top-level action rows (type 1); a row holds 1-5 buttons or one select;
  buttons: style 1-6, label at most 80; link buttons (style 5) need ``url`` and no ``custom_id``;
  others need ``custom_id`` (at most 100, unique in the message) and no ``url``;
  urls must use http, https or discord schemes, at most 512 characters.
- string selects: custom_id at most 100, 1-25 options, placeholder at most 150, min_values 0-25,
  max_values 1-25; an option's label and value 1-100, its description at most 100.
- autocomplete results (``validate_choices``): at most 25 choices, name 1-100, string value at
  most 100.
- scheduled events (``validate_event``): name 1-100, description 1-1,000 when given, an
  external event's location 1-100 (and its end time).
Not enforced: Components V2 layouts, polls, stickers, attachment sizes.
"""

from __future__ import annotations

from typing import Any

from .responses import CANNOT_SEND_EMPTY, INVALID_FORM_BODY, ApiError

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
MAX_ROWS = 5
MAX_BUTTONS_PER_ROW = 5
BUTTON_URL_SCHEMES = ("http://", "https://", "discord://")
EMBED_URL_SCHEMES = ("http://", "https://", "attachment://")
STRING_SELECT = 3


class _Errors:
    """Collects errors into Discord's nested ``{"a": {"0": {"b": {"_errors": [...]}}}}`` tree."""

    def __init__(self) -> None:
        self.tree: dict[str, Any] = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def between(self, path: tuple[str | int, ...], value: Any, low: int, high: int) -> None:
        if isinstance(value, str) and not low <= len(value) <= high:
            message = f"Must be between {low} and {high} in length."
            self.add(path, "BASE_TYPE_BAD_LENGTH", message)

    def max_len(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if isinstance(value, str) and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def validate_message(body: dict[str, Any], *, has_files: bool = False, edit: bool = False) -> None:
    """Raise :class:`ApiError` (400) if ``body`` breaks a limit; ``edit`` allows an empty body."""
    errors = _Errors()
    content = body.get("content")
    if content is not None and not isinstance(content, str):
        errors.add(("content",), "STRING_TYPE_CONVERT", "Could not interpret value as string.")
    errors.max_len(("content",), content, MAX_CONTENT)
    embeds = body.get("embeds") or []
    _check_embeds(embeds, errors)
    _check_components(body.get("components") or [], errors)
    if errors.tree:
        raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors.tree)
    has_body = content or embeds or body.get("components") or body.get("sticker_ids")
    if not edit and not has_body and not has_files and not body.get("poll"):
        raise ApiError(400, CANNOT_SEND_EMPTY, "Cannot send an empty message")


def _check_embeds(embeds: list[dict[str, Any]], errors: _Errors) -> None:
    if len(embeds) > MAX_EMBEDS:
        errors.add(("embeds",), "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_EMBEDS} or fewer in length.")
        return
    total = 0
    for i, embed in enumerate(embeds):
        path = ("embeds", i)
        errors.max_len((*path, "title"), embed.get("title"), 256)
        errors.max_len((*path, "description"), embed.get("description"), 4096)
        footer = embed.get("footer") or {}
        author = embed.get("author") or {}
        errors.max_len((*path, "footer", "text"), footer.get("text"), 2048)
        errors.max_len((*path, "author", "name"), author.get("name"), 256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            errors.add((*path, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        for j, fld in enumerate(fields):
            for key, limit in (("name", 256), ("value", 1024)):
                value = fld.get(key)
                if not value:
                    errors.add(
                        (*path, "fields", j, key), "BASE_TYPE_REQUIRED", "This field is required"
                    )
                errors.max_len((*path, "fields", j, key), value, limit)
                total += len(value or "")
        for text in (
            embed.get("title"),
            embed.get("description"),
            footer.get("text"),
            author.get("name"),
        ):
            total += len(text or "")
        for key, url in _embed_urls(embed):
            if not url.startswith(EMBED_URL_SCHEMES):
                errors.add((*path, *key), "URL_TYPE_INVALID_URL", "Not a well formed URL.")
    if total > MAX_EMBED_TOTAL:
        errors.add(
            ("embeds",),
            "MAX_EMBED_SIZE_EXCEEDED",
            f"Embed size exceeds maximum size of {MAX_EMBED_TOTAL}",
        )


def _embed_urls(embed: dict[str, Any]) -> list[tuple[tuple[str, ...], str]]:
    found: list[tuple[tuple[str, ...], str]] = []
    if isinstance(embed.get("url"), str):
        found.append((("url",), embed["url"]))
    for part in ("image", "thumbnail"):
        url = (embed.get(part) or {}).get("url")
        if isinstance(url, str):
            found.append(((part, "url"), url))
    return found


def _check_components(rows: list[dict[str, Any]], errors: _Errors) -> None:
    if len(rows) > MAX_ROWS:
        errors.add(
            ("components",), "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_ROWS} or fewer in length."
        )
        return
    seen_ids: set[str] = set()
    for i, row in enumerate(rows):
        path: tuple[str | int, ...] = ("components", i)
        if row.get("type") != 1:
            errors.add((*path, "type"), "UNION_TYPE_CHOICES", "Value must be an action row (1).")
            continue
        children = row.get("components") or []
        buttons = [c for c in children if c.get("type") == 2]
        if not children or len(children) > MAX_BUTTONS_PER_ROW:
            errors.add(
                (*path, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."
            )
        elif len(buttons) != len(children) and len(children) > 1:
            errors.add(
                (*path, "components"), "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "A select must be alone."
            )
        for j, comp in enumerate(children):
            cpath = (*path, "components", j)
            if comp.get("type") == 2:
                _check_button(comp, cpath, errors, seen_ids)
            else:
                _check_select(comp, cpath, errors, seen_ids)


def _check_button(
    button: dict[str, Any], path: tuple[str | int, ...], errors: _Errors, seen_ids: set[str]
) -> None:
    style = button.get("style")
    if style not in (1, 2, 3, 4, 5, 6):
        errors.add(
            (*path, "style"), "BASE_TYPE_CHOICES", "Value must be one of (1, 2, 3, 4, 5, 6)."
        )
    errors.max_len((*path, "label"), button.get("label"), 80)
    url, custom_id = button.get("url"), button.get("custom_id")
    if style == 5:
        if not url:
            errors.add((*path, "url"), "BASE_TYPE_REQUIRED", "This field is required")
        elif not url.startswith(BUTTON_URL_SCHEMES):
            errors.add(
                (*path, "url"),
                "URL_TYPE_INVALID_SCHEME",
                "Scheme must be one of (http, https, discord).",
            )
        errors.max_len((*path, "url"), url, 512)
        if custom_id is not None:
            errors.add(
                (*path, "custom_id"),
                "COMPONENT_CUSTOM_ID_NOT_ALLOWED",
                "Link buttons cannot have a custom_id.",
            )
    elif style != 6:
        if url is not None:
            errors.add(
                (*path, "url"),
                "BUTTON_COMPONENT_URL_NOT_ALLOWED",
                "Only link buttons can have a url.",
            )
        if not custom_id:
            errors.add((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
        else:
            _check_custom_id(custom_id, path, errors, seen_ids)


def _check_custom_id(
    custom_id: str, path: tuple[str | int, ...], errors: _Errors, seen_ids: set[str]
) -> None:
    errors.max_len((*path, "custom_id"), custom_id, 100)
    if custom_id in seen_ids:
        errors.add(
            (*path, "custom_id"),
            "COMPONENT_CUSTOM_ID_DUPLICATED",
            "Component custom id cannot be duplicated",
        )
    seen_ids.add(custom_id)


def _check_select(
    select: dict[str, Any], path: tuple[str | int, ...], errors: _Errors, seen_ids: set[str]
) -> None:
    custom_id = select.get("custom_id")
    if not custom_id:
        errors.add((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
    else:
        _check_custom_id(custom_id, path, errors, seen_ids)
    errors.max_len((*path, "placeholder"), select.get("placeholder"), 150)
    for key, low, high in (("min_values", 0, 25), ("max_values", 1, 25)):
        value = select.get(key)
        if value is not None and not low <= value <= high:
            errors.add((*path, key), "NUMBER_TYPE_MAX", f"Must be between {low} and {high}.")
    if select.get("type") != STRING_SELECT:
        return
    options = select.get("options") or []
    if not 1 <= len(options) <= 25:
        errors.add(
            (*path, "options"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 25 in length."
        )
    for k, option in enumerate(options):
        opath = (*path, "options", k)
        for key in ("label", "value"):
            errors.between((*opath, key), option.get(key), 1, 100)
        errors.max_len((*opath, "description"), option.get("description"), 100)


def validate_choices(choices: list[dict[str, Any]]) -> None:
    """An autocomplete result: at most 25 choices, names 1-100, string values at most 100."""
    errors = _Errors()
    if len(choices) > 25:
        errors.add(("data", "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    for i, choice in enumerate(choices[:25]):
        errors.between(("data", "choices", i, "name"), choice.get("name"), 1, 100)
        errors.max_len(("data", "choices", i, "value"), choice.get("value"), 100)
    if errors.tree:
        raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors.tree)


EXTERNAL_EVENT = 3


def validate_event(event: dict[str, Any]) -> None:
    """A scheduled event as created or edited: Discord's required fields and lengths."""
    errors = _Errors()

    def need(key: str, ok: bool) -> None:
        if not ok:
            errors.add((key,), "BASE_TYPE_REQUIRED", "This field is required")

    name = event.get("name")
    need("name", bool(name))
    errors.between(("name",), name, 1, 100)
    need("scheduled_start_time", bool(event.get("scheduled_start_time")))
    need("privacy_level", event.get("privacy_level") == 2)
    need("entity_type", event.get("entity_type") in (1, 2, EXTERNAL_EVENT))
    if event.get("entity_type") == EXTERNAL_EVENT:
        location = (event.get("entity_metadata") or {}).get("location")
        if not location:
            errors.add(("entity_metadata",), "BASE_TYPE_REQUIRED", "This field is required")
        errors.max_len(("entity_metadata", "location"), location, 100)
        need("scheduled_end_time", bool(event.get("scheduled_end_time")))
    elif event.get("entity_type") in (1, 2):
        need("channel_id", bool(event.get("channel_id")))
    errors.between(("description",), event.get("description"), 1, 1000)
    if errors.tree:
        raise ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors.tree)
