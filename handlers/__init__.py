"""Slack surfaces, cut by feature. register_all wires the edge and every feature onto the app."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.deps import Deps


def register_all(app: App, deps: Deps) -> None:
    """The edge's middleware first, then each feature's `register(app)`; accounts and home only
    have event work, wired with every other event's in handlers.events."""
    from handlers import (
        admin,
        data_rights,
        events,
        goals,
        introductions,
        matching,
        meetings,
        profiles,
        reflection,
        summaries,
        talk,
    )
    from handlers.slack import middleware
    from handlers.slack.subcommands import mentor_subcommands

    middleware.register(app, deps, claimed_events=events.EVENT_WORK)
    mentor_subcommands(app)  # /mentor and its help, before the features add theirs
    admin.register(app)
    data_rights.register(app)
    goals.register(app)
    introductions.register(app)
    matching.register(app)
    meetings.register(app)
    profiles.register(app)
    reflection.register(app)
    summaries.register(app)
    talk.register(app)
    events.register(app)
    app.event(re.compile(".*"))(handle_event_unhandled)  # last


def handle_event_unhandled(ack: Ack) -> None:
    """Events nobody listens to are acked, so Slack does not retry them."""
    ack()
