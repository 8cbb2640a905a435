"""Domain values → what Discord shows: embeds, link buttons, and their text preview.

Pure functions with no Discord import: the announcer sends these payloads through discord.py,
and ``ostbot preview`` prints them, so curators review exactly what will be posted.
"""

from bot.render.announcement import (
    OUT_NOW,
    PERSONAL_OUT_NOW,
    announcement_embed,
    fit_announcement,
    link_buttons,
    reminder_headline,
    render_post,
)
from bot.render.fit import Cut
from bot.render.post import ActionButton, Button, Post, pack_embeds
from bot.render.text import post_as_text

__all__ = [
    "OUT_NOW",
    "PERSONAL_OUT_NOW",
    "ActionButton",
    "Button",
    "Cut",
    "Post",
    "announcement_embed",
    "fit_announcement",
    "link_buttons",
    "pack_embeds",
    "post_as_text",
    "reminder_headline",
    "render_post",
]
