"""/mentor circle: the modal a mentor opens a circle with; anyone else gets a plain answer."""

from __future__ import annotations

from bot.services import skills as skills_service
from bot.services.circles import forms
from handlers.circles.blocks import build_circle_view, build_not_mentor_message
from handlers.slack.people import ensure_person
from handlers.slack.subcommands import SubcommandCall
from storage.repositories import people as people_repo


def handle_subcommand_circle(call: SubcommandCall) -> None:
    deps = call.deps
    # The trigger_id lives 3 seconds: decide and open the modal from the database alone.
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=call.team_id, slack_user_id=call.user_id)
        mentor = person is not None and forms.is_mentor(
            session, team_id=call.team_id, person_id=int(person.id or 0)
        )
        catalog = skills_service.catalog(session, team_id=call.team_id, now=deps.clock.now())
    if not mentor:
        call.answer(build_not_mentor_message())
        return
    call.ack()
    call.client.views_open(trigger_id=call.trigger_id, view=build_circle_view(catalog))
    ensure_person(call.client, deps, call.team_id, call.user_id)  # name and tz, for later
