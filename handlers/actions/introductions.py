"""The mentor's Accept / Not now / Decline, the mentee's Withdraw and thanks, the pair's rhythm."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.clock import local
from bot.deps import Deps
from bot.services import introductions, meeting_dates, skills
from bot.services.cadence import CADENCES, first_meeting_on
from bot.services.introductions import Answer, Outcome
from bot.services.matching import searches
from handlers.blocks.find_mentor import parse_ids
from handlers.blocks.introductions import (
    INTRO_ACCEPT,
    INTRO_DECLINE,
    INTRO_NOT_NOW,
    INTRO_THANK,
    INTRO_WITHDRAW,
    PAIR_CADENCE_PREFIX,
    PAIR_WEEKDAY,
    build_cadence_set_message,
    build_mentee_accepted_message,
    build_mentee_declined_message,
    build_mentee_waiting_message,
    build_mentor_answered_message,
    build_mentor_full_message,
    build_mentor_waiting_message,
    build_pair_intro_message,
    build_thanks_message,
    build_withdrawn_message,
)
from handlers.interaction import (
    NOT_YOURS,
    action_value,
    not_open_text,
    team_of,
    tell_privately,
    user_of,
)
from handlers.people import dm_channel, ensure_person
from storage.models import IntroRequest, Pair, Person
from storage.repositories import people as people_repo

ANSWERS: dict[str, Answer] = {
    INTRO_ACCEPT: "accept",
    INTRO_NOT_NOW: "not_now",
    INTRO_DECLINE: "decline",
}


def register(app: App, deps: Deps) -> None:
    for action_id in ANSWERS:
        app.action(action_id)(make_answer(deps))
    app.action(INTRO_WITHDRAW)(make_withdraw(deps))
    app.action(INTRO_THANK)(make_thank(deps))
    for cadence in CADENCES:
        app.action(f"{PAIR_CADENCE_PREFIX}{cadence}")(make_cadence(deps))
    app.action(PAIR_WEEKDAY)(make_cadence(deps))


def _request_id(body: dict[str, Any]) -> int | None:
    ids = parse_ids(action_value(body), 1)
    return ids[0] if ids else None


def _refused(respond: Respond, outcome: Outcome) -> bool:
    """Explain privately why nothing changed; True when the click was refused."""
    if outcome.kind == "not_yours":
        tell_privately(respond, NOT_YOURS)
    elif outcome.kind == "closed":
        tell_privately(respond, not_open_text(outcome.request.status if outcome.request else None))
    elif outcome.kind == "full":
        respond(**build_mentor_full_message())
    else:
        return False
    return True


def _on_request(
    deps: Deps,
    client: WebClient,
    body: dict[str, Any],
    respond: Respond,
    service: Callable[..., Outcome],
    **extra: Any,
) -> tuple[Person, Outcome] | None:
    """The clicker and the outcome of `service` on the clicked request, in one unit of work;
    None (after telling the clicker) when the button names no request they can act on."""
    clicker = ensure_person(client, deps, team_of(body), user_of(body))
    request_id = _request_id(body)
    if request_id is None or clicker.id is None:
        tell_privately(respond, NOT_YOURS)
        return None
    with deps.db.begin() as session:
        outcome = service(
            session,
            team_id=clicker.team_id,
            request_id=request_id,
            clicker_id=clicker.id,
            now=deps.clock.now(),
            **extra,
        )
    return clicker, outcome


def make_answer(deps: Deps) -> Any:
    def handle_action_intro_answer(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        answer = ANSWERS[str(body["actions"][0]["action_id"])]
        done = _on_request(deps, client, body, respond, introductions.answer_request, answer=answer)
        if done is None:
            return
        clicker, outcome = done
        if _refused(respond, outcome) or outcome.request is None:
            return
        mentee = _person(deps, outcome.request.team_id, outcome.request.mentee_id)
        if outcome.kind == "accepted" and outcome.pair is not None:
            _after_accept(client, deps, outcome.request, outcome.pair, clicker, mentee)
        elif outcome.kind == "declined":
            _after_decline(client, deps, outcome.request, clicker, mentee)
        elif outcome.kind == "waiting":
            _update_mentor_copy(
                client,
                outcome.request,
                build_mentor_waiting_message(
                    mentee_slack_id=mentee.slack_user_id,
                    message=outcome.request.message,
                    request_id=outcome.request.id or 0,
                ),
            )
            client.chat_postMessage(
                channel=dm_channel(client, deps, mentee),
                **build_mentee_waiting_message(
                    mentor_slack_id=clicker.slack_user_id, request_id=outcome.request.id or 0
                ),
            )

    return handle_action_intro_answer


def _person(deps: Deps, team_id: str, person_id: int) -> Person:
    with deps.db.begin() as session:
        person = people_repo.get_person_by_id(session, team_id=team_id, person_id=person_id)
    assert person is not None
    return person


def _update_mentor_copy(client: WebClient, request: IntroRequest, message: dict[str, Any]) -> None:
    if request.mentor_channel_id and request.mentor_message_ts:
        client.chat_update(
            channel=request.mentor_channel_id, ts=request.mentor_message_ts, **message
        )


def _after_accept(
    client: WebClient, deps: Deps, request: IntroRequest, pair: Pair, mentor: Person, mentee: Person
) -> None:
    """Open the group DM, post the introduction with a first meeting, tell both."""
    assert pair.id is not None and request.id is not None
    opened = client.conversations_open(users=f"{mentor.slack_user_id},{mentee.slack_user_id}")
    group = str(opened["channel"]["id"])
    with deps.db.begin() as session:
        introductions.record_group_channel(
            session, team_id=pair.team_id, pair_id=pair.id, channel_id=group
        )
        keys = searches.latest_search_skills(session, request=request)
        labels = skills.labels_for(session, team_id=pair.team_id, keys=keys)
        first = meeting_dates.next_meeting(session, pair, now=deps.clock.now())
    today = local(deps.clock.now(), mentee.tz).date()
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
        ),
    )
    _update_mentor_copy(
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


def _after_decline(
    client: WebClient, deps: Deps, request: IntroRequest, mentor: Person, mentee: Person
) -> None:
    """Thank the mentee kindly and offer the next match (the decliner is now excluded)."""
    assert request.id is not None
    with deps.db.begin() as session:
        result = searches.next_match(session, mentee=mentee, now=deps.clock.now())
    top = result.matches[0] if result and result.matches else None
    _update_mentor_copy(
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
        ),
    )


def make_withdraw(deps: Deps) -> Any:
    def handle_action_intro_withdraw(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        done = _on_request(deps, client, body, respond, introductions.withdraw)
        if done is None:
            return
        clicker, outcome = done
        if _refused(respond, outcome) or outcome.request is None:
            return
        mentor = _person(deps, outcome.request.team_id, outcome.request.mentor_id)
        _update_mentor_copy(
            client,
            outcome.request,
            build_mentor_answered_message("withdrawn", mentee_slack_id=clicker.slack_user_id),
        )
        respond(
            replace_original=True, **build_withdrawn_message(mentor_slack_id=mentor.slack_user_id)
        )

    return handle_action_intro_withdraw


def make_thank(deps: Deps) -> Any:
    def handle_action_intro_thank(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        done = _on_request(deps, client, body, respond, introductions.thank)
        if done is None:
            return
        clicker, outcome = done
        if outcome.kind == "already_thanked":
            tell_privately(respond, "Your thanks were already sent.")
            return
        if _refused(respond, outcome) or outcome.request is None:
            return
        mentor = _person(deps, outcome.request.team_id, outcome.request.mentor_id)
        client.chat_postMessage(
            channel=dm_channel(client, deps, mentor),
            **build_thanks_message(mentee_slack_id=clicker.slack_user_id),
        )
        tell_privately(respond, f"Thanks sent to <@{mentor.slack_user_id}>.")

    return handle_action_intro_thank


def make_cadence(deps: Deps) -> Any:
    def handle_action_pair_cadence(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        action = body["actions"][0]
        clicker = ensure_person(client, deps, team_of(body), user_of(body))
        value = action_value(body)
        with deps.db.begin() as session:
            if action["action_id"] == PAIR_WEEKDAY:
                ids = parse_ids(value, 2)
                pair = ids and session.get(Pair, ids[0])
                cadence = pair.cadence if pair else ""
                weekday = ids[1] if ids else -1
            else:
                ids = parse_ids(value, 1)
                pair = ids and session.get(Pair, ids[0])
                cadence = str(action["action_id"])[len(PAIR_CADENCE_PREFIX) :]
                weekday = pair.meeting_weekday if pair else -1
            choice = introductions.choose_cadence(
                session,
                team_id=clicker.team_id,
                pair_id=ids[0] if ids else 0,
                clicker_id=clicker.id or 0,
                cadence=cadence,
                weekday=weekday,
            )
        if choice.kind == "not_yours" or choice.kind == "invalid":
            tell_privately(respond, NOT_YOURS)
        elif choice.kind == "closed":
            tell_privately(respond, "This mentoring pair has ended, so nothing changed.")
        elif choice.pair is not None:
            respond(
                **build_cadence_set_message(
                    cadence=choice.pair.cadence, weekday=choice.pair.meeting_weekday
                )
            )

    return handle_action_pair_cadence
