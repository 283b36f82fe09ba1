"""The goal menu (update, milestone, done, drop) and sharing a celebration in a channel."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.goals import tracking as goals_service
from handlers.blocks import goals as blocks
from handlers.blocks import saved
from handlers.blocks.origin import origin_of_click
from handlers.reflection_dm import acting_person
from handlers.views.goals import celebrate
from storage.models import Person

NOT_YOURS = "That goal isn't yours, so I left it alone."
MODALS = {"update": blocks.build_update_modal, "milestone": blocks.build_milestone_modal}


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
        outcome = _apply_choice(deps, person, choice, goal_id)
        if outcome is None:
            respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
        elif not outcome.was_active:
            text = saved.goal_closed_text(outcome.goal)
            respond(text=text, response_type="ephemeral", replace_original=False)
        elif choice in ("update", "milestone"):
            modal = MODALS[choice](outcome.goal, origin_of_click(body))
            client.views_open(trigger_id=body["trigger_id"], view=modal)
        else:
            message = blocks.build_goals_message(outcome.goals)
            respond(text=message["text"], blocks=message["blocks"], replace_original=True)
            if outcome.change is not None and outcome.change.celebrate:
                celebrate(client, deps, person, outcome.change.goal)

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


@dataclass(frozen=True)
class _Outcome:
    goal: goals_service.GoalView
    change: goals_service.GoalChange | None
    goals: list[goals_service.GoalView]
    was_active: bool


def _apply_choice(deps: Deps, person: Person, choice: str, goal_id: int) -> _Outcome | None:
    """Done and drop change the goal now; update and milestone only need it for the modal."""
    assert person.id is not None
    team_id, now = person.team_id, deps.clock.now()
    with deps.db.begin() as session:
        goal = goals_service.own_goal(
            session, team_id=team_id, person_id=person.id, goal_id=goal_id
        )
        if goal is None:
            return None
        was_active, change = goal.status == goals_service.ACTIVE, None
        if was_active and choice in ("done", "drop"):
            apply = goals_service.mark_done if choice == "done" else goals_service.drop
            change = apply(session, team_id=team_id, person_id=person.id, goal_id=goal_id, now=now)
        goals = goals_service.list_goals(session, team_id=team_id, person_id=person.id)
        return _Outcome(goals_service.view_of(goal), change, goals, was_active)
