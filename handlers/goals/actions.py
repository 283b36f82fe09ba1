"""The goal menu (update, milestone, done, drop) and sharing a celebration in a channel."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.goals import tracking as goals_service
from handlers.goals import blocks
from handlers.goals.views import celebrate
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.origin import origin_of_click
from handlers.slack.row_ids import row_id
from storage.models import Person

MODALS = {"update": blocks.build_update_modal, "milestone": blocks.build_milestone_modal}


@on_click
def handle_action_goal_menu(click: Click) -> None:
    parsed = blocks.parse_menu_value(str((click.action.get("selected_option") or {}).get("value")))
    if parsed is None:
        return
    choice, goal_id = parsed
    person = click.person
    outcome = _apply_choice(click, person, choice, goal_id)
    if not outcome.was_active:
        click.tell(blocks.goal_closed_text(outcome.goal))
    elif choice in ("update", "milestone"):
        modal = MODALS[choice](outcome.goal, origin_of_click(click.body))
        click.client.views_open(trigger_id=click.trigger_id, view=modal)
    else:
        message = blocks.build_goals_message(outcome.goals)
        click.respond(text=message["text"], blocks=message["blocks"], replace_original=True)
        if outcome.change is not None and outcome.change.celebrate:
            celebrate(click.client, click.deps, person, outcome.change.goal)


@on_click
def handle_action_share_celebration(click: Click) -> None:
    person = click.person
    goal_id = row_id(click.value)
    if goal_id is None or person.id is None:
        return
    with click.deps.db.begin() as session:
        goal = goals_service.own_goal(
            session, team_id=person.team_id, person_id=person.id, goal_id=goal_id
        )
        view = goals_service.view_of(goal) if goal is not None else None
    if view is None or view.status != goals_service.DONE:
        raise NotYours
    click.client.views_open(trigger_id=click.trigger_id, view=blocks.build_share_modal(view))


@dataclass(frozen=True)
class _Outcome:
    goal: goals_service.GoalView
    change: goals_service.GoalChange | None
    goals: list[goals_service.GoalView]
    was_active: bool


def _apply_choice(click: Click, person: Person, choice: str, goal_id: int) -> _Outcome:
    """Done and drop change the goal now; update and milestone only need it for the modal.
    NotYours when the goal is not the person's."""
    assert person.id is not None
    team_id, now = person.team_id, click.deps.clock.now()
    with click.deps.db.begin() as session:
        goal = goals_service.own_goal(
            session, team_id=team_id, person_id=person.id, goal_id=goal_id
        )
        if goal is None:
            raise NotYours
        was_active, change = goal.status == goals_service.ACTIVE, None
        if was_active and choice in ("done", "drop"):
            apply = goals_service.mark_done if choice == "done" else goals_service.drop
            change = apply(session, team_id=team_id, person_id=person.id, goal_id=goal_id, now=now)
        goals = goals_service.list_goals(session, team_id=team_id, person_id=person.id)
        return _Outcome(goals_service.view_of(goal), change, goals, was_active)
