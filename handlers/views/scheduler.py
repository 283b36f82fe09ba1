"""Modal submissions of the scheduler: check-in, thanks, pulse, pause, end, retrospective."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.clock import format_day
from bot.deps import Deps
from bot.services import cadence
from bot.services.meetings import checkins, endings, gratitude, pair_access, pulse, rhythm
from bot.services.typed_text import clean
from handlers.blocks import saved
from handlers.blocks.origin import read_origin
from handlers.confirm import confirm_done, confirm_saved
from handlers.events.home import publish_home
from handlers.meetings import blocks
from handlers.people import ensure_person, known_person
from handlers.scheduler_common import post_to_pair, post_to_person
from storage.models import Person

logger = logging.getLogger("mentorbot.scheduler")

Body = dict[str, Any]
Submit = Callable[[WebClient, Deps, Body, Person, dict[str, Any], Ack], None]


def register(app: App, deps: Deps) -> None:
    app.view(blocks.CHECKIN_VIEW)(_listener(deps, _checkin))
    app.view(blocks.THANKS_VIEW)(_listener(deps, _thanks))
    app.view(blocks.PULSE_VIEW)(_listener(deps, _pulse))
    app.view(blocks.PAUSE_VIEW)(_listener(deps, _pause))
    app.view(blocks.END_VIEW)(_listener(deps, _end))
    app.view(blocks.RETRO_VIEW)(_listener(deps, _retro))


def _listener(deps: Deps, submit: Submit) -> Callable[[Ack, Body, WebClient], None]:
    def handle_view_scheduler(ack: Ack, body: Body, client: WebClient) -> None:
        try:
            meta = json.loads(body["view"].get("private_metadata") or "{}")
        except ValueError:
            meta = {}
        if not isinstance(meta, dict):
            meta = {}
        # Only our database before the ack: a modal must be answered within 3 seconds, and
        # users.info may wait on a rate limit. Whoever submits a pair's modal is stored already.
        team_id, user_id = body["team"]["id"], body["user"]["id"]
        person = known_person(deps, team_id, user_id)
        try:
            opener = meta.get(blocks.OPENER_KEY)
            if person is None or (isinstance(opener, str) and opener != user_id):
                raise pair_access.NotYours
            submit(client, deps, body, person, meta, ack)
        except pair_access.NotYours:
            _refuse(body, ack)
            return
        ensure_person(client, deps, team_id, user_id)  # after the ack: refresh name and zone

    return handle_view_scheduler


NOT_YOURS_TEXT = "This isn't yours, so nothing changed."


def _refuse(body: Body, ack: Ack) -> None:
    """Say so in the modal: on its first input, or (a modal without inputs) in its place."""
    errors = _first_block_error(body, NOT_YOURS_TEXT)
    if errors:
        ack(response_action="errors", errors=errors)
    else:
        ack(response_action="update", view=blocks.build_notice_view(NOT_YOURS_TEXT))


def _first_block_error(body: Body, text: str) -> dict[str, str]:
    for block in body["view"].get("blocks", []):
        if block.get("type") == "input":
            return {str(block["block_id"]): text}
    return {}


def _value(body: Body, block_id: str, action_id: str) -> dict[str, Any]:
    values = body["view"].get("state", {}).get("values", {})
    return dict(values.get(block_id, {}).get(action_id) or {})


def _text(body: Body, block_id: str, action_id: str) -> str:
    return clean(_value(body, block_id, action_id).get("value"), limit=2000)


def _int(meta: dict[str, Any], key: str) -> int:
    value = meta.get(key)
    if not isinstance(value, int):
        raise pair_access.NotYours
    return value


def _checkin(
    client: WebClient, deps: Deps, body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    option = _value(body, blocks.USEFULNESS_BLOCK, blocks.USEFULNESS_ACTION).get("selected_option")
    score = str((option or {}).get("value", ""))
    if score not in {"1", "2", "3", "4", "5"}:
        ack(response_action="errors", errors={blocks.USEFULNESS_BLOCK: "Pick 1 to 5."})
        return
    delivery, token = meta.get("delivery"), meta.get("token")
    delivery_id = delivery if isinstance(delivery, int) else None
    with deps.db.begin() as session:
        result = checkins.record_checkin(
            session,
            team_id=person.team_id,
            pair_id=_int(meta, "pair"),
            person=person,
            outcome="met",
            usefulness=int(score),
            takeaway=_text(body, blocks.TAKEAWAY_BLOCK, blocks.TAKEAWAY_ACTION),
            next_steps=_text(body, blocks.NEXT_STEPS_BLOCK, blocks.NEXT_STEPS_ACTION),
            delivery_id=delivery_id,
            token=token[:36] if isinstance(token, str) else None,
            now=deps.clock.now(),
        )
        pair = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=_int(meta, "pair"), person=person
        )
    ack()
    if not result.repeat:  # the same form sent again was answered by its first submission
        other = pair.other(person.id or 0).slack_user_id
        message = _checkin_saved(result, other, delivery_id)
        confirm_saved(client, deps, person, read_origin(meta), message)


def _checkin_saved(result: checkins.CheckinResult, other: str, delivery_id: int | None) -> Body:
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


def _thanks(
    client: WebClient, deps: Deps, body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    note = _text(body, blocks.THANKS_BLOCK, blocks.THANKS_ACTION)
    if not note:
        ack(response_action="errors", errors={blocks.THANKS_BLOCK: "Write a few words."})
        return
    with deps.db.begin() as session:
        view = gratitude.thanks_sent(
            session,
            team_id=person.team_id,
            pair_id=_int(meta, "pair"),
            person=person,
            now=deps.clock.now(),
        )
    ack()
    mentor = view.mentor.slack_user_id
    post_to_pair(
        client,
        deps,
        view.pair.id or 0,
        blocks.build_thanks_message(person.slack_user_id, mentor, note),
    )
    confirm_done(client, deps, read_origin(meta), saved.thanks_done(view.pair.id or 0, mentor))


def _pulse(
    client: WebClient, deps: Deps, body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    score = _int(meta, "score")
    with deps.db.begin() as session:
        result = pulse.record_pulse(
            session,
            team_id=person.team_id,
            delivery_id=_int(meta, "delivery"),
            person=person,
            score=score,
            note=_text(body, blocks.NOTE_BLOCK, blocks.NOTE_ACTION),
            now=deps.clock.now(),
        )
        view = pair_access.pair_view(
            session, team_id=person.team_id, pair_id=result.answer.pair_id, person=person
        )
    ack()
    other = view.other(person.id or 0).slack_user_id
    answer = result.answer
    message = saved.build_pulse_saved_message(other, answer.score, noted=bool(answer.note))
    confirm_saved(client, deps, person, read_origin(meta), message)
    if result.low:
        post_to_person(
            client, deps, person, blocks.build_low_pulse_message(view.pair.id or 0, other)
        )


def _pause(
    client: WebClient, deps: Deps, body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    raw = str(_value(body, blocks.UNTIL_BLOCK, blocks.UNTIL_ACTION).get("selected_date") or "")
    until = _real_date(raw)
    if until is None:
        text = blocks.NOT_A_DATE if raw else "Choose a date."
        ack(response_action="errors", errors={blocks.UNTIL_BLOCK: text})
        return
    try:
        with deps.db.begin() as session:
            pair = rhythm.pause(
                session,
                team_id=person.team_id,
                pair_id=_int(meta, "pair"),
                person=person,
                until=until,
                now=deps.clock.now(),
            )
    except rhythm.PauseTooLong as error:
        ack(response_action="errors", errors={blocks.UNTIL_BLOCK: blocks.too_long(error.latest)})
        return
    except ValueError as error:
        ack(response_action="errors", errors={blocks.UNTIL_BLOCK: str(error).capitalize()})
        return
    ack()
    today = cadence.local_day(deps.clock.now(), person.tz)
    message = blocks.build_paused_message(person.slack_user_id, pair.id or 0, until, today=today)
    post_to_pair(client, deps, pair.id or 0, message)
    done = saved.pause_done(pair.id or 0, format_day(until, today=today))
    confirm_done(client, deps, read_origin(meta), done)


def _real_date(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _end(
    client: WebClient, deps: Deps, _body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    with deps.db.begin() as session:
        ending = endings.end_pair(
            session,
            team_id=person.team_id,
            pair_id=_int(meta, "pair"),
            person=person,
            now=deps.clock.now(),
        )
    ack()
    if not ending.ended_now:
        return
    view = ending.view
    pair_id = view.pair.id or 0
    other = view.other(person.id or 0).slack_user_id
    confirm_done(client, deps, read_origin(meta), saved.end_done(pair_id, other))
    with deps.db.begin() as session:
        found = endings.next_match_after_end(session, view=view, now=deps.clock.now())
    next_mentor = (
        blocks.NextMentor(found.search_id, found.mentor_id, found.mentor_user, found.reason)
        if found
        else None
    )
    post_to_person(
        client,
        deps,
        view.mentor,
        blocks.build_closing_message(view.mentee.slack_user_id, is_mentee=False, pair_id=pair_id),
    )
    post_to_person(
        client,
        deps,
        view.mentee,
        blocks.build_closing_message(
            view.mentor.slack_user_id, is_mentee=True, pair_id=pair_id, next_mentor=next_mentor
        ),
    )


def _retro(
    client: WebClient, deps: Deps, body: Body, person: Person, meta: dict[str, Any], ack: Ack
) -> None:
    helped = _text(body, blocks.HELPED_BLOCK, blocks.HELPED_ACTION)
    goals = _text(body, blocks.GOALS_BLOCK, blocks.GOALS_ACTION)
    with deps.db.begin() as session:
        recorded = endings.record_retrospective(
            session,
            team_id=person.team_id,
            pair_id=_int(meta, "pair"),
            person=person,
            helped_most=helped,
            goals_status=goals,
            now=deps.clock.now(),
        )
    ack()
    if recorded:
        # Shown back to its author only (their DM and their Home); never to the other person.
        message = blocks.build_retro_saved_message(helped, goals)
        done = saved.retro_done(_int(meta, "pair"), message["blocks"])
        if not confirm_done(client, deps, read_origin(meta), done):
            post_to_person(client, deps, person, message)
        publish_home(client, deps, person)
