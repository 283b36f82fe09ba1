"""Buttons on the scheduler's messages: snooze, stop, check-in, pulse, thanks, cadence, pause,
end, retrospective, "keep them coming" and sharing prepared questions. Each re-reads the
database and checks the clicker."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.clock import format_day
from bot.deps import Deps
from bot.services import cadence, people
from bot.services.meetings import (
    adapting,
    endings,
    gratitude,
    pair_access,
    prepared_questions,
    reminders,
    rhythm,
)
from handlers.actions import checkins
from handlers.blocks import saved
from handlers.blocks.find_mentor import build_find_mentor_message
from handlers.blocks.origin import Origin, origin_of_click
from handlers.meetings import blocks
from handlers.mentor_search import run_search
from handlers.people import ensure_person
from handlers.scheduler_common import NOT_YOURS, post_to_pair, respond_private
from storage.models import Person

logger = logging.getLogger("mentorbot.scheduler")

Body = dict[str, Any]


def register(app: App, deps: Deps) -> None:
    app.action(blocks.SNOOZE)(_listener(deps, _snooze))
    app.action(blocks.STOP)(_listener(deps, _stop))
    app.action(blocks.CHECKIN_MET)(_listener(deps, checkins.handle_checkin_met))
    app.action(blocks.CHECKIN_MISSED)(_listener(deps, checkins.handle_checkin_other))
    app.action(blocks.CHECKIN_RESCHEDULED)(_listener(deps, checkins.handle_checkin_other))
    app.action(re.compile(f"^{blocks.PULSE_PREFIX}[1-5]$"))(_listener(deps, checkins.handle_pulse))
    app.action(blocks.GRATITUDE_OPEN)(_listener(deps, _gratitude))
    app.action(blocks.CADENCE_OPEN)(_listener(deps, _cadence_open))
    app.action(re.compile(f"^{blocks.CADENCE_SET_PREFIX}"))(_listener(deps, _cadence_set))
    app.action(blocks.CADENCE_WEEKDAY)(_listener(deps, _cadence_weekday))
    app.action(blocks.PAUSE_OPEN)(_listener(deps, _pause_open))
    app.action(blocks.END_OPEN)(_listener(deps, _end_open))
    app.action(blocks.RETRO_OPEN)(_listener(deps, _retro_open))
    app.action(blocks.ADAPT_KEEP)(_listener(deps, _adapt_keep))
    app.action(blocks.RESUME_NOW)(_listener(deps, _resume_now))
    app.action(blocks.REMINDERS_ON)(_listener(deps, _reminders_on))
    app.action(blocks.FIND_NEXT_MENTOR)(_listener(deps, _find_next_mentor))
    app.action(blocks.CHECKIN_OPEN)(_listener(deps, checkins.handle_checkin_open))
    app.action(blocks.QUESTIONS_SHARE)(_listener(deps, _share_questions))
    app.action(blocks.QUESTIONS_KEEP)(_listener(deps, _keep_questions))


Click = Callable[[WebClient, Deps, Body, Person, Respond], None]


def _listener(deps: Deps, click: Click) -> Callable[[Ack, Body, WebClient, Respond], None]:
    def handle_action_scheduler(ack: Ack, body: Body, client: WebClient, respond: Respond) -> None:
        ack()
        person = ensure_person(client, deps, body["team"]["id"], body["user"]["id"])
        try:
            click(client, deps, body, person, respond)
        except pair_access.NotYours:
            respond_private(respond, NOT_YOURS)
        except ValueError as error:
            respond_private(respond, str(error).capitalize() + ".")

    return handle_action_scheduler


def _action(body: Body) -> dict[str, Any]:
    return dict(body["actions"][0])


def _int_value(body: Body) -> int:
    try:
        return int(str(_action(body).get("value", "")))
    except ValueError:
        raise pair_access.NotYours from None


def _snooze(_c: WebClient, deps: Deps, body: Body, person: Person, respond: Respond) -> None:
    now = deps.clock.now()
    with deps.db.begin() as session:
        until = reminders.snooze(
            session, team_id=person.team_id, delivery_id=_int_value(body), person=person, now=now
        )
    day = format_day(cadence.local_day(until, person.tz), today=cadence.local_day(now, person.tz))
    respond_private(respond, f"Snoozed: no more of these until {day}.")


def _stop(_c: WebClient, deps: Deps, body: Body, person: Person, respond: Respond) -> None:
    with deps.db.begin() as session:
        stopped = reminders.stop(
            session,
            team_id=person.team_id,
            delivery_id=_int_value(body),
            person=person,
            now=deps.clock.now(),
        )
    message = blocks.build_stopped_message(stopped.label, stopped.preference_id)
    respond(**message, replace_original=False)


def _reminders_on(_c: WebClient, deps: Deps, body: Body, person: Person, respond: Respond) -> None:
    with deps.db.begin() as session:
        label = reminders.turn_back_on(
            session,
            team_id=person.team_id,
            preference_id=_int_value(body),
            person=person,
            now=deps.clock.now(),
        )
    respond_private(respond, f"Back on: {label} will come as usual again.")


def _resume_now(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    with deps.db.begin() as session:
        resumed = rhythm.resume(
            session,
            team_id=person.team_id,
            pair_id=_int_value(body),
            person=person,
            now=deps.clock.now(),
        )
    if not resumed.resumed_now:
        respond_private(respond, "Your mentoring isn't paused: the prompts are already on.")
        return
    message = blocks.build_resumed_message(
        person.slack_user_id,
        resumed.next_meeting,
        today=cadence.local_day(deps.clock.now(), person.tz),
    )
    post_to_pair(client, deps, resumed.pair.id or 0, message)


def _share_questions(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    _decide_questions(client, deps, body, person, respond, share=True)


def _keep_questions(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    _decide_questions(client, deps, body, person, respond, share=False)


def _decide_questions(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond, *, share: bool
) -> None:
    """The mentee's choice on their private preview; only the click that shares posts."""
    with deps.db.begin() as session:
        questions = prepared_questions.decide_questions(
            session,
            team_id=person.team_id,
            questions_id=_int_value(body),
            person=person,
            share=share,
            now=deps.clock.now(),
        )
    mentor, mentee = questions.view.mentor.slack_user_id, questions.view.mentee.slack_user_id
    if questions.shared:
        message = blocks.build_questions_message(mentee, mentor, questions.text)
        post_to_pair(client, deps, questions.view.pair.id or 0, message)
    decided = blocks.build_questions_decided_message(mentor, questions.status)
    respond(replace_original=True, **decided)


