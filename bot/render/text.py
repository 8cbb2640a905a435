"""A post as plain text, for ``ostbot preview`` and for reviewing a schedule before it ships."""

from __future__ import annotations

from typing import Any

from bot.render.post import Post


def post_as_text(post: Post) -> str:
    """Everything a member will see, in reading order, with URLs written out."""
    lines: list[str] = []
    if post.content:
        lines += [post.content, ""]
    for embed in post.embeds:
        lines += _embed_lines(embed)
    if post.buttons:
        lines.append("Buttons:")
        lines += [f"  [{button.label}] → {button.url}" for button in post.buttons]
    else:
        lines.append("Buttons: none (no music video or streaming links known yet)")
    return "\n".join(lines)


def _embed_lines(embed: dict[str, Any]) -> list[str]:
    lines = [f"┌─ {embed['title']}"]
    if "url" in embed:
        lines.append(f"│  link: {embed['url']}")
    lines += [f"│  {line}" if line else "│" for line in embed.get("description", "").splitlines()]
    for item in embed.get("fields", []):
        lines.append(f"│  {item['name']}: {item['value']}")
    footer = embed.get("footer", {}).get("text", "")
    stamp = f" · {embed['timestamp']}" if "timestamp" in embed else ""
    lines += [f"└─ {footer}{stamp}", ""]
    return lines
