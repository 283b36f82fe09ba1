"""Events API listeners: each event type's work, run after the ack under the event's claim.

The features own their event work (handlers/<feature>/events.py, each with its EVENTS); here
they are put in one table, so that a listener and the pass that finishes unfinished claims (a
crash after the ack) run the same function on the same verified payload.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from handlers.accounts import events as accounts
from handlers.events.messages import handle_event_message
from handlers.home import events as home
from handlers.slack.context import deps_in
from handlers.slack.event_claims import EventWork, run_claimed
from handlers.slack.event_claims import finish_unfinished_events as finish
from handlers.slack.team_clients import client_for_team

EVENT_WORK: dict[str, EventWork] = {
    **accounts.EVENTS,
    **home.EVENTS,
    "message": handle_event_message,
}


def register(app: App) -> None:
    """One listener for every event type with work; events nobody listens to are acked (last),
    so Slack does not retry them."""
    for event_type in EVENT_WORK:
        app.event(event_type)(handle_claimed_event)


def handle_claimed_event(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The event's work (its claim was taken before the ack), then the claim finished."""
    work = EVENT_WORK[str((body.get("event") or {}).get("type") or "")]
    run_claimed(client, deps_in(context), body, work)


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
