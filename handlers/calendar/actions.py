"""Picking a meeting time: the offer, a slot's Pick this, Another time (a modal), and what an
agreed time sends: a note in the pair's conversation and an invite in each person's DM."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.clock import local
from bot.deps import Deps
from bot.services.cadence import CADENCES
from bot.services.calendar import agreement
from bot.services.calendar.slots import Slot
from bot.services.meetings.pair_access import PairView, pair_view
from bot.services.refusals import NotYours
from handlers.calendar import blocks, invites
from handlers.slack.clicks import Click, on_click
from handlers.slack.forms import Form, on_submit
from handlers.slack.pairs import post_to_pair
from handlers.slack.people import dm_channel
from handlers.slack.row_ids import row_id, whole
from storage.models import Person

logger = logging.getLogger("mentorbot.calendar")
LENGTH = timedelta(minutes=30)


def _view(deps: Deps, person: Person, pair_id: int) -> PairView:
    with deps.db.begin() as session:
        return pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)


def _people(view: PairView, first: Person) -> list[tuple[str, str | None]]:
    """The two (Slack id, zone), the reader first."""
    other = view.mentee if first.id == view.mentor.id else view.mentor
    return [(first.slack_user_id, first.tz), (other.slack_user_id, other.tz)]


@on_click
def handle_action_calendar_offer(click: Click) -> None:
    person, now = click.person, click.deps.clock.now()
    with click.deps.db.begin() as session:
        view = pair_view(session, team_id=person.team_id, pair_id=click.int_value, person=person)
        offer = agreement.offer(session, view, now=now)
    message = blocks.build_offer_message(
        pair_id=view.pair.id or 0,
        slots=offer.slots,
        sequence=offer.sequence,
        people=_people(view, person),
        today=local(now, person.tz).date(),
    )
    click.respond(**message, response_type="ephemeral", replace_original=False)


@on_click
def handle_action_calendar_pick(click: Click) -> None:
    pair_text, _, rest = click.value.partition(":")
    start_text, _, sequence_text = rest.partition(":")
    pair_id, start_at = row_id(pair_text), whole(start_text, 11)
    if pair_id is None or start_at is None:
        raise NotYours
    sequence = _sequence(sequence_text)
    start = datetime.fromtimestamp(start_at, tz=UTC)
    told = agree(click.client, click.deps, click.person, pair_id, start, sequence)
    if told:
        click.tell(told)
    else:
        click.respond(text="Picked: the invite is in your DM.", replace_original=True)


@on_click
def handle_action_calendar_other(click: Click) -> None:
    person = click.stored_person  # the trigger lives 3 s: only our database before views.open
    pair_text, _, sequence_text = click.value.partition(":")
    pair_id = row_id(pair_text)
    if pair_id is None:
        raise NotYours
    _view(click.deps, person, pair_id)
    initial = click.deps.clock.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=1)
    sequence = _sequence(sequence_text)
    click.client.views_open(
        trigger_id=click.trigger_id,
        view=blocks.build_other_time_view(pair_id=pair_id, sequence=sequence, initial=initial),
    )


def _sequence(text: str) -> int:
    """The offer's sequence the button carries; -1 (no offer) when it carries none."""
    found = whole(text, 9)
    return found if found is not None else -1


@on_submit
def handle_view_calendar_other(form: Form) -> None:
    picked = form.state(blocks.PICKED_BLOCK, blocks.PICKED_INPUT).get("selected_date_time")
    if not isinstance(picked, int):
        form.ack(response_action="errors", errors={blocks.PICKED_BLOCK: "Pick a date and time."})
        return
    start = datetime.fromtimestamp(picked, tz=UTC)
    if start <= form.deps.clock.now():
        form.ack(response_action="errors", errors={blocks.PICKED_BLOCK: "Pick a time to come."})
        return
    pair_id = form.id("pair")
    _view(form.deps, form.person, pair_id)  # NotYours before the ack for someone else's pair
    form.ack()
    sequence = form.meta.get("sequence")
    told = agree(
        form.client,
        form.deps,
        form.person,
        pair_id,
        start,
        sequence if isinstance(sequence, int) else -1,
    )
    if told:
        form.client.chat_postMessage(
            channel=dm_channel(form.client, form.deps, form.person), text=told
        )


def handle_action_calendar_link(ack: Ack) -> None:
    """A link button opens the calendar in the browser; Slack still tells us it was clicked."""
    ack()


def agree(
    client: WebClient, deps: Deps, person: Person, pair_id: int, start: datetime, sequence: int
) -> str:
    """Pick the time; on success tell the pair and send both invites. What to tell the picker
    privately when it did not hold ("" when it did)."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        picked = agreement.pick(
            session,
            team_id=person.team_id,
            pair_id=pair_id,
            person=person,
            start=start,
            expected_sequence=sequence,
            now=now,
            length=LENGTH,
        )
        view = pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)
    today = local(now, person.tz).date()
    if picked.kind == "past":
        return "That time has passed; pick another."
    held = picked.time
    if picked.kind == "taken":
        slot = Slot(held.first_start, held.first_start + LENGTH) if held else None
        return blocks.build_taken_message(slot=slot, tz=person.tz, today=today)
    assert held is not None
    slot = Slot(held.first_start, held.first_start + timedelta(minutes=held.length_minutes))
    words = CADENCES.get(held.cadence, held.cadence)
    outside = [
        p.slack_user_id for p in (view.mentee, view.mentor) if p.id in picked.outside_hours_of
    ]
    message = blocks.build_agreed_message(
        picker=person.slack_user_id,
        slot=slot,
        people=_people(view, person),
        cadence_words=words,
        outside_of=outside,
        changed=picked.kind == "changed",
        today=today,
    )
    post_to_pair(client, deps, pair_id, message)
    invites.send_invites(client, deps, view)
    return ""
