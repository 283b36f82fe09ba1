"""The Slack app manifest: every command, scope, event and interactivity setting we use."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

COMMANDS: list[tuple[str, str, str]] = [
    ("/reflect", "Start or resume your guided self-reflection", "[restart]"),
    ("/find-mentor", "Find a mentor who fits your goals", "[skills or words]"),
    ("/mentor", "Mentoring: help, profile, goals, checkin, pause, end, data", "[help]"),
    ("/mentoring-summary", "Aggregate mentoring figures for this channel", "[7d|30d|90d]"),
]

BOT_SCOPES: list[str] = [
    "chat:write",
    "commands",
    "im:history",
    "im:write",
    "mpim:history",  # message.mpim, and the scheduler's look for its own earlier post
    "mpim:write",
    "users:read",
    "channels:read",
    "groups:read",
    "groups:write",  # a circle of more than 8 people lives in a private channel the bot creates
    "files:write",
]

BOT_EVENTS: list[str] = [
    "app_home_opened",
    "message.im",
    "message.mpim",  # a pair talking in its group DM answers its meeting prompt (never replied to)
    "user_change",
    "app_uninstalled",
    "tokens_revoked",
]


EVENTS_PATH = "/slack/events"
REDIRECT_PATH = "/slack/oauth_redirect"  # bot/oauth.py serves it


def public_base_url(url: str) -> str:
    """The app's public https:// base URL from what a person typed: with or without a
    trailing slash or the /slack/events path. ValueError says what is wrong."""
    parsed = urlparse(url.strip())
    if parsed.scheme != "https" or not parsed.hostname:
        raise ValueError(
            f"{url!r} is not an https:// URL; Slack sends requests only to https, e.g. "
            "https://mentorbot.example.com"
        )
    if parsed.query or parsed.fragment:
        raise ValueError(f"{url!r} has a query or fragment; give the app's base URL")
    path = parsed.path.rstrip("/")
    path = path.removesuffix(EVENTS_PATH)
    return f"https://{parsed.netloc}{path}"


def build_manifest(
    url: str | None = None,
    *,
    socket_mode: bool = False,
    multi_workspace: bool = False,
    redirect_uri: str | None = None,
) -> dict[str, Any]:
    """The manifest as a dict. HTTP mode needs `url`, the public base URL (public_base_url);
    multi-workspace mode lists the OAuth redirect URL (`redirect_uri`, or the app's own)."""
    if not socket_mode and url is None:
        raise ValueError("an HTTP-mode manifest needs the app's public URL")
    events_url = None if socket_mode else f"{url}{EVENTS_PATH}"
    commands = _slash_commands(events_url)
    interactivity: dict[str, Any] = {"is_enabled": True}
    event_subscriptions: dict[str, Any] = {"bot_events": sorted(BOT_EVENTS)}
    if events_url is not None:
        interactivity["request_url"] = events_url
        event_subscriptions["request_url"] = events_url
    oauth_config: dict[str, Any] = {"scopes": {"bot": sorted(BOT_SCOPES)}}
    if multi_workspace:
        oauth_config["redirect_urls"] = [redirect_uri or f"{url}{REDIRECT_PATH}"]
    return {
        "display_information": {
            "name": "Mentorbot",
            "description": "Find a mentor and keep the relationship alive.",
            "background_color": "#2c4a6e",
        },
        "features": {
            "app_home": {
                "home_tab_enabled": True,
                "messages_tab_enabled": True,
                "messages_tab_read_only_enabled": False,
            },
            "bot_user": {"display_name": "mentorbot", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth_config,
        "settings": {
            "event_subscriptions": event_subscriptions,
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def _slash_commands(events_url: str | None) -> list[dict[str, Any]]:
    """The commands' part of the manifest; each names `events_url` in HTTP mode."""
    commands = []
    for name, description, hint in COMMANDS:
        command: dict[str, Any] = {
            "command": name,
            "description": description,
            "usage_hint": hint,
            "should_escape": False,
        }
        if events_url is not None:
            command["url"] = events_url
        commands.append(command)
    return commands
