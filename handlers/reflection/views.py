"""The reflection's modals are saved: the skills to grow finish the dialog; the edit form
updates the current reflection in place."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.reflection import dialog, editing
from handlers.home.publish import publish_home
from handlers.reflection.dm import send_prompt
from handlers.reflection.forms import (
    SKILLS_TYPED_BLOCK,
    build_edit_saved_message,
    edited_answers,
    selected_skill_keys,
    typed_skills,
)
from handlers.slack.context import deps_in
from handlers.slack.payload import private_metadata, team_of, user_of, view_values
from handlers.slack.people import acting_person, dm_channel
from handlers.slack.replies import NOT_YOURS
from handlers.slack.row_ids import row_id
from storage.models import Person, Reflection
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.reflection")
NOT_SAVED = (
    "Nothing was saved: that form was not for your current reflection "
    "(it was started over since, or it isn't yours)."
)


def handle_view_reflection_skills(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    deps, reflection_id = deps_in(context), private_metadata(body)
    if not _owns(deps, body, reflection_id):
        ack(response_action="errors", errors={SKILLS_TYPED_BLOCK: NOT_YOURS})
        return
    ack()
    person = acting_person(client, deps, body)
    found = row_id(reflection_id)
    if found is None or person.id is None:
        return
    values = view_values(body)
    with deps.db.begin() as session:
        prompt = dialog.choose_skills(
            session,
            team_id=person.team_id,
            person_id=person.id,
            reflection_id=found,
            keys=selected_skill_keys(values),
            typed=typed_skills(values),
            now=deps.clock.now(),
        )
    if prompt is not None:
        send_prompt(client, deps, person, prompt)


def _owns(deps: Deps, body: dict[str, Any], reflection_id: str) -> bool:
    """Database only (the modal answer is due within 3 seconds)."""
    found = row_id(reflection_id)
    if found is None:
        return False
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=team_of(body), slack_user_id=user_of(body))
        reflection = session.get(Reflection, found)
        return (
            person is not None
            and reflection is not None
            and reflection.team_id == person.team_id
            and reflection.person_id == person.id
        )


def handle_view_reflection_edit(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    ack()
    deps, reflection_id = deps_in(context), private_metadata(body)
    person = acting_person(client, deps, body)
    found = row_id(reflection_id)
    if found is None or person.id is None:
        return
    result = _save_edit(deps, person, found, view_values(body))
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


def _save_edit(
    deps: Deps, person: Person, reflection_id: int, values: dict[str, Any]
) -> editing.EditResult | None:
    assert person.id is not None
    with deps.db.begin() as session:
        return editing.save_edit(
            session,
            team_id=person.team_id,
            person_id=person.id,
            reflection_id=reflection_id,
            answers=edited_answers(values),
            keys=selected_skill_keys(values),
            typed=typed_skills(values),
            now=deps.clock.now(),
        )
