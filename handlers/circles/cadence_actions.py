"""The buttons on a circle member's private messages: Add my question and Check in (each opens
a small modal), Thank the mentor, the pulse's 1-5, and Keep / Pause for me after three
check-ins unanswered (Leave the circle is the circle's own Leave). Every one names a delivery
sent to the clicker; the service refuses (NotYours) anyone else's."""

from __future__ import annotations

from bot.clock import format_day
from bot.services.circles import answers
from handlers.circles import delivery_blocks as blocks
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.mrkdwn import escape
from handlers.slack.people import dm_channel, known_person
from storage.models.deliveries import CIRCLE_CHECKIN, CIRCLE_PREPARE


def _open(click: Click, kind: str) -> None:
    """The modal of a question or check-in, for the person the delivery was sent to (checked
    on the stored person: views.open's trigger expires in 3 seconds)."""
    person, delivery_id = click.stored_person, click.int_value
    with click.deps.db.begin() as session:
        answers.delivery_of(session, person=person, delivery_id=delivery_id, kinds=(kind,))
    build = blocks.build_question_view if kind == CIRCLE_PREPARE else blocks.build_checkin_view
    click.client.views_open(
        trigger_id=click.trigger_id, view=build(delivery_id, person.slack_user_id)
    )


@on_click
def handle_action_circle_question_open(click: Click) -> None:
    _open(click, CIRCLE_PREPARE)


@on_click
def handle_action_circle_checkin_open(click: Click) -> None:
    _open(click, CIRCLE_CHECKIN)


@on_click
def handle_action_circle_thanks(click: Click) -> None:
    """The member's thanks, in the mentor's DM; once per meeting."""
    member = click.person
    with click.deps.db.begin() as session:
        mentor = answers.thank(
            session, person=member, delivery_id=click.int_value, now=click.deps.clock.now()
        )
    if mentor is None:
        click.tell("You've thanked them for this meeting already.")
        return
    to = known_person(click.deps, click.team_id, mentor.slack_user_id)
    if to is not None and not to.is_deleted:
        text = f"<@{member.slack_user_id}> thanks you for the circle meeting. :sparkles:"
        click.client.chat_postMessage(channel=dm_channel(click.client, click.deps, to), text=text)
    click.tell(f"Thanks sent to <@{mentor.slack_user_id}>.")


@on_click
def handle_action_circle_pulse(click: Click) -> None:
    suffix = click.action_id[len(blocks.PULSE_PREFIX) :]
    if suffix not in {"1", "2", "3", "4", "5"}:
        raise NotYours
    with click.deps.db.begin() as session:
        first = answers.save_pulse(
            session,
            person=click.person,
            delivery_id=click.int_value,
            score=int(suffix),
            now=click.deps.clock.now(),
        )
    click.tell(blocks.build_pulse_reply(int(suffix)) if first else "You answered this already.")


@on_click
def handle_action_circle_keep(click: Click) -> None:
    with click.deps.db.begin() as session:
        answers.keep(
            session, person=click.person, delivery_id=click.int_value, now=click.deps.clock.now()
        )
    click.tell("Glad to hear it: your circle check-ins will keep coming.")


@on_click(explained=(ValueError,))
def handle_action_circle_pause_me(click: Click) -> None:
    person = click.person
    with click.deps.db.begin() as session:
        until = answers.pause_me(
            session, person=person, delivery_id=click.int_value, now=click.deps.clock.now()
        )
    when = escape(format_day(until, today=until))
    click.tell(f"Paused for you until {when}. The circle goes on; you're welcome back any time.")
