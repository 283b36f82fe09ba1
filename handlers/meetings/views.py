"""The meetings' forms are submitted: check-in, thanks, pulse, pause, end, retrospective. Each
names its pair or delivery in private_metadata and is checked against the submitter (the form
guard, handlers.slack.forms)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from bot.clock import format_day
from bot.services import cadence
from bot.services.meetings import checkins, endings, gratitude, pair_access, pulse, rhythm
from handlers.calendar import invites
from handlers.home.publish import publish_home
from handlers.meetings import blocks
from handlers.meetings.blocks import saved
from handlers.meetings.goodbye import say_goodbye
from handlers.slack.confirm import confirm_done, confirm_saved
from handlers.slack.forms import Form, on_submit
from handlers.slack.pairs import post_to_pair, post_to_person

logger = logging.getLogger("mentorbot.scheduler")


@on_submit
def handle_view_checkin(form: Form) -> None:
    option = form.state(blocks.USEFULNESS_BLOCK, blocks.USEFULNESS_ACTION).get("selected_option")
    score = str((option or {}).get("value", ""))
    if score not in {"1", "2", "3", "4", "5"}:
        form.ack(response_action="errors", errors={blocks.USEFULNESS_BLOCK: "Pick 1 to 5."})
        return
    delivery = form.meta.get("delivery")
    delivery_id = delivery if isinstance(delivery, int) else None
    result, pair = _record_met(form, int(score), delivery_id)
    form.ack()
    if not result.repeat:  # the same form sent again was answered by its first submission
        other = pair.other(form.person.id or 0).slack_user_id
        message = _checkin_saved(result, other, delivery_id)
        confirm_saved(form.client, form.deps, form.person, form.origin, message)


def _record_met(
    form: Form, usefulness: int, delivery_id: int | None
) -> tuple[checkins.CheckinResult, pair_access.PairView]:
    """The meeting recorded as held, with the form's answers; and the pair it was of."""
    person, token = form.person, form.meta.get("token")
    with form.deps.db.begin() as session:
        result = checkins.record_checkin(
            session,
            team_id=person.team_id,
            pair_id=form.id("pair"),
            person=person,
            outcome="met",
            usefulness=usefulness,
            takeaway=form.text(blocks.TAKEAWAY_BLOCK, blocks.TAKEAWAY_ACTION),
            next_steps=form.text(blocks.NEXT_STEPS_BLOCK, blocks.NEXT_STEPS_ACTION),
            delivery_id=delivery_id,
            token=token[:36] if isinstance(token, str) else None,
            now=form.deps.clock.now(),
        )
        pair = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=form.id("pair"), person=person
        )
    return result, pair


def _checkin_saved(
    result: checkins.CheckinResult, other: str, delivery_id: int | None
) -> dict[str, Any]:
    headline = "corrected" if result.corrected else "saved" if result.created else "kept"
    meeting = result.meeting
    return saved.build_checkin_saved_message(
        other,
        meeting.held_on,
        meeting.outcome,
        meeting.usefulness,
        headline=headline,
        delivery_id=delivery_id,
    )


@on_submit
def handle_view_thanks(form: Form) -> None:
    note = form.text(blocks.THANKS_BLOCK, blocks.THANKS_ACTION)
    if not note:
        form.ack(response_action="errors", errors={blocks.THANKS_BLOCK: "Write a few words."})
        return
    with form.deps.db.begin() as session:
        view = gratitude.thanks_sent(
            session,
            team_id=form.person.team_id,
            pair_id=form.id("pair"),
            person=form.person,
            now=form.deps.clock.now(),
        )
    form.ack()
    mentor, pair_id = view.other(form.person.id or 0).slack_user_id, view.pair.id or 0
    message = blocks.build_thanks_message(form.person.slack_user_id, mentor, note)
    post_to_pair(form.client, form.deps, pair_id, message)
    confirm_done(form.client, form.deps, form.origin, saved.thanks_done(pair_id, mentor))


