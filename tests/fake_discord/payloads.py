"""Discord payloads of the world's bigger objects: guilds (REST and GUILD_CREATE), the app.

Kept apart from ``world.py`` so that one holds the model and its changes; every field here is
one the spec (or discord.py) requires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .guilds import Guild
    from .world import World


def guild_rest(guild: Guild) -> dict[str, Any]:
    """A guild object as ``GET /guilds/{id}`` answers it (the spec's GuildResponse)."""
    return {
        "id": str(guild.id),
        "name": guild.name,
        "icon": None,
        "splash": None,
        "banner": None,
        "description": None,
        "owner_id": str(guild.owner.id),
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "premium_tier": 0,
        "preferred_locale": guild.preferred_locale,
        "features": [],
        "roles": [r.to_payload() for r in guild.roles.values()],
        "emojis": [],
        "stickers": [],
        "system_channel_id": None,
        "application_id": None,
        "home_header": None,
        "discovery_splash": None,
        "region": "deprecated",
        "afk_channel_id": None,
        "system_channel_flags": 0,
        "widget_enabled": False,
        "widget_channel_id": None,
        "max_presences": None,
        "max_members": 25_000_000,
        "max_stage_video_channel_users": 50,
        "max_video_channel_users": 25,
        "vanity_url_code": None,
        "premium_subscription_count": 0,
        "rules_channel_id": None,
        "safety_alerts_channel_id": None,
        "public_updates_channel_id": None,
        "premium_progress_bar_enabled": False,
        "nsfw": False,
        "incidents_data": None,
    }


def guild_create(guild: Guild) -> dict[str, Any]:
    """The GUILD_CREATE payload: the guild plus channels, members, events (gateway only)."""
    members = [m.to_payload() for m in guild.members.values()]
    return {
        **guild.rest_payload(),
        "channels": [c.to_payload() for c in guild.channels.values()],
        "threads": [],
        "members": members,
        # Equal to the members sent, so discord.py considers the guild chunked.
        "member_count": len(members),
        "large": False,
        "unavailable": False,
        "joined_at": guild.me.joined_at,
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": list(guild.scheduled_events.values()),
    }


def application(world: World) -> dict[str, Any]:
    """The application object (`/oauth2/applications/@me`, `/applications/@me`)."""
    return {
        "id": str(world.application_id),
        "name": world.bot_user.username,
        "icon": None,
        "description": "",
        "type": None,
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": world.owner.to_payload(),
        "team": None,
        "verify_key": "0" * 64,
        "flags": 0,
        "flags_new": "0",
        "redirect_uris": [],
        "interactions_endpoint_url": None,
        "role_connections_verification_url": None,
        "bot": world.bot_user.to_payload(),
        "approximate_guild_count": len(world.guilds),
        "approximate_user_install_count": 0,
        "approximate_user_authorization_count": 0,
        "explicit_content_filter": 0,
        "eligible_oauth2_scopes": ["applications.commands", "bot"],
    }
