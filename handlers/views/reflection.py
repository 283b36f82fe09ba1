"""The skills modal of the reflection: chosen and typed skill gaps finish the dialog."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.reflection import dialog
from handlers.blocks.reflection import (
    SKILLS_TYPED_BLOCK,
    SKILLS_VIEW,
    selected_skill_keys,
    typed_skills,
)
from handlers.interaction import team_of, user_of
from handlers.reflection_dm import acting_person, send_prompt
from storage.models import Reflection
from storage.repositories import people as people_repo


def register(app: App, deps: Deps) -> None:
    @app.view(SKILLS_VIEW)
    def handle_view_reflection_skills(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        view = body["view"]
        reflection_id = str(view.get("private_metadata") or "")
        if not _owns(deps, body, reflection_id):
            ack(response_action="errors", errors={SKILLS_TYPED_BLOCK: NOT_YOURS})
            return
        ack()
        person = acting_person(client, deps, body)
        if not reflection_id.isdigit() or person.id is None:
            return
        values = view.get("state", {}).get("values", {})
        with deps.db.begin() as session:
            prompt = dialog.choose_skills(
                session,
                team_id=person.team_id,
                person_id=person.id,
                reflection_id=int(reflection_id),
                keys=selected_skill_keys(values),
                typed=typed_skills(values),
                now=deps.clock.now(),
            )
        if prompt is not None:
            send_prompt(client, deps, person, prompt)


NOT_YOURS = "This reflection isn't yours, so nothing changed."


def _owns(deps: Deps, body: dict[str, Any], reflection_id: str) -> bool:
    """Database only (the modal answer is due within 3 seconds)."""
    if not reflection_id.isdigit():
        return False
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=team_of(body), slack_user_id=user_of(body))
        reflection = session.get(Reflection, int(reflection_id))
        return (
            person is not None
            and reflection is not None
            and reflection.team_id == person.team_id
            and reflection.person_id == person.id
        )
