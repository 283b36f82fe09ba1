"""/mentor checkin, cadence, pause, end and reminders: the meetings' subcommands. Each answers
from our database before its ack (users.info may wait on a rate limit, and Slack wants the ack
within 3 seconds); the person is refreshed afterwards."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from bot.services import cadence
from bot.services.calendar import agreement, schedule
from bot.services.meetings import pair_access, rhythm
from handlers.calendar import invites
from handlers.meetings import blocks
from handlers.meetings.reminders import quiet_rows
from handlers.slack.origin import origin_of_command
from handlers.slack.pairs import post_to_pair
from handlers.slack.people import ensure_person, known_person
from handlers.slack.replies import build_ephemeral
from handlers.slack.subcommands import SubcommandCall, SubcommandHandler
from storage.models import Person

NO_PAIR = "You don't have an active mentoring pair yet. /find-mentor is the place to start."


def _then_refresh(handler: SubcommandHandler) -> SubcommandHandler:
    """The handler, then the person refreshed (name and zone, for later)."""

    def answered(call: SubcommandCall) -> None:
        handler(call)
        ensure_person(call.client, call.deps, call.team_id, call.user_id)

    answered.__name__ = answered.__qualname__ = handler.__name__
    answered.__doc__ = handler.__doc__
    return answered


@dataclass(frozen=True)
class Chosen:
    """The pair a command is about, and the command's words without the @name."""

    person: Person
    view: pair_access.PairView
    rest: str


def _pair(call: SubcommandCall, action_id: str, verb: str, usage: str) -> Chosen | None:
    """The pair the command names (`@name`) or the person's only one; None when the command
    is answered already: no pair, or several and a question which (buttons carry pair ids)."""
    person = known_person(call.deps, call.team_id, call.user_id)
    views: list[pair_access.PairView] = []
    if person is not None:  # never stored means no pair either
        with call.deps.db.begin() as session:
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
        call.answer(message)
        return None
    return Chosen(person, view, rest)


def _ack_text(call: SubcommandCall, text: str) -> None:
    call.answer(build_ephemeral(text))


@_then_refresh
def handle_subcommand_checkin(call: SubcommandCall) -> None:
    found = _pair(call, blocks.CHECKIN_OPEN, "log a meeting for", "checkin")
    if found is None:
        return
    call.ack()
    person, view = found.person, found.view
    other = view.other(person.id or 0).slack_user_id
    origin = origin_of_command(call.body)
    modal = blocks.build_checkin_view(view.pair.id or 0, None, other, uuid.uuid4().hex, origin)
    call.client.views_open(trigger_id=call.body["trigger_id"], view=modal)


RESUME_WORDS = frozenset({"off", "resume"})


@_then_refresh
def handle_subcommand_pause(call: SubcommandCall) -> None:
    """`/mentor pause` picks a date; `/mentor pause off` (or resume) ends the pause now."""
    resuming = bool(RESUME_WORDS & set(call.args.lower().split()))
    found = (
        _pair(call, blocks.RESUME_NOW, "resume", "pause off")
        if resuming
        else _pair(call, blocks.PAUSE_OPEN, "pause", "pause")
    )
    if found is None:
        return
    person, view = found.person, found.view
    if resuming:
        _resume(call, person, view)
        return
    call.ack()
    start = cadence.local_day(call.deps.clock.now(), person.tz) + timedelta(weeks=2)
    modal = blocks.build_pause_view(
        view.pair.id or 0,
        start,
        origin_of_command(call.body),
        person.slack_user_id,
        peer=view.peer,
    )
    call.client.views_open(trigger_id=call.trigger_id, view=modal)


def _resume(call: SubcommandCall, person: Person, view: pair_access.PairView) -> None:
    with call.deps.db.begin() as session:
        try:
            resumed = rhythm.resume(
                session,
                team_id=call.team_id,
                pair_id=view.pair.id or 0,
                person=person,
                now=call.deps.clock.now(),
            )
        except ValueError as error:
            _ack_text(call, str(error).capitalize() + ".")
            return
    if not resumed.resumed_now:
        _ack_text(call, "Your prompts aren't paused: they are already on.")
        return
    message = blocks.build_resumed_message(
        person.slack_user_id,
        resumed.next_meeting,
        today=cadence.local_day(call.deps.clock.now(), person.tz),
        peer=view.peer,
    )
    _ack_text(call, message["text"])
    post_to_pair(call.client, call.deps, resumed.pair.id or 0, message)
    if resumed.calendar_changed:
        invites.send_resumed_invites(call.client, call.deps, person, resumed.pair.id or 0)


@_then_refresh
def handle_subcommand_reminders(call: SubcommandCall) -> None:
    """`/mentor reminders`: the kinds the person stopped or snoozed, to turn back on."""
    person = known_person(call.deps, call.team_id, call.user_id)
    call.answer(blocks.build_reminders_message(quiet_rows(call.deps, person) if person else []))


@_then_refresh
def handle_subcommand_end(call: SubcommandCall) -> None:
    found = _pair(call, blocks.END_OPEN, "end", "end")
    if found is None:
        return
    call.ack()
    person, view = found.person, found.view
    other = view.other(person.id or 0).slack_user_id
    modal = blocks.build_end_view(
        view.pair.id or 0, other, origin_of_command(call.body), person.slack_user_id, peer=view.peer
    )
    call.client.views_open(trigger_id=call.trigger_id, view=modal)


@_then_refresh
def handle_subcommand_cadence(call: SubcommandCall) -> None:
    """`/mentor cadence` shows the chooser; `/mentor cadence weekly thursday` sets it."""
    found = _pair(call, blocks.CADENCE_OPEN, "change the cadence of", "cadence")
    if found is None:
        return
    pair = found.view.pair
    words = found.rest.lower().split()
    if not words:
        with call.deps.db.begin() as session:
            start = schedule.next_start(session, pair_id=pair.id or 0, now=call.deps.clock.now())
        message = blocks.build_cadence_message(
            pair.id or 0,
            pair.cadence,
            pair.meeting_weekday,
            agreed_start=start,
            reader_tz=found.person.tz,
        )
        call.answer(message)
        return
    name, weekday = _cadence_words(words)
    if name is None and weekday is None:
        choices = ", ".join([*cadence.CADENCES, *WEEKDAYS])
        _ack_text(call, f"I didn't understand that. Try one of: {choices}.")
        return
    _set_cadence(call, found, name, weekday)


def _set_cadence(
    call: SubcommandCall, found: Chosen, name: str | None, weekday: int | None
) -> None:
    with call.deps.db.begin() as session:
        changed = rhythm.change_cadence(
            session,
            team_id=call.team_id,
            pair_id=found.view.pair.id or 0,
            person=found.person,
            cadence_name=name,
            weekday=weekday,
            now=call.deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=call.team_id, pair_id=changed.id or 0, person=found.person
        )
        moved = agreement.follow_cadence(session, view, now=call.deps.clock.now())
    message = blocks.build_cadence_changed_message(changed.cadence, changed.meeting_weekday)
    _ack_text(call, message["text"])
    post_to_pair(call.client, call.deps, changed.id or 0, message)
    if moved is not None:  # the agreed series follows, as the buttons do (SEQUENCE + 1)
        invites.send_invites(call.client, call.deps, view)


WEEKDAYS = [d.lower() for d in cadence.WEEKDAYS]


def _cadence_words(words: list[str]) -> tuple[str | None, int | None]:
    """The cadence and the weekday the words name, each None when they name none."""
    name = next((w for w in words if w in cadence.CADENCES), None)
    weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    return name, weekday
