"""Buttons on the meetings' messages: snooze, stop, cadence, "keep them coming", resume,
reminders back on, the next mentor and sharing prepared questions (the check-in's and pulse's
are in checkin_actions, those that open a pair's forms in form_actions). Each re-reads the
database and checks the clicker; a service's ValueError is told to them as its text."""

from __future__ import annotations

import logging

from bot.clock import format_day
from bot.services import cadence
from bot.services.calendar import agreement, schedule
from bot.services.meetings import adapting, pair_access, prepared_questions, reminders, rhythm
from handlers.calendar import invites
from handlers.calendar.invites import send_resumed_invites
from handlers.matching.blocks import build_find_mentor_message
from handlers.matching.search import run_search
from handlers.meetings import blocks
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.pairs import post_to_pair
from handlers.slack.row_ids import row_id, small_number

logger = logging.getLogger("mentorbot.scheduler")

EXPLAINED = (ValueError,)  # what the meetings service refuses with a reason
meeting_click = on_click(explained=EXPLAINED)


@meeting_click
def handle_action_snooze(click: Click) -> None:
    person, now = click.person, click.deps.clock.now()
    with click.deps.db.begin() as session:
        snoozed = reminders.snooze(
            session, team_id=person.team_id, delivery_id=click.int_value, person=person, now=now
        )
    today = cadence.local_day(now, person.tz)
    day = format_day(cadence.local_day(snoozed.until, person.tz), today=today)
    if snoozed.circle:
        click.tell(f"Snoozed: nothing from this circle for you until {day}; it meets as usual.")
    else:
        click.tell(f"Snoozed: no more of these until {day}.")


@meeting_click
def handle_action_stop(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        stopped = reminders.stop(
            session,
            team_id=person.team_id,
            delivery_id=click.int_value,
            person=person,
            now=click.deps.clock.now(),
        )
    message = blocks.build_stopped_message(stopped.label, stopped.preference_id)
    click.respond(**message, replace_original=False)


@meeting_click
def handle_action_reminders_on(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        label = reminders.turn_back_on(
            session,
            team_id=person.team_id,
            preference_id=click.int_value,
            person=person,
            now=click.deps.clock.now(),
        )
    click.tell(f"Back on: {label} will come as usual again.")


@meeting_click
def handle_action_resume_now(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        resumed = rhythm.resume(
            session,
            team_id=person.team_id,
            pair_id=click.int_value,
            person=person,
            now=click.deps.clock.now(),
        )
    if not resumed.resumed_now:
        click.tell("Your prompts aren't paused: they are already on.")
        return
    message = blocks.build_resumed_message(
        person.slack_user_id,
        resumed.next_meeting,
        today=cadence.local_day(click.deps.clock.now(), person.tz),
        peer=resumed.pair.kind == "peer",
    )
    post_to_pair(click.client, click.deps, resumed.pair.id or 0, message)
    if resumed.calendar_changed:
        send_resumed_invites(click.client, click.deps, person, resumed.pair.id or 0)


@meeting_click
def handle_action_share_questions(click: Click) -> None:
    _decide_questions(click, share=True)


@meeting_click
def handle_action_keep_questions(click: Click) -> None:
    _decide_questions(click, share=False)


def _decide_questions(click: Click, *, share: bool) -> None:
    """The mentee's choice on their private preview; only the click that shares posts."""
    person = click.person
    with click.deps.db.begin() as session:
        questions = prepared_questions.decide_questions(
            session,
            team_id=person.team_id,
            questions_id=click.int_value,
            person=person,
            share=share,
            now=click.deps.clock.now(),
        )
    # The one who shared, and the other (for a mentoring pair, the mentee and the mentor).
    other = questions.view.other(person.id or 0).slack_user_id
    mentor, mentee = other, person.slack_user_id
    if questions.shared:
        message = blocks.build_questions_message(mentee, mentor, questions.text)
        post_to_pair(click.client, click.deps, questions.view.pair.id or 0, message)
    decided = blocks.build_questions_decided_message(mentor, questions.status)
    click.respond(replace_original=True, **decided)


@meeting_click
def handle_action_find_next_mentor(click: Click) -> None:
    """The closing message's "Find a mentor": the same search as a bare /find-mentor."""
    person = click.person
    view = pair_of(click)
    if person.id != view.mentee.id:
        raise NotYours
    result = run_search(click.client, click.deps, person, "")
    click.respond(**build_find_mentor_message(result, typed=False), replace_original=False)


def pair_of(click: Click) -> pair_access.PairView:
    """The pair the button names, if the clicker is in it (else the service's NotYours)."""
    person = click.person
    with click.deps.db.begin() as session:
        return pair_access.pair_view(
            session, team_id=person.team_id, pair_id=click.int_value, person=person
        )


@meeting_click
def handle_action_cadence_open(click: Click) -> None:
    view = pair_of(click)
    with click.deps.db.begin() as session:
        start = schedule.next_start(session, pair_id=view.pair.id or 0, now=click.deps.clock.now())
    message = blocks.build_cadence_message(
        view.pair.id or 0,
        view.pair.cadence,
        view.pair.meeting_weekday,
        agreed_start=start,
        reader_tz=click.person.tz,
    )
    click.respond(
        text=message["text"],
        blocks=message["blocks"],
        response_type="ephemeral",
        replace_original=False,
    )


@meeting_click
def handle_action_cadence_set(click: Click) -> None:
    name = click.action_id[len(blocks.CADENCE_SET_PREFIX) :]
    _apply_cadence(click, click.int_value, name, None)


@meeting_click
def handle_action_cadence_weekday(click: Click) -> None:
    value = str((click.action.get("selected_option") or {}).get("value", ""))
    pair_text, _, day_text = value.partition(":")
    pair_id, weekday = row_id(pair_text), small_number(day_text)
    if pair_id is None or weekday is None:
        raise NotYours
    _apply_cadence(click, pair_id, None, weekday)


def _apply_cadence(click: Click, pair_id: int, name: str | None, weekday: int | None) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        pair = rhythm.change_cadence(
            session,
            team_id=person.team_id,
            pair_id=pair_id,
            person=person,
            cadence_name=name,
            weekday=weekday,
            now=click.deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=pair_id, person=person
        )
        moved = agreement.follow_cadence(session, view, now=click.deps.clock.now())
    message = blocks.build_cadence_changed_message(pair.cadence, pair.meeting_weekday, pair_id)
    click.tell(message["text"])
    post_to_pair(click.client, click.deps, pair_id, message)
    if moved is not None:
        invites.send_invites(click.client, click.deps, view)  # the series follows, SEQUENCE + 1


@meeting_click
def handle_action_adapt_keep(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        adapting.keep_reminders(
            session,
            team_id=person.team_id,
            delivery_id=click.int_value,
            person=person,
            now=click.deps.clock.now(),
        )
    click.tell("Got it: the reminders will keep coming.")
