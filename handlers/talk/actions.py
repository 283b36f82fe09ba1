"""The next-step buttons of the bot's short help in its DM."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import talk
from handlers.reflection.dm import acting_person
from handlers.talk.answers import answer_request
from handlers.talk.blocks import ACTION_NEXT_STEP_PATTERN


def register(app: App, deps: Deps) -> None:
    def handle_action_next_step(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        """The step named by the button's value, for the clicker (it carries no one's ids)."""
        ack()
        step = str((body.get("actions") or [{}])[0].get("value") or "")
        if step in talk.STEPS:
            answer_request(client, deps, acting_person(client, deps, body), step)

    app.action(ACTION_NEXT_STEP_PATTERN)(handle_action_next_step)
