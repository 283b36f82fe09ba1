"""message.im: the person typing in their DM with the app (and message.mpim, which only
tells the scheduler that a pair is talking: handlers/events/pair_messages.py).

Only plain messages the person wrote at the top level of the DM count. Bot messages (ours
included), edits, deletions and thread replies are ignored; a file without text gets a gentle
note. Then each DM consumer gets a turn until one takes the message (Bolt runs only the first
matching listener per event, so features that read the DM add a consumer here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from handlers.events.pair_messages import note_pair_message
from handlers.events.prepare_questions import handle_prepare_questions
from handlers.reflection import events as reflection
from handlers.reflection.blocks import build_file_note
from handlers.slack.payload import team_of
from handlers.talk import events as talk

DmConsumer = Callable[[WebClient, Deps, str, dict[str, Any]], bool]
# (client, deps, team_id, event) -> True when the consumer took the message.
# Order matters: a reflection in progress takes its answers first, so nothing typed for it can
# be read as "come prepared" questions (which are kept private until the person presses Share).
DM_CONSUMERS: list[DmConsumer] = [
    reflection.consume,
    handle_prepare_questions,  # scheduler: takes the message only while a come-prepared nudge waits
    talk.consume,  # last: anything else typed in the DM is a request, or gets the short help
]


def handle_event_message(client: WebClient, deps: Deps, body: dict[str, Any]) -> None:
    event = body.get("event") or {}
    if event.get("channel_type") == "mpim":  # a pair's group DM: listen, never answer
        note_pair_message(deps, team_of(body), event)
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
