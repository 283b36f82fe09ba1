"""/mentor checkin, cadence, pause and end: the scheduler's subcommands."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from bot.deps import Deps
from bot.services import cadence
from bot.services.meetings import pair_access, reminders, rhythm
from handlers.blocks.origin import origin_of_command
from handlers.commands.router import SubcommandCall, SubcommandRouter
from handlers.meetings import blocks
from handlers.people import ensure_person, known_person
from handlers.scheduler_common import post_to_pair
from storage.models import Person

NO_PAIR = "You don't have an active mentoring pair yet. /find-mentor is the place to start."


def register_subcommands(router: SubcommandRouter, deps: Deps) -> None:
    for name, handler in (
        ("checkin", handle_checkin),
        ("cadence", handle_cadence),
        ("pause", handle_pause),
        ("end", handle_end),
        ("reminders", handle_reminders),
    ):
        router.add(name, partial(_then_refresh, handler, deps))


def _then_refresh(
    handler: Callable[[SubcommandCall, Deps], None], deps: Deps, call: SubcommandCall
) -> None:
    """Each handler answers from our database before its ack (users.info may wait on a rate
    limit, and Slack wants the ack within 3 seconds); the person is refreshed afterwards."""
    handler(call, deps)
    ensure_person(call.client, deps, call.team_id, call.user_id)


@dataclass(frozen=True)
class Chosen:
    """The pair a command is about, and the command's words without the @name."""

    person: Person
    view: pair_access.PairView
    rest: str


def _pair(call: SubcommandCall, deps: Deps, action_id: str, verb: str, usage: str) -> Chosen | None:
    """The pair the command names (`@name`) or the person's only one; None when the command
    is answered already: no pair, or several and a question which (buttons carry pair ids)."""
    person = known_person(deps, call.team_id, call.user_id)
    views: list[pair_access.PairView] = []
    if person is not None:  # never stored means no pair either
        with deps.db.begin() as session:
            views = pair_access.live_pair_views(session, team_id=call.team_id, person=person)
    if person is None or not views:
        _ack_text(call, NO_PAIR)
        return None
    view, rest = pair_access.pick_pair(views, person.id or 0, call.args)
    named = pair_access.mentioned(call.args)
    if view is None and named is not None:
        others = [v.other(person.id or 0).slack_user_id for v in views]
        _ack_text(call, blocks.build_not_a_partner_text(named, others, usage))
        return None
    if view is None:
        partners = [(v.pair.id or 0, v.other(person.id or 0).slack_user_id) for v in views]
        message = blocks.build_pair_choice_message(action_id, verb, usage, partners)
        call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
        return None
    return Chosen(person, view, rest)


def _ack_text(call: SubcommandCall, text: str) -> None:
    message = blocks.build_ephemeral(text)
    call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")


def handle_checkin(call: SubcommandCall, deps: Deps) -> None:
    found = _pair(call, deps, blocks.CHECKIN_OPEN, "log a meeting for", "checkin")
    if found is None:
        return
    call.ack()
    person, view = found.person, found.view
    other = view.other(person.id or 0).slack_user_id
    origin = origin_of_command(call.body)
    modal = blocks.build_checkin_view(view.pair.id or 0, None, other, uuid.uuid4().hex, origin)
    call.client.views_open(trigger_id=call.body["trigger_id"], view=modal)


RESUME_WORDS = frozenset({"off", "resume"})


def handle_pause(call: SubcommandCall, deps: Deps) -> None:
    """`/mentor pause` picks a date; `/mentor pause off` (or resume) ends the pause now."""
    resuming = bool(RESUME_WORDS & set(call.args.lower().split()))
    found = (
        _pair(call, deps, blocks.RESUME_NOW, "resume", "pause off")
        if resuming
        else _pair(call, deps, blocks.PAUSE_OPEN, "pause", "pause")
    )
    if found is None:
        return
    person, view = found.person, found.view
    if resuming:
        _resume(call, deps, person, view)
        return
    call.ack()
    start = cadence.local_day(deps.clock.now(), person.tz) + timedelta(weeks=2)
    modal = blocks.build_pause_view(
        view.pair.id or 0, start, origin_of_command(call.body), person.slack_user_id
    )
    call.client.views_open(trigger_id=call.body["trigger_id"], view=modal)


