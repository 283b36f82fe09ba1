"""/mentor goals: the person's own goals, with a menu per goal."""

from __future__ import annotations

from bot.services.goals import tracking as goals_service
from handlers.goals.blocks import build_goals_message
from handlers.slack.subcommands import SubcommandCall
from storage.repositories import people as people_repo


def handle_subcommand_goals(call: SubcommandCall) -> None:
    # Only the caller's own goals, read from our database (no network before the ack).
    with call.deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=call.team_id, slack_user_id=call.user_id)
        goals = (
            goals_service.list_goals(session, team_id=call.team_id, person_id=person.id)
            if person is not None and person.id is not None
            else []
        )
    call.answer(build_goals_message(goals))
