"""/mentor profile: the mentor profile modal."""

from __future__ import annotations

from sqlmodel import Session

from bot.services import profiles
from bot.services import skills as skills_service
from handlers.profiles.blocks import ProfileDefaults, build_profile_view
from handlers.slack.people import ensure_person
from handlers.slack.subcommands import SubcommandCall
from storage.repositories import people as people_repo


def handle_subcommand_profile(call: SubcommandCall) -> None:
    call.ack()
    deps = call.deps
    # The trigger_id lives 3 seconds: open the modal from the database alone, first.
    with deps.db.begin() as session:
        catalog = skills_service.catalog(session, team_id=call.team_id, now=deps.clock.now())
        defaults = _defaults(session, call.team_id, call.user_id)
    call.client.views_open(
        trigger_id=str(call.body["trigger_id"]), view=build_profile_view(catalog, defaults)
    )
    ensure_person(call.client, deps, call.team_id, call.user_id)  # name and tz, for later


def _defaults(session: Session, team_id: str, user_id: str) -> ProfileDefaults:
    person = people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)
    if person is None or person.id is None:
        return ProfileDefaults()
    profile = profiles.get_profile(session, team_id=team_id, person_id=person.id)
    if profile is None or profile.id is None:
        return ProfileDefaults()
    return ProfileDefaults(
        skill_keys=profiles.profile_skill_keys(session, profile_id=profile.id),
        helps_with=profile.helps_with,
        capacity=profile.capacity,
        is_open=profile.is_open,
        alumni=profile.alumni,
        team_name=profile.team_name,
        open_to_peers=profile.open_to_peers,
    )
