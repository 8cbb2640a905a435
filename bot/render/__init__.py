"""Domain values → what Discord shows: embeds, link buttons, and their text preview.

Pure functions with no Discord or store import: the announcer sends these payloads through
discord.py, the commands reply with them, and ``ostbot preview`` prints them, so curators
review exactly what will be posted.

An announcement: ``announcement`` renders a release's embed and buttons, ``message`` makes it
a ``Part`` once, packs parts into messages (the one packer) and assembles each message's
``Post`` (``post``). Replies: ``browse`` (``/ost``) and ``status`` (``/ost-admin status``).
"""

from bot.render.announcement import (
    OUT_NOW,
    PERSONAL_OUT_NOW,
    announcement_embed,
    fit_announcement,
    link_buttons,
    reminder_headline,
)
from bot.render.fit import Cut
from bot.render.message import Part, assemble, pack, render_part, render_post
from bot.render.post import ActionButton, Button, Post
from bot.render.text import post_as_text

__all__ = [
    "OUT_NOW",
    "PERSONAL_OUT_NOW",
    "ActionButton",
    "Button",
    "Cut",
    "Part",
    "Post",
    "announcement_embed",
    "assemble",
    "fit_announcement",
    "link_buttons",
    "pack",
    "post_as_text",
    "reminder_headline",
    "render_part",
    "render_post",
]
