"""The goal menu (update, milestone, done, drop) and sharing a celebration in a channel."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import goals as goals_service
from handlers.blocks import goals as blocks
from handlers.reflection_dm import acting_person
from handlers.views.goals import celebrate

NOT_YOURS = "That goal isn't yours, so I left it alone."


def register(app: App, deps: Deps) -> None:
    @app.action(blocks.GOAL_MENU_ACTION)
    def handle_action_goal_menu(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        action = (body.get("actions") or [{}])[0]
        parsed = blocks.parse_menu_value(str((action.get("selected_option") or {}).get("value")))
        if parsed is None:
            return
        choice, goal_id = parsed
        person = acting_person(client, deps, body)
        assert person.id is not None
        now = deps.clock.now()
        with deps.db.begin() as session:
            goal = goals_service.own_goal(
                session, team_id=person.team_id, person_id=person.id, goal_id=goal_id
            )
            view = goals_service.view_of(goal) if goal is not None else None
            change = None
            if view is not None and choice == "done":
                change = goals_service.mark_done(
                    session, team_id=person.team_id, person_id=person.id, goal_id=goal_id, now=now
                )
            elif view is not None and choice == "drop":
                change = goals_service.drop(
                    session, team_id=person.team_id, person_id=person.id, goal_id=goal_id, now=now
                )
            goals = goals_service.list_goals(session, team_id=person.team_id, person_id=person.id)
        if view is None:
            respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
            return
        if choice in ("update", "milestone"):
            modal = (
                blocks.build_update_modal if choice == "update" else blocks.build_milestone_modal
            )
            client.views_open(trigger_id=body["trigger_id"], view=modal(view))
            return
        message = blocks.build_goals_message(goals)
        respond(text=message["text"], blocks=message["blocks"], replace_original=True)
        if change is not None and change.celebrate:
            celebrate(client, deps, person, change.goal)

    @app.action(blocks.SHARE_CELEBRATION_ACTION)
    def handle_action_share_celebration(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        value = str((body.get("actions") or [{}])[0].get("value") or "")
        person = acting_person(client, deps, body)
        if not value.isdigit() or person.id is None:
            return
        with deps.db.begin() as session:
            goal = goals_service.own_goal(
                session, team_id=person.team_id, person_id=person.id, goal_id=int(value)
            )
            view = goals_service.view_of(goal) if goal is not None else None
        if view is None or view.status != goals_service.DONE:
            respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
            return
        client.views_open(trigger_id=body["trigger_id"], view=blocks.build_share_modal(view))
