"""/mentor goals: the person's own goals, with a menu per goal."""

from __future__ import annotations

from bot.deps import Deps
from bot.services.goals import tracking as goals_service
from handlers.blocks.goals import build_goals_message
from handlers.commands.router import SubcommandCall, SubcommandRouter
from storage.repositories import people as people_repo


def register_subcommands(router: SubcommandRouter, deps: Deps) -> None:
    def handle_goals(call: SubcommandCall) -> None:
        # Only the caller's own goals, read from our database (no network before the ack).
        with deps.db.begin() as session:
            person = people_repo.get_person(
                session, team_id=call.team_id, slack_user_id=call.user_id
            )
            goals = (
                goals_service.list_goals(session, team_id=call.team_id, person_id=person.id)
                if person is not None and person.id is not None
                else []
            )
        message = build_goals_message(goals)
        call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")

    router.add("goals", handle_goals)
