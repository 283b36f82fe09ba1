"""Accounts: the workspace and its people as Slack changes them (uninstall, revoked tokens,
user_change). Only events."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.accounts.events import EVENTS
    from handlers.slack.event_claims import handle_claimed_event

    for event_type in EVENTS:
        app.event(event_type)(handle_claimed_event)
