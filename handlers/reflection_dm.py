"""Shared by the reflection listeners: who is acting, and sending a prompt into the DM."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.reflection import dialog, steps
from handlers.apology import NotThere, may_have_arrived
from handlers.blocks.reflection import build_prompt_message
from handlers.delivery import not_delivered, posted_since
from handlers.people import dm_channel, ensure_person
from storage.models import Person

logger = logging.getLogger("mentorbot")


def team_of(body: dict[str, Any]) -> str:
    """The workspace of any payload (commands, events, block actions, views)."""
    team = body.get("team_id") or body.get("team") or (body.get("user") or {}).get("team_id")
    if isinstance(team, dict):
        team = team.get("id")
    return str(team or "")


def user_of(body: dict[str, Any]) -> str:
    user = body.get("user_id") or body.get("user")
    if isinstance(user, dict):
        user = user.get("id")
    return str(user or "")


def acting_person(client: WebClient, deps: Deps, body: dict[str, Any]) -> Person:
    return ensure_person(client, deps, team_of(body), user_of(body))


def send_prompt(
    client: WebClient, deps: Deps, person: Person, prompt: steps.Prompt, channel: str = ""
) -> None:
    """Post the next question into the person's DM with the app. When it certainly did not
    arrive, the answer or click that led to it is taken back (prompt.undo) before the error
    goes on; after a timeout, the DM is looked at to know which."""
    message = build_prompt_message(prompt)
    channel = channel or dm_channel(client, deps, person)
    try:
        client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"])
    except Exception as error:
        if prompt.undo is None:
            raise
        if not_delivered(error):
            _take_back(deps, person, prompt.undo)
            raise
        if not may_have_arrived(error):
            raise
        since = prompt.undo.message_ts.removeprefix(steps.CLICK_PREFIX)
        if not posted_since(client, channel=channel, since=since, text=message["text"]):
            _take_back(deps, person, prompt.undo)
            raise NotThere("the next question did not arrive") from error
        logger.info("a question's post timed out and it arrived; the step stays")
    if prompt.is_done:
        from handlers.events.home import publish_home  # the Home shows "reflection done"

        publish_home(client, deps, person)


def _take_back(deps: Deps, person: Person, undo: steps.Undo) -> None:
    assert person.id is not None
    with deps.db.begin() as session:
        dialog.take_back(
            session, team_id=person.team_id, person_id=person.id, undo=undo, now=deps.clock.now()
        )


def start_in_dm(client: WebClient, deps: Deps, person: Person) -> steps.Prompt:
    """Start or resume the person's reflection and post its current question in the DM."""
    assert person.id is not None
    with deps.db.begin() as session:
        prompt = dialog.start_or_resume(
            session, team_id=person.team_id, person_id=person.id, now=deps.clock.now()
        )
    send_prompt(client, deps, person, prompt)
    return prompt
