"""The "Edit my reflection" modal: saving updates the current reflection in place."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.reflection import editing
from handlers.blocks.reflection import (
    EDIT_VIEW,
    build_edit_saved_message,
    edited_answers,
    selected_skill_keys,
    typed_skills,
)
from handlers.events.home import publish_home
from handlers.people import dm_channel
from handlers.reflection_dm import acting_person

logger = logging.getLogger("mentorbot.reflection")
NOT_SAVED = (
    "Nothing was saved: that form was not for your current reflection "
    "(it was started over since, or it isn't yours)."
)


def register(app: App, deps: Deps) -> None:
    @app.view(EDIT_VIEW)
    def handle_view_reflection_edit(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]
        reflection_id = str(view.get("private_metadata") or "")
        person = acting_person(client, deps, body)
        if not reflection_id.isdigit() or person.id is None:
            return
        values = view.get("state", {}).get("values", {})
        with deps.db.begin() as session:
            result = editing.save_edit(
                session,
                team_id=person.team_id,
                person_id=person.id,
                reflection_id=int(reflection_id),
                answers=edited_answers(values),
                keys=selected_skill_keys(values),
                typed=typed_skills(values),
                now=deps.clock.now(),
            )
        if result is None:
            # Not the submitter's current reflection: forged, or replaced by a restart since.
            logger.warning("edit of reflection %s by %s refused", reflection_id, person.id)
            client.chat_postMessage(channel=dm_channel(client, deps, person), text=NOT_SAVED)
            return
        if not result.changed:
            return  # a double submit, or nothing edited: nothing stored, nothing to confirm
        message = build_edit_saved_message(result)
        client.chat_postMessage(
            channel=dm_channel(client, deps, person), text=message["text"], blocks=message["blocks"]
        )
        publish_home(client, deps, person)
