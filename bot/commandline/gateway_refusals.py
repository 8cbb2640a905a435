"""What ``ostbot run`` says when Discord's gateway closes for good (codes not to reconnect after).

discord.py stops on these close codes (Discord's table says not to reconnect) and raises
``ConnectionClosed`` with the code, or ``PrivilegedIntentsRequired`` for 4014. Each becomes one
line for the operator: what Discord said, and what to do about it.
"""

from __future__ import annotations

import discord

_WHAT_TO_DO = {
    4004: (
        "Authentication failed",
        "Discord rejected DISCORD_TOKEN; copy the token again from the developer portal's Bot page",
    ),
    4010: (
        "Invalid shard",
        "Discord refused this process's shard; check OSTBOT_SHARD_COUNT and OSTBOT_SHARD_IDS",
    ),
    4011: (
        "Sharding required",
        "the bot is in too many servers for one gateway connection (Discord allows 2,500 per "
        "shard); set OSTBOT_SHARD_COUNT (about one shard per 1,000 servers) on every process",
    ),
    4012: (
        "Invalid API version",
        "this ostbot's discord.py speaks a gateway version Discord no longer serves; update ostbot",
    ),
    4013: ("Invalid intent(s)", "Discord does not know an intent ostbot asked for; update ostbot"),
    4014: (
        "Disallowed intent(s)",
        "ostbot asked for a privileged intent the application may not use; enable it on the "
        "developer portal's Bot page (Privileged Gateway Intents) or update ostbot",
    ),
}


def gateway_refusal(error: discord.ConnectionClosed | discord.PrivilegedIntentsRequired) -> str:
    """One line for a gateway connection Discord closed for good."""
    code = 4014 if isinstance(error, discord.PrivilegedIntentsRequired) else error.code
    known = _WHAT_TO_DO.get(code)
    if known is None:
        reason = getattr(error, "reason", None) or "no reason given"
        return f"ostbot run: Discord's gateway closed the connection ({code} {reason})"
    description, advice = known
    return f"ostbot run: Discord's gateway closed the connection ({code} {description}): {advice}"
