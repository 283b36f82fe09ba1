"""The check-in's and the pulse's buttons. A form opens with where it was opened from, so its
submission can replace that message; a button whose work is done says so, privately."""

from __future__ import annotations

import uuid

from bot.services.meetings import answers, checkins, pair_access
from handlers.meetings import blocks
from handlers.meetings.actions import meeting_click
from handlers.meetings.blocks import saved
from handlers.slack.clicks import Click
from handlers.slack.confirm import confirm_saved
from handlers.slack.origin import origin_of_click


@meeting_click
def handle_action_checkin_met(click: Click) -> None:
    """ "We met": the check-in form, unless this check-in already says so."""
    person, delivery_id = click.person, click.int_value
    with click.deps.db.begin() as session:
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
        click.tell(saved.build_already_answered_text("check-in", recorded))
        return
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_checkin_view(
        view.pair.id or 0, delivery_id, other, uuid.uuid4().hex, origin_of_click(click.body)
    )
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@meeting_click
def handle_action_checkin_other(click: Click) -> None:
    """ "We didn't meet" / "Rescheduled": recorded at once, and the message says so."""
    person = click.person
    outcome = blocks.CHECKIN_BUTTONS[click.action_id]
    result, other = _record_without_meeting(click, outcome)
    meeting = result.meeting
    if not result.created:
        recorded = saved.checkin_summary(meeting.outcome, meeting.usefulness)
        click.tell(saved.build_already_answered_text("check-in", recorded))
        return
    message = saved.build_checkin_saved_message(
        other,
        meeting.held_on,
        meeting.outcome,
        meeting.usefulness,
        delivery_id=click.int_value,
    )
    confirm_saved(click.client, click.deps, person, origin_of_click(click.body), message)


def _record_without_meeting(click: Click, outcome: str) -> tuple[checkins.CheckinResult, str]:
    """The check-in recorded as `outcome`, and the pair's other person."""
    person, delivery_id = click.person, click.int_value
    with click.deps.db.begin() as session:
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
            now=click.deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=row.pair_id or 0, person=person
        )
    return result, view.other(person.id or 0).slack_user_id


@meeting_click
def handle_action_pulse(click: Click) -> None:
    """A pulse score: the form for a note, unless this pulse is answered already."""
    person = click.person
    score = int(click.action_id[len(blocks.PULSE_PREFIX) :])
    delivery_id = click.int_value
    with click.deps.db.begin() as session:
        done = answers.pulse_answer(
            session, team_id=person.team_id, delivery_id=delivery_id, person=person
        )
    if done is not None:
        click.tell(saved.build_already_answered_text("pulse", f"{done.score}/5"))
        return
    modal = blocks.build_pulse_view(delivery_id, score, origin_of_click(click.body))
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@meeting_click
def handle_action_checkin_open(click: Click) -> None:
    """/mentor checkin with several pairs: the one chosen (a member of it only)."""
    person = click.person
    with click.deps.db.begin() as session:
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=click.int_value, person=person
        )
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_checkin_view(
        view.pair.id or 0, None, other, uuid.uuid4().hex, origin_of_click(click.body)
    )
    click.client.views_open(trigger_id=click.trigger_id, view=modal)
