"""A message to post: content, embeds and link buttons, as Discord's JSON shapes."""

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
class Post:
    content: str | None = None
    embeds: tuple[dict[str, Any], ...] = ()
    buttons: tuple[Button, ...] = ()
    # Role ids this post may ping; nothing else in it can ever mention anyone.
    ping_roles: tuple[int, ...] = field(default=())

    def components(self) -> list[dict[str, Any]]:
        """Buttons as action rows of at most five, at most five rows."""
        per_row = limits.BUTTONS_PER_ROW
        buttons = self.buttons[: per_row * limits.ROWS_PER_MESSAGE]
        rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
        return [
            {
                "type": 1,
                "components": [
                    {"type": 2, "style": 5, "label": b.label, "url": b.url} for b in row
                ],
            }
            for row in rows
        ]

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


def embed_length(embed: dict[str, Any]) -> int:
    """The characters Discord counts toward the 6,000 total of a message."""
    total = len(embed.get("title", "")) + len(embed.get("description", ""))
    total += len(embed.get("footer", {}).get("text", ""))
    total += len(embed.get("author", {}).get("name", ""))
    for item in embed.get("fields", []):
        total += len(item["name"]) + len(item["value"])
    return total


def pack_embeds(embeds: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group embeds into as few messages as Discord allows (10 each, 6,000 characters each)."""
    groups: list[list[dict[str, Any]]] = []
    size = 0
    for embed in embeds:
        length = embed_length(embed)
        full = not groups or len(groups[-1]) >= limits.EMBEDS_PER_MESSAGE
        if full or size + length > limits.EMBED_TOTAL:
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += length
    return groups
