"""The check-in's and the pulse's buttons. A form opens with where it was opened from, so its
submission can replace that message; a button whose work is done says so, privately."""

from __future__ import annotations

import uuid
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.meetings import answers, checkins, pair_access
from handlers.blocks import saved
from handlers.blocks.origin import origin_of_click
from handlers.confirm import confirm_saved
from handlers.meetings import blocks
from handlers.scheduler_common import respond_private
from storage.models import Person

Body = dict[str, Any]


def _action(body: Body) -> dict[str, Any]:
    return dict(body["actions"][0])


def _id_value(body: Body) -> int:
    try:
        return int(str(_action(body).get("value", "")))
    except ValueError:
        raise pair_access.NotYours from None


def handle_checkin_met(
    client: WebClient, deps: Deps, body: Body, person: Person, r: Respond
) -> None:
    """ "We met": the check-in form, unless this check-in already says so."""
    delivery_id = _id_value(body)
    with deps.db.begin() as session:
        done = answers.checkin_answer(
            session, team_id=person.team_id, delivery_id=delivery_id, person=person
        )
        row = pair_access.delivery_for(
            session, team_id=person.team_id, delivery_id=delivery_id, person=person
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=row.pair_id or 0, person=person
        )
    if done is not None and done.outcome == "met":
        recorded = saved.checkin_summary(done.outcome, done.usefulness)
        respond_private(r, saved.build_already_answered_text("check-in", recorded))
        return
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_checkin_view(
        view.pair.id or 0, delivery_id, other, uuid.uuid4().hex, origin_of_click(body)
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def handle_checkin_other(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    """ "We didn't meet" / "Rescheduled": recorded at once, and the message says so."""
    outcome = blocks.CHECKIN_BUTTONS[_action(body)["action_id"]]
    delivery_id = _id_value(body)
    with deps.db.begin() as session:
        row = pair_access.delivery_for(
            session, team_id=person.team_id, delivery_id=delivery_id, person=person
        )
        result = checkins.record_checkin(
            session,
            team_id=person.team_id,
            pair_id=row.pair_id or 0,
            person=person,
            outcome=outcome,
            delivery_id=delivery_id,
            now=deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=row.pair_id or 0, person=person
        )
    meeting = result.meeting
    if not result.created:
        recorded = saved.checkin_summary(meeting.outcome, meeting.usefulness)
        respond_private(respond, saved.build_already_answered_text("check-in", recorded))
        return
    message = saved.build_checkin_saved_message(
        view.other(person.id or 0).slack_user_id,
        meeting.held_on,
        meeting.outcome,
        meeting.usefulness,
        delivery_id=delivery_id,
    )
    confirm_saved(client, deps, person, origin_of_click(body), message)


def handle_pulse(client: WebClient, deps: Deps, body: Body, person: Person, r: Respond) -> None:
    """A pulse score: the form for a note, unless this pulse is answered already."""
    score = int(_action(body)["action_id"][len(blocks.PULSE_PREFIX) :])
    delivery_id = _id_value(body)
    with deps.db.begin() as session:
        done = answers.pulse_answer(
            session, team_id=person.team_id, delivery_id=delivery_id, person=person
        )
    if done is not None:
        respond_private(r, saved.build_already_answered_text("pulse", f"{done.score}/5"))
        return
    modal = blocks.build_pulse_view(delivery_id, score, origin_of_click(body))
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def handle_checkin_open(
    client: WebClient, deps: Deps, body: Body, person: Person, _r: Respond
) -> None:
    """/mentor checkin with several pairs: the one chosen (a member of it only)."""
    with deps.db.begin() as session:
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=_id_value(body), person=person
        )
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_checkin_view(
        view.pair.id or 0, None, other, uuid.uuid4().hex, origin_of_click(body)
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)
