"""Slack surfaces. register_all wires every listener onto the app."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.deps import Deps


def register_all(app: App, deps: Deps) -> None:
    from handlers import actions, commands, events, views
    from handlers.slack import middleware, typed_input

    typed_input.register(app)  # first: every later middleware and listener reads clean text
    middleware.register(app, deps)
    commands.register(app, deps)
    events.register(app, deps)
    actions.register(app, deps)
    views.register(app, deps)

    # Registered last: events nobody listens to are acked, so Slack does not retry them.
    @app.event(re.compile(".*"))
    def handle_event_unhandled(ack: Ack) -> None:
        ack()
