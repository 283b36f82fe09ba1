"""Buttons of the /find-mentor answer: More, Request intro, tell me when, one-click search."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import introductions, profiles, skills
from bot.services.matching import searches
from handlers.after_ack import after_ack
from handlers.blocks.find_mentor import (
    FIND_MORE,
    REQUEST_INTRO,
    SEARCH_SKILL,
    WATCH_SKILL,
    build_find_mentor_message,
    build_watch_saved_message,
    parse_ids,
)
from handlers.blocks.introductions import build_request_intro_view
from handlers.interaction import NOT_YOURS, action_value, team_of, tell_privately, user_of
from handlers.mentor_search import run_page
from handlers.people import ensure_person
from storage.repositories import people as people_repo

UNAVAILABLE = {
    "unavailable": "That mentor isn't taking mentees right now.",
    "full": "That mentor's slots are all taken right now.",
    "paired": "They're already your mentor.",
    "declined_recently": "That mentor can't take you on right now; try another match.",
    "self": "You can't ask yourself, though the thought is kind.",
    "duplicate": "You already asked them; they'll answer soon.",
}


def register(app: App, deps: Deps) -> None:
    app.action(FIND_MORE)(make_more(deps))
    app.action(REQUEST_INTRO)(make_request_intro(deps))
    app.action(re.compile(rf"^{WATCH_SKILL}_\d+$"))(make_watch(deps))
    app.action(re.compile(rf"^{SEARCH_SKILL}_\d+$"))(make_search_skill(deps))


def make_more(deps: Deps) -> Any:
    def handle_action_find_more(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        after_ack(deps, body, respond, client, lambda: _more(deps, body, respond, client))

    return handle_action_find_more


def _more(deps: Deps, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    """The next page of the search, ranked on the deferred lane."""
    ids = parse_ids(action_value(body), 2)
    person = ensure_person(client, deps, team_of(body), user_of(body))
    with deps.db.begin() as session:
        search = ids and searches.get_search(session, team_id=person.team_id, search_id=ids[0])
        if not ids or not search or search.person_id != person.id:
            tell_privately(respond, NOT_YOURS)
            return
    assert search.id is not None
    result = run_page(client, deps, person, search.id, ids[1])
    respond(replace_original=True, **build_find_mentor_message(result, typed=True))


def make_request_intro(deps: Deps) -> Any:
    def handle_action_request_intro(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        ids = parse_ids(action_value(body), 2)
        team_id, now = team_of(body), deps.clock.now()
        # Database only before views.open: the trigger_id expires in 3 seconds.
        with deps.db.begin() as session:
            me = people_repo.get_person(session, team_id=team_id, slack_user_id=user_of(body))
            search = ids and searches.get_search(session, team_id=team_id, search_id=ids[0])
            if not ids or me is None or (search and search.person_id != me.id):
                tell_privately(respond, NOT_YOURS)
                return
            mentor = people_repo.get_person_by_id(session, team_id=team_id, person_id=ids[1])
            assert me.id is not None
            blocked = (
                "unavailable"
                if mentor is None or mentor.id is None
                else introductions.why_not_askable(
                    session, team_id=team_id, mentee_id=me.id, mentor_id=mentor.id, now=now
                )
            )
            if blocked is not None or mentor is None or mentor.id is None:
                tell_privately(respond, UNAVAILABLE.get(blocked or "", UNAVAILABLE["unavailable"]))
                return
            wanted = searches.watch_skills(search) if search else []
            labels = skills.labels_for(session, team_id=team_id, keys=wanted)
            draft = introductions.build_draft(
                session, mentee=me, mentor=mentor, wanted=wanted, label=lambda k: labels.get(k, k)
            )
        view = build_request_intro_view(
            mentor_slack_id=mentor.slack_user_id,
            draft=draft,
            mentor_id=mentor.id,
            search_id=search.id if search and search.id else 0,
        )
        client.views_open(trigger_id=str(body["trigger_id"]), view=view)

    return handle_action_request_intro


def make_watch(deps: Deps) -> Any:
    def handle_action_watch_skill(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        ids = parse_ids(action_value(body), 2)
        person = ensure_person(client, deps, team_of(body), user_of(body))
        with deps.db.begin() as session:
            search = ids and searches.get_search(session, team_id=person.team_id, search_id=ids[0])
            keys = searches.watch_skills(search) if search else []
            if not ids or not search or search.person_id != person.id or ids[1] >= len(keys):
                tell_privately(respond, NOT_YOURS)
                return
            assert person.id is not None
            key = keys[ids[1]]
            added = profiles.add_watch(
                session,
                team_id=person.team_id,
                person_id=person.id,
                skill_key=key,
                now=deps.clock.now(),
            )
            label = skills.labels_for(session, team_id=person.team_id, keys=[key])[key]
        respond(**build_watch_saved_message(label, already=not added))

    return handle_action_watch_skill


def make_search_skill(deps: Deps) -> Any:
    def handle_action_search_skill(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        after_ack(deps, body, respond, client, lambda: _search_skill(deps, body, respond, client))

    return handle_action_search_skill


def _search_skill(deps: Deps, body: dict[str, Any], respond: Respond, client: WebClient) -> None:
    """A one-click search for a listed skill, ranked on the deferred lane."""
    value = action_value(body)
    person = ensure_person(client, deps, team_of(body), user_of(body))
    assert person.id is not None
    result = (
        deps.searches.for_skill(
            team_id=person.team_id, person_id=person.id, skill_id=int(value), now=deps.clock.now()
        )
        if value.isdigit() and len(value) < 18
        else None
    )
    if result is None:
        tell_privately(respond, "That skill is not on this workspace's list any more.")
        return
    respond(replace_original=True, **build_find_mentor_message(result, typed=True))
