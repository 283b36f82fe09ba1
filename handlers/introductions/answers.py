"""What follows a mentor's answer on Slack: after an accept the group DM and its introduction,
after a decline the mentee's next match, while they wait a note to both."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.clock import local
from bot.deps import Deps
from bot.services import meeting_dates, skills
from bot.services.cadence import first_meeting_on
from bot.services.introductions import pair_setup
from bot.services.matching import peers as peer_fit
from bot.services.matching import searches
from handlers.introductions.blocks import (
    build_mentee_accepted_message,
    build_mentee_declined_message,
    build_mentee_waiting_message,
    build_mentor_answered_message,
    build_mentor_waiting_message,
    build_pair_intro_message,
)
from handlers.slack.people import dm_channel
from storage.models import IntroRequest, Pair, Person
from storage.repositories import people as people_repo


def person_of(deps: Deps, team_id: str, person_id: int) -> Person:
    with deps.db.begin() as session:
        person = people_repo.get_person_by_id(session, team_id=team_id, person_id=person_id)
    assert person is not None
    return person


def update_mentor_copy(client: WebClient, request: IntroRequest, message: dict[str, Any]) -> None:
    """Replace the request in the mentor's DM (its buttons go) with what became of it."""
    if request.mentor_channel_id and request.mentor_message_ts:
        client.chat_update(
            channel=request.mentor_channel_id, ts=request.mentor_message_ts, **message
        )


def after_accept(
    client: WebClient, deps: Deps, request: IntroRequest, pair: Pair, mentor: Person, mentee: Person
) -> None:
    """Open the group DM, post the introduction with a first meeting, tell both."""
    assert pair.id is not None and request.id is not None
    opened = client.conversations_open(users=f"{mentor.slack_user_id},{mentee.slack_user_id}")
    group = str(opened["channel"]["id"])
    with deps.db.begin() as session:
        pair_setup.record_group_channel(
            session, team_id=pair.team_id, pair_id=pair.id, channel_id=group
        )
        keys = _talking_points(session, request, mentee)
        labels = skills.labels_for(session, team_id=pair.team_id, keys=keys)
        now = deps.clock.now()  # read once, so the proposed day and "today" agree at midnight
        first = meeting_dates.next_meeting(session, pair, now=now)
    today = local(now, mentee.tz).date()
    client.chat_postMessage(
        channel=group,
        **build_pair_intro_message(
            pair_id=pair.id,
            mentor_slack_id=mentor.slack_user_id,
            mentee_slack_id=mentee.slack_user_id,
            skills=[labels.get(k, k) for k in keys][:3],
            first_meeting=first or first_meeting_on(weekday=pair.meeting_weekday, after=today),
            today=today,
            weekday=pair.meeting_weekday,
            cadence=pair.cadence,
            peer=pair.kind == "peer",
        ),
    )
    update_mentor_copy(
        client,
        request,
        build_mentor_answered_message("accepted", mentee_slack_id=mentee.slack_user_id),
    )
    client.chat_postMessage(
        channel=dm_channel(client, deps, mentee),
        **build_mentee_accepted_message(
            mentor_slack_id=mentor.slack_user_id, request_id=request.id, group_channel_id=group
        ),
    )


def _talking_points(session: Session, request: IntroRequest, asker: Person) -> list[str]:
    """What the new pair will talk about: the asker's wishes the mentor offers; for peers what
    goes each way, the asker's wishes first."""
    if request.kind != "peer":
        return searches.latest_search_skills(session, request=request)
    wishes = searches.wishes_of(session, team_id=request.team_id, person_id=request.mentee_id)
    way = peer_fit.exchange(session, person=asker, other_id=request.mentor_id, wanted=wishes)
    return list(dict.fromkeys([*way.they_offer, *way.i_offer]))


def after_decline(
    client: WebClient, deps: Deps, request: IntroRequest, mentor: Person, mentee: Person
) -> None:
    """Thank the mentee kindly and offer the next match (the decliner is now excluded)."""
    assert request.id is not None
    peer = request.kind == "peer"
    result = None
    if not peer:
        with deps.db.begin() as session:
            result = searches.next_match(session, mentee=mentee, now=deps.clock.now())
    top = result.best_first[0] if result and result.best_first else None
    update_mentor_copy(
        client,
        request,
        build_mentor_answered_message("declined", mentee_slack_id=mentee.slack_user_id),
    )
    client.chat_postMessage(
        channel=dm_channel(client, deps, mentee),
        **build_mentee_declined_message(
            mentor_slack_id=mentor.slack_user_id,
            request_id=request.id,
            next_slack_id=top.candidate.slack_user_id if top else None,
            next_reason=top.reason if top else None,
            next_mentor_id=top.candidate.person_id if top else None,
            search_id=(result.search_id or 0) if result else 0,
            peer=peer,
        ),
    )


def after_not_now(
    client: WebClient, deps: Deps, request: IntroRequest, mentor: Person, mentee: Person
) -> None:
    """ "Not now": the request waits; the mentor's copy and the mentee both say so."""
    update_mentor_copy(
        client,
        request,
        build_mentor_waiting_message(
            mentee_slack_id=mentee.slack_user_id,
            message=request.message,
            request_id=request.id or 0,
            peer=request.kind == "peer",
        ),
    )
    client.chat_postMessage(
        channel=dm_channel(client, deps, mentee),
        **build_mentee_waiting_message(
            mentor_slack_id=mentor.slack_user_id, request_id=request.id or 0
        ),
    )
