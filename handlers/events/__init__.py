"""Events API listeners: each event type's work, run after the ack under the event's claim."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from handlers.accounts import events as lifecycle
from handlers.accounts import user_change
from handlers.events import messages
from handlers.home import publish as home
from handlers.slack.event_claims import EventWork, run_claimed
from handlers.slack.event_claims import finish_unfinished_events as finish
from handlers.slack.team_clients import client_for_team

# Event type -> its work. A listener and the pass that finishes unfinished claims (a crash
# after the ack) run the same function on the same verified payload.
EVENT_WORK: dict[str, EventWork] = {
    "app_home_opened": home.handle_event_app_home_opened,
    "app_uninstalled": lifecycle.handle_event_app_uninstalled,
    "tokens_revoked": lifecycle.handle_event_tokens_revoked,
    "message": messages.handle_event_message,
    "user_change": user_change.handle_event_user_change,
}


def register(app: App, deps: Deps) -> None:
    """Register every listener of this surface."""
    for event_type, work in EVENT_WORK.items():
        app.event(event_type)(_claimed_listener(deps, work))


def _claimed_listener(deps: Deps, work: EventWork) -> Any:
    def listener(body: dict[str, Any], client: WebClient) -> None:
        run_claimed(client, deps, body, work)

    listener.__name__ = work.__name__  # what Bolt's log lines call it
    return listener


def finish_unfinished_events(
    client: WebClient, deps: Deps, now: datetime, report: PassReport
) -> None:
    """A source of the scheduler pass (and of start-up): events whose work never finished."""
    report.failed += finish(
        client,
        deps,
        now,
        EVENT_WORK.get,
        lambda team_id: client_for_team(client, deps, team_id),
    )