@on_submit
def handle_view_pulse(form: Form) -> None:
    person = form.person
    with form.deps.db.begin() as session:
        result = pulse.record_pulse(
            session,
            team_id=person.team_id,
            delivery_id=form.id("delivery"),
            person=person,
            score=form.number("score"),
            note=form.text(blocks.NOTE_BLOCK, blocks.NOTE_ACTION),
            now=form.deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=result.answer.pair_id, person=person
        )
    form.ack()
    other, answer = view.other(person.id or 0).slack_user_id, result.answer
    message = saved.build_pulse_saved_message(
        other, answer.score, noted=bool(answer.note), peer=view.peer
    )
    confirm_saved(form.client, form.deps, person, form.origin, message)
    if result.low:
        low = blocks.build_low_pulse_message(view.pair.id or 0, other, peer=view.peer)
        post_to_person(form.client, form.deps, person, low)


@on_submit
def handle_view_pause(form: Form) -> None:
    raw = str(form.state(blocks.UNTIL_BLOCK, blocks.UNTIL_ACTION).get("selected_date") or "")
    until = _real_date(raw)
    if until is None:
        text = blocks.NOT_A_DATE if raw else "Choose a date."
        form.ack(response_action="errors", errors={blocks.UNTIL_BLOCK: text})
        return
    paused = _pause(form, until)
    if paused is None:
        return
    form.ack()
    pair = paused.pair
    today = cadence.local_day(form.deps.clock.now(), form.person.tz)
    message = blocks.build_paused_message(
        form.person.slack_user_id, pair.id or 0, until, today=today, peer=pair.kind == "peer"
    )
    post_to_pair(form.client, form.deps, pair.id or 0, message)
    done = saved.pause_done(pair.id or 0, format_day(until, today=today))
    confirm_done(form.client, form.deps, form.origin, done)
    if paused.calendar_changed:  # the series ends before the pause (UNTIL, or a cancel)
        _send_invites(form, pair.id or 0)


def _send_invites(form: Form, pair_id: int) -> None:
    with form.deps.db.begin() as session:
        view = pair_access.pair_view(
            session, team_id=form.person.team_id, pair_id=pair_id, person=form.person
        )
    invites.send_invites(form.client, form.deps, view)


def _pause(form: Form, until: date) -> rhythm.Paused | None:
    """The pause; None once the form was sent back with why it cannot pause."""
    try:
        with form.deps.db.begin() as session:
            return rhythm.pause(
                session,
                team_id=form.person.team_id,
                pair_id=form.id("pair"),
                person=form.person,
                until=until,
                now=form.deps.clock.now(),
            )
    except rhythm.PauseTooLong as error:
        text = blocks.too_long(error.latest)
    except ValueError as error:
        text = str(error).capitalize()
    form.ack(response_action="errors", errors={blocks.UNTIL_BLOCK: text})
    return None


def _real_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


@on_submit
def handle_view_end(form: Form) -> None:
    person = form.person
    with form.deps.db.begin() as session:
        ending = endings.end_pair(
            session,
            team_id=person.team_id,
            pair_id=form.id("pair"),
            person=person,
            now=form.deps.clock.now(),
        )
    form.ack()
    if ending.ended_now:
        _say_goodbye(form, ending.view)
        invites.send_invites(form.client, form.deps, ending.view)  # the cancellation, if agreed


def _say_goodbye(form: Form, view: pair_access.PairView) -> None:
    """The form's origin says it ended; the closing note goes to both, the mentee's with the
    next match, if one fits."""
    other = view.other(form.person.id or 0).slack_user_id
    confirm_done(form.client, form.deps, form.origin, saved.end_done(view.pair.id or 0, other))
    say_goodbye(form.client, form.deps, view)


@on_submit
def handle_view_retro(form: Form) -> None:
    helped = form.text(blocks.HELPED_BLOCK, blocks.HELPED_ACTION)
    goals = form.text(blocks.GOALS_BLOCK, blocks.GOALS_ACTION)
    with form.deps.db.begin() as session:
        recorded = endings.record_retrospective(
            session,
            team_id=form.person.team_id,
            pair_id=form.id("pair"),
            person=form.person,
            helped_most=helped,
            goals_status=goals,
            now=form.deps.clock.now(),
        )
    form.ack()
    if recorded:
        # Shown back to its author only (where they saved it, or their DM; and their Home);
        # never to the other person.
        message = blocks.build_retro_saved_message(helped, goals)
        done = saved.retro_done(form.id("pair"), message["blocks"])
        if not confirm_done(form.client, form.deps, form.origin, done):
            post_to_person(form.client, form.deps, form.person, message)
        publish_home(form.client, form.deps, form.person)
