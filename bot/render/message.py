"""Releases that drop together, as messages: each release rendered once, packed, assembled.

A release's ``Part`` is its embed (rendered by ``announcement``) and its link buttons, made
once. ``pack`` is the one packer: it groups parts into messages within Discord's limits (ten
embeds, 6,000 characters, five rows of buttons), measuring the rendered embeds themselves.
``assemble`` then builds a message's ``Post`` from its parts without rendering them again; only
parts whose facts grew after they were packed (an edit) are re-fitted to share the 6,000.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.domain import Drama, Release
from bot.i18n import SOURCE, Language
from bot.render import limits
from bot.render.actions import remind_custom_id
from bot.render.announcement import announcement_embed, link_buttons
from bot.render.fit import share
from bot.render.post import ActionButton, Button, Post, embed_length


@dataclass(frozen=True, eq=False)
class Part:
    """One release's share of a message: its embed and link buttons, rendered once.

    ``size`` is what Discord counts of the rendered embed toward a message's 6,000 characters;
    ``language`` is the one it was rendered in (a re-fit renders in it again).
    """

    drama: Drama
    release: Release
    embed: dict[str, Any]
    buttons: tuple[Button, ...]
    language: Language = SOURCE
    size: int = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", embed_length(self.embed))

    @property
    def remindable(self) -> bool:
        """Whether a reminder post shows a Remind-me button for it (its custom_id fits)."""
        return remind_custom_id(self.release.key) is not None


def render_part(drama: Drama, release: Release, tr: Language = SOURCE) -> Part:
    """The release rendered whole (as long as it fits one message) with its buttons, in ``tr``."""
    embed = announcement_embed(drama, release, tr=tr)
    return Part(drama, release, embed, link_buttons(release, tr), tr)


def pack(parts: Sequence[Part], *, reminders: bool = False) -> list[list[Part]]:
    """Parts in order, into messages of at most ten embeds, 6,000 characters and five rows of
    buttons (with ``reminders``, each remindable part adds a Remind-me button on rows of
    their own): a part that would overflow one starts the next, so none loses a button to the
    others (only a release with more than 25 links of its own has some left out)."""
    messages: list[list[Part]] = []
    total, links, actions = 0, 0, 0
    for part in parts:
        more_actions = 1 if reminders and part.remindable else 0
        more_links = len(part.buttons)
        full = not messages or len(messages[-1]) >= limits.EMBEDS_PER_MESSAGE
        too_many = _rows(links + more_links, actions + more_actions) > limits.ROWS_PER_MESSAGE
        if full or total + part.size > limits.EMBED_TOTAL or too_many:
            messages.append([])
            total, links, actions = 0, 0, 0
        messages[-1].append(part)
        total += part.size
        links += more_links
        actions += more_actions
    return messages


def _rows(links: int, actions: int) -> int:
    per_row = limits.BUTTONS_PER_ROW
    return -(-links // per_row) + -(-actions // per_row)


def assemble(
    parts: Sequence[Part],
    *,
    ping_role: int | None = None,
    headline: str | None = None,
    actions: tuple[ActionButton, ...] = (),
) -> Post:
    """The post of one message's parts, for one channel (or member).

    ``headline`` (e.g. ``OUT_NOW``) leads the content, after the role ping. Parts packed by
    ``pack`` fit as they are; if their facts grew since (an edit), the embeds are fitted again
    to share the message's 6,000 characters. ``Post.rows`` leaves out buttons beyond 25.
    """
    ping = f"<@&{ping_role}>" if ping_role else None
    content = " ".join(text for text in (ping, headline) if text) or None
    return Post(
        content=content,
        embeds=fit_together(parts),
        buttons=tuple(button for part in parts for button in part.buttons),
        ping_roles=(ping_role,) if ping_role else (),
        actions=actions,
    )


def fit_together(parts: Sequence[Part]) -> tuple[dict[str, Any], ...]:
    """The parts' embeds, together within one message's 6,000 characters."""
    sizes = [part.size for part in parts]
    if sum(sizes) <= limits.EMBED_TOTAL:
        return tuple(part.embed for part in parts)
    cap = share(sizes, limits.EMBED_TOTAL)
    return tuple(
        part.embed
        if part.size <= cap
        else announcement_embed(part.drama, part.release, budget=cap, tr=part.language)
        for part in parts
    )


def render_post(
    drama_of: Mapping[str, Drama],
    releases: Sequence[Release],
    *,
    ping_role: int | None = None,
    headline: str | None = None,
    tr: Language = SOURCE,
) -> Post:
    """The post of ``releases`` (at most ten) as one message, as ``ostbot preview`` shows it:
    each release rendered (``drama_of`` maps drama ids to dramas) in ``tr``, then assembled. It
    does not pack; the announcer packs with ``pack`` and assembles the parts it rendered."""
    parts = [render_part(drama_of[release.drama_id], release, tr) for release in releases]
    return assemble(parts, ping_role=ping_role, headline=headline)
