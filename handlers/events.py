"""Events API listeners: each event type's work, run after the ack under the event's claim.

The features own their event work (handlers/<feature>/events.py, each with its EVENTS, which
its register(app) listens to); here they are put in one table, so that the claimed listener and
the pass that finishes unfinished claims (a crash after the ack) run the same function on the
same verified payload.

A `message` is the person typing in their DM with the app (message.im), or the two people of a
pair talking in their group DM (message.mpim, which only tells the meetings that the pair is
talking). In the DM only plain messages the person wrote at the top level count: bot messages
(ours included), edits, deletions and thread replies are ignored; a file without text gets a
gentle note. Then each DM consumer gets a turn until one takes the message (Bolt runs only the
first matching listener per event, so features that read the DM add a consumer here).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.scheduler import PassReport
from handlers.accounts import events as accounts
from handlers.home import events as home
from handlers.meetings import events as meetings
from handlers.reflection import events as reflection
from handlers.reflection.blocks import build_file_note
from handlers.slack.event_claims import EventWork, handle_claimed_event
from handlers.slack.event_claims import finish_unfinished_events as finish
from handlers.slack.payload import team_of
from handlers.slack.team_clients import client_for_team
from handlers.talk import events as talk

DmConsumer = Callable[[WebClient, Deps, str, dict[str, Any]], bool]
# (client, deps, team_id, event) -> True when the consumer took the message.
# Order matters: a reflection in progress takes its answers first, so nothing typed for it can
# be read as "come prepared" questions (which are kept private until the person presses Share).
DM_CONSUMERS: list[DmConsumer] = [
    reflection.consume,
    meetings.take_prepared_questions,  # only while a come-prepared nudge waits
    talk.consume,  # last: anything else typed in the DM is a request, or gets the short help
]


def handle_event_message(client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    event = body.get("event") or {}
    if event.get("channel_type") == "mpim":  # a pair's group DM: listen, never answer
        meetings.note_pair_message(deps, team_of(body), event)
        return
    if not is_person_typing_in_dm(event):
        return
    if event.get("subtype") == "file_share" and not str(event.get("text") or "").strip():
        note = build_file_note()
        client.chat_postMessage(channel=event["channel"], text=note["text"], blocks=note["blocks"])
        return
    team_id = team_of(body)
    for consume in DM_CONSUMERS:
        if consume(client, deps, team_id, event):
            return


def is_person_typing_in_dm(event: dict[str, Any]) -> bool:
    """A top-level message a person wrote in a DM (not a bot, an edit or a thread reply)."""
    if event.get("channel_type") not in (None, "im"):
        return False
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    # Edits, deletions, joins and bot posts all carry a subtype; a file share is still typing.
    if event.get("subtype") not in (None, "file_share"):
        return False
    thread_ts = event.get("thread_ts")
    return not thread_ts or thread_ts == event.get("ts")


EVENT_WORK: dict[str, EventWork] = {
    **accounts.EVENTS,
    **home.EVENTS,
    "message": handle_event_message,
}


def register(app: App) -> None:
    """The DM's and the group DM's messages, each consumer's turn in handle_event_message."""
    app.event("message")(handle_claimed_event)


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