def _resume(call: SubcommandCall, deps: Deps, person: Person, view: pair_access.PairView) -> None:
    with deps.db.begin() as session:
        try:
            resumed = rhythm.resume(
                session,
                team_id=call.team_id,
                pair_id=view.pair.id or 0,
                person=person,
                now=deps.clock.now(),
            )
        except ValueError as error:
            _ack_text(call, str(error).capitalize() + ".")
            return
    if not resumed.resumed_now:
        _ack_text(call, "Your mentoring isn't paused: the prompts are already on.")
        return
    message = blocks.build_resumed_message(
        person.slack_user_id,
        resumed.next_meeting,
        today=cadence.local_day(deps.clock.now(), person.tz),
    )
    _ack_text(call, message["text"])
    post_to_pair(call.client, deps, resumed.pair.id or 0, message)


def handle_reminders(call: SubcommandCall, deps: Deps) -> None:
    """`/mentor reminders`: the kinds the person stopped or snoozed, to turn back on."""
    person = known_person(deps, call.team_id, call.user_id)
    message = blocks.build_reminders_message(quiet_rows(deps, person) if person else [])
    call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")


def quiet_rows(deps: Deps, person: Person) -> list[blocks.QuietRow]:
    """The kinds of reminder the person stopped or snoozed, as the reminders message lists them."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        quiet = reminders.quiet_kinds(session, person=person, now=now)
    return [
        blocks.QuietRow(
            q.preference_id,
            q.label,
            q.stopped,
            cadence.local_day(q.snoozed_until, person.tz) if q.snoozed_until else None,
            cadence.local_day(now, person.tz),
        )
        for q in quiet
    ]


def handle_end(call: SubcommandCall, deps: Deps) -> None:
    found = _pair(call, deps, blocks.END_OPEN, "end", "end")
    if found is None:
        return
    call.ack()
    person, view = found.person, found.view
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_end_view(
        view.pair.id or 0, other, origin_of_command(call.body), person.slack_user_id
    )
    call.client.views_open(trigger_id=call.body["trigger_id"], view=modal)


def handle_cadence(call: SubcommandCall, deps: Deps) -> None:
    """`/mentor cadence` shows the chooser; `/mentor cadence weekly thursday` sets it."""
    found = _pair(call, deps, blocks.CADENCE_OPEN, "change the cadence of", "cadence")
    if found is None:
        return
    person, view = found.person, found.view
    words = found.rest.lower().split()
    if not words:
        message = blocks.build_cadence_message(
            view.pair.id or 0, view.pair.cadence, view.pair.meeting_weekday
        )
        call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
        return
    name = next((w for w in words if w in cadence.CADENCES), None)
    weekdays = [d.lower() for d in cadence.WEEKDAYS]
    weekday = next((weekdays.index(w) for w in words if w in weekdays), None)
    if name is None and weekday is None:
        choices = ", ".join([*cadence.CADENCES, *weekdays])
        _ack_text(call, f"I didn't understand that. Try one of: {choices}.")
        return
    with deps.db.begin() as session:
        pair = rhythm.change_cadence(
            session,
            team_id=call.team_id,
            pair_id=view.pair.id or 0,
            person=person,
            cadence_name=name,
            weekday=weekday,
            now=deps.clock.now(),
        )
    message = blocks.build_cadence_changed_message(pair.cadence, pair.meeting_weekday)
    _ack_text(call, message["text"])
    post_to_pair(call.client, deps, pair.id or 0, message)
