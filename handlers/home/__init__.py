"""The App Home: built from the person's own data, published on app_home_opened and after what
changes it."""

from __future__ import annotations

from slack_bolt import App


def register(app: App) -> None:
    from handlers.home.events import EVENTS
    from handlers.slack.event_claims import handle_claimed_event

    for event_type in EVENTS:
        app.event(event_type)(handle_claimed_event)
