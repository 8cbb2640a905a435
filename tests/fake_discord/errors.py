"""Errors the fake raises *in the test* (never sent to the bot).

FakeDiscordError
 ├── FakeTimeout          a waiter's condition did not hold in time (also an AssertionError)
 ├── UnknownCommand       invoke() named a command the bot never synced
 ├── InvalidInteraction   options/values Discord's client would refuse to send
 └── NotConnected         an interaction needs a connected bot and there is none
"""

from __future__ import annotations


class FakeDiscordError(Exception):
    """Base of every error the fake raises in test code."""


class FakeTimeout(FakeDiscordError, AssertionError):
    """A waiter's condition did not become true in time."""


class UnknownCommand(FakeDiscordError):
    """No synced command matches the name (and scope) given to ``invoke``."""


class InvalidInteraction(FakeDiscordError):
    """The options, focused option or component do not fit what the bot registered."""


class NotConnected(FakeDiscordError):
    """No gateway session is connected to deliver the event to."""
