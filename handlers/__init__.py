"""Slack surfaces, cut by feature. register_all wires the edge and every feature onto the app."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.deps import Deps


def register_all(app: App, deps: Deps) -> None:
    """The edge's middleware first, then each feature's `register(app)`, then the DM's consumer
    chain (handlers.events) and, last, an ack for any other event."""
    from handlers import (
        accounts,
        admin,
        calendar,
        circles,
        data_rights,
        events,
        goals,
        home,
        introductions,
        matching,
        meetings,
        profiles,
        programs,
        reflection,
        summaries,
        talk,
    )
    from handlers.slack import middleware
    from handlers.slack.subcommands import mentor_subcommands

    middleware.register(app, deps, event_work=events.EVENT_WORK)
    mentor_subcommands(app)  # /mentor and its help, before the features add theirs
    accounts.register(app)
    admin.register(app)
    calendar.register(app)
    circles.register(app)
    data_rights.register(app)
    goals.register(app)
    home.register(app)
    introductions.register(app)
    matching.register(app)
    meetings.register(app)
    profiles.register(app)
    programs.register(app)
    reflection.register(app)
    summaries.register(app)
    talk.register(app)
    events.register(app)
    app.event(re.compile(".*"))(handle_event_unhandled)  # last


def handle_event_unhandled(ack: Ack) -> None:
    """Events nobody listens to are acked, so Slack does not retry them."""
    ack()