def _find_next_mentor(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    """The closing message's "Find a mentor": the same search as a bare /find-mentor."""
    view = _pair_of(deps, body, person)
    if person.id != view.mentee.id:
        raise pair_access.NotYours
    result = run_search(client, deps, person, "")
    respond(**build_find_mentor_message(result, typed=False), replace_original=False)


def _pair_of(deps: Deps, body: Body, person: Person) -> pair_access.PairView:
    with deps.db.begin() as session:
        return pair_access.pair_view(
            session, team_id=person.team_id, pair_id=_int_value(body), person=person
        )


def _gratitude(client: WebClient, deps: Deps, body: Body, person: Person, r: Respond) -> None:
    view = _pair_of(deps, body, person)
    if person.id != view.mentee.id:
        raise pair_access.NotYours
    with deps.db.begin() as session:
        thanked = gratitude.thanks_done(session, view)
    if thanked:
        mentor = view.mentor.slack_user_id
        respond_private(r, saved.build_form_done_text(f"You already sent thanks to <@{mentor}>"))
        return
    modal = blocks.build_thanks_view(
        view.pair.id or 0, people.first_name(view.mentor), *_from(body, person)
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def _cadence_open(_c: WebClient, deps: Deps, body: Body, person: Person, respond: Respond) -> None:
    view = _pair_of(deps, body, person)
    message = blocks.build_cadence_message(
        view.pair.id or 0, view.pair.cadence, view.pair.meeting_weekday
    )
    respond(
        text=message["text"],
        blocks=message["blocks"],
        response_type="ephemeral",
        replace_original=False,
    )


def _cadence_set(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    name = _action(body)["action_id"][len(blocks.CADENCE_SET_PREFIX) :]
    _apply_cadence(client, deps, person, respond, _int_value(body), name, None)


def _cadence_weekday(
    client: WebClient, deps: Deps, body: Body, person: Person, respond: Respond
) -> None:
    value = str((_action(body).get("selected_option") or {}).get("value", ""))
    pair_text, _, day_text = value.partition(":")
    if not (pair_text.isdigit() and day_text.isdigit()):
        raise pair_access.NotYours
    _apply_cadence(client, deps, person, respond, int(pair_text), None, int(day_text))


def _apply_cadence(
    client: WebClient,
    deps: Deps,
    person: Person,
    respond: Respond,
    pair_id: int,
    name: str | None,
    weekday: int | None,
) -> None:
    with deps.db.begin() as session:
        pair = rhythm.change_cadence(
            session,
            team_id=person.team_id,
            pair_id=pair_id,
            person=person,
            cadence_name=name,
            weekday=weekday,
            now=deps.clock.now(),
        )
    message = blocks.build_cadence_changed_message(pair.cadence, pair.meeting_weekday)
    respond_private(respond, message["text"])
    post_to_pair(client, deps, pair_id, message)


def _pause_open(client: WebClient, deps: Deps, body: Body, person: Person, r: Respond) -> None:
    view = _pair_of(deps, body, person)
    today = cadence.local_day(deps.clock.now(), person.tz)
    if _stopped(view, person, r, today=today):
        return
    modal = blocks.build_pause_view(
        view.pair.id or 0, today + timedelta(weeks=2), *_from(body, person)
    )
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def _end_open(client: WebClient, deps: Deps, body: Body, person: Person, r: Respond) -> None:
    view = _pair_of(deps, body, person)
    if _stopped(view, person, r, today=None):
        return
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_end_view(view.pair.id or 0, other, *_from(body, person))
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def _from(body: Body, person: Person) -> tuple[Origin, str]:
    """A form's origin (the clicked message) and the one person who may submit it."""
    return origin_of_click(body), person.slack_user_id


def _stopped(view: pair_access.PairView, person: Person, r: Respond, *, today: date | None) -> bool:
    """A Pause (with `today`) or End whose work is done: said privately, nothing opens."""
    other = view.other(person.id or 0).slack_user_id
    pair = view.pair
    if pair.status == "ended":
        done = f"Your mentoring with <@{other}> has already ended"
    elif today is not None and pair.status == "paused" and pair.paused_until:
        until = format_day(pair.paused_until, today=today)
        done = f"Your mentoring with <@{other}> is already paused until {until}"
    else:
        return False
    respond_private(r, saved.build_form_done_text(done))
    return True


def _retro_open(client: WebClient, deps: Deps, body: Body, person: Person, r: Respond) -> None:
    view = _pair_of(deps, body, person)
    with deps.db.begin() as session:
        given = endings.retrospective_given(session, pair_id=view.pair.id or 0, person=person)
    if given:
        respond_private(r, saved.build_form_done_text("You already saved your retrospective"))
        return
    modal = blocks.build_retro_view(view.pair.id or 0, *_from(body, person))
    client.views_open(trigger_id=body["trigger_id"], view=modal)


def _adapt_keep(_c: WebClient, deps: Deps, body: Body, person: Person, respond: Respond) -> None:
    with deps.db.begin() as session:
        adapting.keep_reminders(
            session,
            team_id=person.team_id,
            delivery_id=_int_value(body),
            person=person,
            now=deps.clock.now(),
        )
    respond_private(respond, "Got it: the reminders will keep coming.")
