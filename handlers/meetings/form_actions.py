"""The buttons that open a pair's forms: thanks, pause, end and the retrospective. A form opens
with where it was opened from and the one person who may submit it; a button whose work is done
(thanks sent, a pair paused or ended, a retrospective given) says so privately instead."""

from __future__ import annotations

from datetime import date, timedelta

from bot.clock import format_day
from bot.services import cadence, people
from bot.services.meetings import endings, gratitude, pair_access
from handlers.meetings import blocks
from handlers.meetings.actions import meeting_click, pair_of
from handlers.meetings.blocks import saved
from handlers.slack.clicks import Click, NotYours
from handlers.slack.origin import Origin, origin_of_click


@meeting_click
def handle_action_gratitude_open(click: Click) -> None:
    view = pair_of(click)
    if not view.may_thank(click.person.id):
        raise NotYours
    thanked = view.other(click.person.id or 0)
    with click.deps.db.begin() as session:
        done = gratitude.thanks_done(session, view, click.person)
    if done:
        who = thanked.slack_user_id
        click.tell(saved.build_form_done_text(f"You already sent thanks to <@{who}>"))
        return
    modal = blocks.build_thanks_view(view.pair.id or 0, people.first_name(thanked), *_from(click))
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@meeting_click
def handle_action_pause_open(click: Click) -> None:
    view = pair_of(click)
    today = cadence.local_day(click.deps.clock.now(), click.person.tz)
    if _stopped(click, view, today=today):
        return
    until = today + timedelta(weeks=2)
    modal = blocks.build_pause_view(view.pair.id or 0, until, *_from(click), peer=view.peer)
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@meeting_click
def handle_action_end_open(click: Click) -> None:
    view = pair_of(click)
    if _stopped(click, view, today=None):
        return
    other = view.other(click.person.id or 0).slack_user_id
    modal = blocks.build_end_view(view.pair.id or 0, other, *_from(click), peer=view.peer)
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@meeting_click
def handle_action_retro_open(click: Click) -> None:
    view = pair_of(click)
    with click.deps.db.begin() as session:
        given = endings.retrospective_given(session, pair_id=view.pair.id or 0, person=click.person)
    if given:
        click.tell(saved.build_form_done_text("You already saved your retrospective"))
        return
    modal = blocks.build_retro_view(view.pair.id or 0, *_from(click))
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


def _from(click: Click) -> tuple[Origin, str]:
    """A form's origin (the clicked message) and the one person who may submit it."""
    return origin_of_click(click.body), click.person.slack_user_id


def _stopped(click: Click, view: pair_access.PairView, *, today: date | None) -> bool:
    """A Pause (with `today`) or End whose work is done: said privately, nothing opens."""
    other = view.other(click.person.id or 0).slack_user_id
    pair = view.pair
    if pair.status == "ended":
        done = f"Your mentoring with <@{other}> has already ended"
    elif today is not None and pair.status == "paused" and pair.paused_until:
        until = format_day(pair.paused_until, today=today)
        done = f"Your mentoring with <@{other}> is already paused until {until}"
    else:
        return False
    click.tell(saved.build_form_done_text(done))
    return True
