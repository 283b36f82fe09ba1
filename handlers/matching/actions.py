"""Buttons of the /find-mentor answer: More, tell me when, one-click search (Request intro is
the introductions feature's)."""

from __future__ import annotations

from bot.services import profiles, skills
from bot.services.matching import searches
from handlers.matching.blocks import (
    build_find_mentor_message,
    build_watch_saved_message,
    parse_ids,
)
from handlers.matching.search import run_page
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.row_ids import row_id

SKILL_GONE = "That skill is not on this workspace's list any more."


@on_click
def handle_action_find_more(click: Click) -> None:
    click.later(_more)


def _more(click: Click) -> None:
    """The next page of the search, ranked on the deferred lane."""
    ids = parse_ids(click.value, 2)
    person = click.person
    with click.deps.db.begin() as session:
        search = ids and searches.get_search(session, team_id=person.team_id, search_id=ids[0])
        if not ids or not search or search.person_id != person.id:
            raise NotYours
    assert search.id is not None
    result = run_page(click.client, click.deps, person, search.id, ids[1])
    click.respond(replace_original=True, **build_find_mentor_message(result, typed=True))


@on_click
def handle_action_watch_skill(click: Click) -> None:
    ids = parse_ids(click.value, 2)
    person = click.person
    with click.deps.db.begin() as session:
        search = ids and searches.get_search(session, team_id=person.team_id, search_id=ids[0])
        keys = searches.watch_skills(search) if search else []
        if not ids or not search or search.person_id != person.id or ids[1] >= len(keys):
            raise NotYours
        assert person.id is not None
        key = keys[ids[1]]
        added = profiles.add_watch(
            session,
            team_id=person.team_id,
            person_id=person.id,
            skill_key=key,
            now=click.deps.clock.now(),
        )
        label = skills.labels_for(session, team_id=person.team_id, keys=[key])[key]
    click.respond(**build_watch_saved_message(label, already=not added))


@on_click
def handle_action_search_skill(click: Click) -> None:
    click.later(_search_skill)


def _search_skill(click: Click) -> None:
    """A one-click search for a listed skill, ranked on the deferred lane."""
    value, person = click.value, click.person
    assert person.id is not None
    result = (
        click.deps.searches.for_skill(
            team_id=person.team_id,
            person_id=person.id,
            skill_id=skill_id,
            now=click.deps.clock.now(),
        )
        if (skill_id := row_id(value)) is not None
        else None
    )
    if result is None:
        click.tell(SKILL_GONE)
        return
    click.respond(replace_original=True, **build_find_mentor_message(result, typed=True))
