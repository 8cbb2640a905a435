"""Buttons and select menus fail the way slash commands do: one private answer, never silence."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import Any

import pytest

from bot.domain import NotFound
from bot.tree import GENERIC_APOLOGY

PICK = "ostbot:remind-pick"
REMIND = "ostbot:remind:goblin/part-1"
UNREMIND = "ostbot:unremind:goblin/part-1"

# Each component, and the module and name of what its callback calls, where the fault is injected.
COMPONENTS = {
    "page": ("bot.exts.browse._upcoming", "upcoming_reply"),
    "remind": ("bot.exts.browse._reminder_buttons", "remind"),
    "select": ("bot.exts.browse._reminder_buttons", "remind"),
    "unremind": ("bot.exts.browse._reminder_buttons", "unremind"),
}


async def press_failing(
    fake_discord, alice, monkeypatch, component: str, fault: Callable[[], Exception]
) -> Any:
    """Show the message that carries ``component``, make its service raise, press it as alice."""

    async def failing(*args: Any, **kwargs: Any) -> Any:
        raise fault()

    if component == "unremind":
        # The cancel button exists only once a real reminder is set.
        info = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
        message = (await fake_discord.press_button(info.message, REMIND, user=alice)).message
        custom_id, values = UNREMIND, None
    elif component == "remind":
        info = await fake_discord.invoke("ost info", {"release": "goblin/part-1"}, user=alice)
        message, custom_id, values = info.message, REMIND, None
    else:
        page = await fake_discord.invoke("ost upcoming", user=alice)
        message = page.message
        custom_id = f"ostbot:up:1:{alice.user.id}::" if component == "page" else PICK
        values = ["goblin/part-2"] if component == "select" else None
    # The module the running bot loaded (discord.py reloads an extension's modules per bot).
    module, name = COMPONENTS[component]
    monkeypatch.setattr(importlib.import_module(module), name, failing)
    return await fake_discord.press_button(message, custom_id, user=alice, values=values)


def tree_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "bot.tree" and r.levelno >= logging.WARNING]


@pytest.mark.parametrize("component", COMPONENTS)
async def test_a_crash_in_a_component_gets_an_apology_and_a_logged_traceback(
    fake_discord, browse_bot, alice, monkeypatch, caplog, component
):
    """An unexpected exception in any component: the generic private apology, traceback logged."""
    result = await press_failing(
        fake_discord, alice, monkeypatch, component, lambda: ZeroDivisionError("internal detail")
    )
    assert result.ephemeral
    assert result.content == GENERIC_APOLOGY
    (record,) = tree_records(caplog)
    assert record.getMessage().startswith("component ostbot:")
    assert record.getMessage().endswith(" failed")
    assert record.exc_info is not None
    assert isinstance(record.exc_info[1], ZeroDivisionError)


@pytest.mark.parametrize("component", COMPONENTS)
async def test_a_users_error_in_a_component_is_answered_with_its_text(
    fake_discord, browse_bot, alice, monkeypatch, caplog, component
):
    """An OstbotError in any component is answered privately with its own text, nothing logged."""
    result = await press_failing(
        fake_discord, alice, monkeypatch, component, lambda: NotFound("No such release: x/y.")
    )
    assert result.ephemeral
    assert result.content == "No such release: x/y."
    assert tree_records(caplog) == []
