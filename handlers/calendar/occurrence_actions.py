"""Skip this week and Move this one on a meeting prompt: one occurrence of the pair's agreed
series changes (EXDATE, or an override with RECURRENCE-ID), both get the updated invite in
their DM with who changed what, and a stale click is told plainly why nothing changed."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.services.calendar import changes
from bot.services.calendar.changes import OccurrenceChange
from bot.services.meetings.pair_access import PairView, pair_view
from handlers.calendar import occurrence_blocks as blocks
from handlers.calendar.invites import Comment, send_invites
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.forms import Form, on_submit
from handlers.slack.people import dm_channel
from storage.models import Person


def _occurrence(value: str) -> tuple[int, datetime]:
    found = blocks.read_occurrence(value)
    if found is None:
        raise NotYours
    return found


@on_click
def handle_action_calendar_skip(click: Click) -> None:
    pair_id, original = _occurrence(click.value)
    person, now = click.person, click.deps.clock.now()
    with click.deps.db.begin() as session:
        view = pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)
        change = changes.change_occurrence(
            session, view, original=original, new_start=None, person_id=person.id or 0, now=now
        )
    click.tell(_tell(click, person, view, change))


@on_click
def handle_action_calendar_move(click: Click) -> None:
    person = click.stored_person  # the trigger lives 3 s: only our database before views.open
    pair_id, original = _occurrence(click.value)
    with click.deps.db.begin() as session:
        pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)
    if original <= click.deps.clock.now():
        click.tell(blocks.STALE["past"])
        return
    view = blocks.build_move_view(pair_id=pair_id, original=original, opener=person.slack_user_id)
    click.client.views_open(trigger_id=click.trigger_id, view=view)


@on_submit
def handle_view_calendar_move(form: Form) -> None:
    picked = form.state(blocks.MOVED_BLOCK, blocks.MOVED_INPUT).get("selected_date_time")
    if not isinstance(picked, int) or not 0 < picked < 1 << 34:
        form.ack(response_action="errors", errors={blocks.MOVED_BLOCK: "Pick a date and time."})
        return
    new_start, now = datetime.fromtimestamp(picked, tz=UTC), form.deps.clock.now()
    if new_start <= now:
        form.ack(response_action="errors", errors={blocks.MOVED_BLOCK: "Pick a time to come."})
        return
    pair_id, start = form.id("pair"), form.number("start")
    person = form.person
    with form.deps.db.begin() as session:  # NotYours before the ack for someone else's pair
        view = pair_view(session, team_id=person.team_id, pair_id=pair_id, person=person)
    form.ack()
    original = datetime.fromtimestamp(start, tz=UTC)
    with form.deps.db.begin() as session:
        change = changes.change_occurrence(
            session, view, original=original, new_start=new_start, person_id=person.id or 0, now=now
        )
    told = _tell(form, person, view, change)
    form.client.chat_postMessage(channel=dm_channel(form.client, form.deps, person), text=told)


def _tell(on: Click | Form, person: Person, view: PairView, change: OccurrenceChange) -> str:
    """Send the updated invites when the change holds; what to tell the person who made it."""
    if change.kind in blocks.STALE:
        return blocks.STALE[change.kind]
    unchanged = change.kind == "unchanged"
    moving = change.new_start is not None
    if not unchanged:
        send_invites(on.client, on.deps, view, comment=_comment(person, view, change))
    return blocks.moved_text(unchanged) if moving else blocks.skipped_text(unchanged)


def _comment(person: Person, view: PairView, change: OccurrenceChange) -> Comment:
    assert change.time is not None and change.original is not None
    minutes, original, new_start = change.time.length_minutes, change.original, change.new_start
    outside = [
        p.slack_user_id for p in (view.mentee, view.mentor) if p.id in change.outside_hours_of
    ]

    def comment(reader: Person, today: date) -> str:
        changer, me = person.slack_user_id, reader.slack_user_id
        if new_start is None:
            return blocks.skip_comment(
                changer=changer,
                reader=me,
                original=original,
                minutes=minutes,
                tz=reader.tz,
                today=today,
            )
        return blocks.move_comment(
            changer=changer,
            reader=me,
            original=original,
            new_start=new_start,
            minutes=minutes,
            tz=reader.tz,
            today=today,
            outside_of=outside,
        )

    return comment
