"""The skills modal of the reflection: chosen and typed skill gaps finish the dialog."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import reflection as dialog
from handlers.blocks.reflection import SKILLS_VIEW, selected_skill_keys, typed_skills
from handlers.reflection_dm import acting_person, send_prompt


def register(app: App, deps: Deps) -> None:
    @app.view(SKILLS_VIEW)
    def handle_view_reflection_skills(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        view = body["view"]
        reflection_id = str(view.get("private_metadata") or "")
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
