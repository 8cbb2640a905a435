"""A message to post: content, embeds, link buttons and action buttons, as Discord's JSON shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.render import limits


@dataclass(frozen=True)
class Button:
    """A link button (Discord component type 2, style 5)."""

    label: str
    url: str


@dataclass(frozen=True)
class ActionButton:
    """A button the bot answers (type 2, style 2 "secondary"), found again by its custom_id."""

    label: str
    custom_id: str


@dataclass(frozen=True)
class Post:
    content: str | None = None
    embeds: tuple[dict[str, Any], ...] = ()
    buttons: tuple[Button, ...] = ()
    # Role ids this post may ping; nothing else in it can ever mention anyone.
    ping_roles: tuple[int, ...] = field(default=())
    actions: tuple[ActionButton, ...] = ()

    def rows(self) -> list[tuple[Button | ActionButton, ...]]:
        """Link buttons, then action buttons on rows of their own: at most five rows of five.

        The action rows are kept first (a post that cannot be acted on is the worse loss: its
        embeds carry the links' targets anyway); link buttons fill the rows left.
        """
        per_row, most = limits.BUTTONS_PER_ROW, limits.ROWS_PER_MESSAGE
        actions = self.actions[: per_row * most]
        action_rows = _chunks(actions, per_row)
        links = self.buttons[: per_row * (most - len(action_rows))]
        return [*_chunks(links, per_row), *action_rows]

    def components(self) -> list[dict[str, Any]]:
        """Buttons as action rows (see :meth:`rows`)."""
        return [{"type": 1, "components": [_component(b) for b in row]} for row in self.rows()]

    def allowed_mentions(self) -> dict[str, Any]:
        return {"parse": [], "roles": [str(role) for role in self.ping_roles]}

    def payload(self) -> dict[str, Any]:
        """The JSON body of a create-message request."""
        body: dict[str, Any] = {
            "embeds": list(self.embeds),
            "components": self.components(),
            "allowed_mentions": self.allowed_mentions(),
        }
        if self.content:
            body["content"] = self.content
        return body


def _chunks(
    items: tuple[Button | ActionButton, ...], size: int
) -> list[tuple[Button | ActionButton, ...]]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def _component(button: Button | ActionButton) -> dict[str, Any]:
    if isinstance(button, ActionButton):
        return {"type": 2, "style": 2, "label": button.label, "custom_id": button.custom_id}
    return {"type": 2, "style": 5, "label": button.label, "url": button.url}


def embed_length(embed: dict[str, Any]) -> int:
    """The characters Discord counts toward the 6,000 total of a message."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", ""))
    total += len(embed.get("author", {}).get("name", ""))
    for item in embed.get("fields", []):
        total += len(item["name"]) + len(item["value"])
    return total
