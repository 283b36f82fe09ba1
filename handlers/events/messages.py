"""Messages people type in their DM with the bot.

One listener, several features: each DM handler says whether it took the message, and the
first that does wins. The scheduler's come-prepared questions go first, and only take the
message while a nudge is waiting for an answer; the reflection dialog adds its handler after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.events.prepare_questions import handle_prepare_questions

DmHandler = Callable[[WebClient, Deps, str, dict[str, Any]], bool]

DM_HANDLERS: list[DmHandler] = [
    handle_prepare_questions,  # scheduler: answers to a "come prepared" nudge
]


def register(app: App, deps: Deps) -> None:
    @app.event("message")
    def handle_event_message(
        ack: Ack, body: dict[str, Any], event: dict[str, Any], client: WebClient
    ) -> None:
        ack()
        if not _typed_in_dm(event):
            return
        team_id = str(body.get("team_id") or event.get("team") or "")
        for handler in DM_HANDLERS:
            if handler(client, deps, team_id, event):
                return


def _typed_in_dm(event: dict[str, Any]) -> bool:
    """A person's own new message in a DM (not an edit, a bot, or a thread reply)."""
    return (
        event.get("channel_type") == "im"
        and not event.get("subtype")
        and not event.get("bot_id")
        and bool(event.get("user"))
        and event.get("thread_ts") in (None, event.get("ts"))
    )
