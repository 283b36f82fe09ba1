"""The circle's buttons: Join circle (from /find-mentor), the mentor's Approve / Decline,
Leave circle and Close circle. Every one goes through the click guard; the service refuses
(NotYours) a click by someone the button is not for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from bot.services.circles import calendar, membership
from bot.services.circles.views import CircleView, Someone
from handlers.circles import messages
from handlers.circles.conversation import (
    post_to_circle,
    remove_from_conversation,
    seat_in_conversation,
)
from handlers.circles.invites import send_circle_files
from handlers.home.publish import publish_home
from handlers.slack.clicks import Click, on_click
from handlers.slack.people import dm_channel, known_person


def _dm(click: Click, someone: Someone, message: dict[str, Any]) -> None:
    person = known_person(click.deps, click.team_id, someone.slack_user_id)
    if person is None or person.is_deleted:
        return
    click.client.chat_postMessage(channel=dm_channel(click.client, click.deps, person), **message)


def _refresh_homes(click: Click, *someones: Someone) -> None:
    """Their App Homes list their circles: published again where that changed them."""
    for someone in someones:
        person = known_person(click.deps, click.team_id, someone.slack_user_id)
        if person is not None and not person.is_deleted:
            publish_home(click.client, click.deps, person)


def _files(click: Click, compute: Callable[[Session], list[calendar.CircleFile]]) -> None:
    """The circle's calendar files, worked out (and their SEQUENCE kept) in one transaction,
    then sent."""
    with click.deps.db.begin() as session:
        files = compute(session)
    send_circle_files(click.client, click.deps, files)


def _seated(click: Click, circle: CircleView, newcomer: Someone) -> None:
    seat_in_conversation(click.client, click.deps, circle, newcomer)
    now = click.deps.clock.now()
    _files(
        click,
        lambda session: calendar.after_join(
            session,
            team_id=circle.team_id,
            circle_id=circle.circle_id,
            person_id=newcomer.person_id,
            now=now,
        ),
    )


@on_click
def handle_action_join_circle(click: Click) -> None:
    circle_id = click.int_value
    with click.deps.db.begin() as session:
        outcome = membership.join(
            session, person=click.person, circle_id=circle_id, now=click.deps.clock.now()
        )
    click.tell(messages.join_reply(outcome))
    circle, newcomer = outcome.circle, outcome.person
    if circle is None or newcomer is None:
        return
    if outcome.kind == "joined":
        _seated(click, circle, newcomer)
    elif outcome.kind == "waiting":
        _dm(click, circle.mentor, messages.build_approval_request(circle, outcome))
    _refresh_homes(click, newcomer, circle.mentor)


def _answer(click: Click, *, approve: bool) -> None:
    answer = membership.approve if approve else membership.decline
    with click.deps.db.begin() as session:
        outcome = answer(
            session, mentor=click.person, member_id=click.int_value, now=click.deps.clock.now()
        )
    click.tell(messages.answer_reply(outcome))
    circle, asker = outcome.circle, outcome.person
    if circle is None or asker is None:
        return
    if outcome.kind == "approved":
        _dm(click, asker, messages.build_approved_note(circle))
        _seated(click, circle, asker)
    elif outcome.kind == "declined":
        _dm(click, asker, messages.build_declined_note(circle))
    _refresh_homes(click, asker, circle.mentor)


@on_click
def handle_action_approve_member(click: Click) -> None:
    _answer(click, approve=True)


@on_click
def handle_action_decline_member(click: Click) -> None:
    _answer(click, approve=False)


@on_click
def handle_action_leave_circle(click: Click) -> None:
    with click.deps.db.begin() as session:
        outcome = membership.leave(
            session, person=click.person, circle_id=click.int_value, now=click.deps.clock.now()
        )
    click.tell(messages.answer_reply(outcome))
    circle, leaver = outcome.circle, outcome.person
    if outcome.kind != "left" or circle is None or leaver is None:
        return
    _dm(click, circle.mentor, messages.build_left_note_to_mentor(circle, leaver))
    remove_from_conversation(click.client, click.deps, circle, leaver)
    now = click.deps.clock.now()
    _files(
        click,
        lambda session: calendar.after_leave(
            session,
            team_id=circle.team_id,
            circle_id=circle.circle_id,
            person_id=leaver.person_id,
            now=now,
        ),
    )
    if outcome.next_waiting is not None:
        _dm(click, outcome.next_waiting, messages.build_seat_free_note(circle))
    _refresh_homes(click, leaver, circle.mentor)


@on_click
def handle_action_close_circle(click: Click) -> None:
    with click.deps.db.begin() as session:
        outcome = membership.close(
            session, mentor=click.person, circle_id=click.int_value, now=click.deps.clock.now()
        )
    click.tell(messages.answer_reply(outcome))
    if outcome.kind == "closed_now" and outcome.circle is not None:
        circle = outcome.circle
        _tell_everyone(click, circle)
        ids = [p.person_id for p in circle.everyone]
        _files(
            click,
            lambda session: calendar.after_close(
                session, team_id=circle.team_id, circle_id=circle.circle_id, person_ids=ids
            ),
        )
        _refresh_homes(click, *circle.everyone)


def _tell_everyone(click: Click, circle: CircleView) -> None:
    closing = messages.build_closing_message(circle)
    if not post_to_circle(click.client, circle, closing):
        for member in circle.members:
            _dm(click, member, closing)
