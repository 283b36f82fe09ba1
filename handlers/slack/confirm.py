"""After a modal is saved: the message it was opened from shows what was recorded, its buttons
gone. Without such a message (or when Slack refuses the update) the person's DM says it."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.deps import Deps
from bot.request_checks import is_slack_url
from handlers.slack.done import Done, without_done
from handlers.slack.origin import Origin
from handlers.slack.people import dm_channel
from storage.models import Person

logger = logging.getLogger("mentorbot.confirm")


def confirm_saved(
    client: WebClient, deps: Deps, person: Person, origin: Origin, message: dict[str, Any]
) -> None:
    """Replace the origin with `message`; the DM gets it when there is nothing to replace."""
    if not _replaced(client, deps, origin, message):
        client.chat_postMessage(
            channel=dm_channel(client, deps, person), text=message["text"], blocks=message["blocks"]
        )


def confirm_done(client: WebClient, deps: Deps, origin: Origin, done: Done) -> bool:
    """Take the done button off the message it was clicked on, its note in its place (the rest
    of the message as it stands now, other buttons too). An ephemeral origin or a command gets
    the note alone. False when there was nothing to change."""
    if not origin.channel:
        note = {"text": _note_text(done), "blocks": done.note}
        return _replaced(client, deps, origin, note)
    try:
        found = client.conversations_history(
            channel=origin.channel, latest=origin.ts, oldest=origin.ts, inclusive=True, limit=1
        )
        current = next((m for m in found.get("messages") or [] if m.get("ts") == origin.ts), None)
        if current is None:
            return False
        blocks = without_done(list(current.get("blocks") or []), done)
        client.chat_update(
            channel=origin.channel, ts=origin.ts, text=str(current.get("text") or ""), blocks=blocks
        )
    except SlackApiError as error:
        logger.warning("could not update the form's message: %s", error.response.get("error"))
        return False
    return True


def _note_text(done: Done) -> str:
    return " ".join(str(b.get("text", {}).get("text", "")) for b in done.note).strip()


def _replaced(client: WebClient, deps: Deps, origin: Origin, message: dict[str, Any]) -> bool:
    text, blocks = message["text"], message["blocks"]
    if origin.channel:
        try:
            client.chat_update(channel=origin.channel, ts=origin.ts, text=text, blocks=blocks)
        except SlackApiError as error:
            logger.warning("could not update the form's message: %s", error.response.get("error"))
            return False
        return True
    if origin.url and is_slack_url(origin.url, api_url=deps.settings.api_url):
        sent = WebhookClient(origin.url).send(
            text=text, blocks=blocks, response_type="ephemeral", replace_original=origin.replace
        )
        if _accepted(sent.status_code, sent.body):
            return True
        logger.warning("could not answer under the form's message: HTTP %s", sent.status_code)
    return False


def _accepted(status: int, body: str) -> bool:
    """Slack answers a response_url with "ok" (its emulator with JSON, `ok` true)."""
    if status != 200:
        return False
    try:
        return body.strip() == "ok" or json.loads(body).get("ok") is True
    except (ValueError, AttributeError):
        return False
