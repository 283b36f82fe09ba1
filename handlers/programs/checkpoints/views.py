"""The checkpoints' forms are submitted. Each names its delivery in private_metadata and is
checked against the submitter (the form guard, handlers.slack.forms, and the service)."""

from __future__ import annotations

from typing import Any

from bot.services.programs import checkpoints
from handlers.calendar import invites
from handlers.meetings.goodbye import say_goodbye
from handlers.programs.checkpoints import blocks
from handlers.slack.confirm import confirm_saved
from handlers.slack.forms import Form, on_submit
from handlers.slack.pairs import post_to_person


def _delivery_id(form: Form) -> int:
    """The form's delivery; NotYours for an id no row can have (forged), as Form.id says."""
    return form.id("delivery")


def _choice(form: Form, block_id: str, action_id: str) -> str:
    option = form.state(block_id, action_id).get("selected_option") or {}
    return str(option.get("value", "")) if isinstance(option, dict) else ""


def _ticked(form: Form, block_id: str, action_id: str) -> tuple[str, ...]:
    options = form.state(block_id, action_id).get("selected_options") or []
    return tuple(str(o.get("value", "")) for o in options if isinstance(o, dict))


def _missing(form: Form, wanted: dict[str, tuple[str, tuple[str, ...]]]) -> bool:
    """Send the form back when a required choice is missing or not one of ours."""
    errors = {
        block: "Choose one." for block, (value, allowed) in wanted.items() if value not in allowed
    }
    if errors:
        form.ack(response_action="errors", errors=errors)
    return bool(errors)


@on_submit
def handle_view_midpoint(form: Form) -> None:
    quality = _choice(form, blocks.QUALITY_BLOCK, blocks.QUALITY_ACTION)
    on_track = _choice(form, blocks.ON_TRACK_BLOCK, blocks.ON_TRACK_ACTION)
    if _missing(
        form,
        {
            blocks.QUALITY_BLOCK: (quality, ("1", "2", "3", "4", "5")),
            blocks.ON_TRACK_BLOCK: (on_track, checkpoints.ON_TRACK),
        },
    ):
        return
    answer = checkpoints.MidpointAnswer(
        quality=int(quality),
        on_track=on_track,
        note=form.text(blocks.NOTE_BLOCK, blocks.NOTE_ACTION),
        named=blocks.NAMED in _ticked(form, blocks.NAMED_BLOCK, blocks.NAMED_ACTION),
    )
    with form.deps.db.begin() as session:
        saved = checkpoints.save_midpoint(
            session,
            team_id=form.person.team_id,
            delivery_id=_delivery_id(form),
            person=form.person,
            answer=answer,
            now=form.deps.clock.now(),
        )
    form.ack()
    _confirm(form, saved)


@on_submit
def handle_view_closeout(form: Form) -> None:
    progress = _choice(form, blocks.PROGRESS_BLOCK, blocks.PROGRESS_ACTION)
    recommend = _choice(form, blocks.RECOMMEND_BLOCK, blocks.RECOMMEND_ACTION)
    next_step = _choice(form, blocks.NEXT_BLOCK, blocks.NEXT_ACTION)
    if _missing(
        form,
        {
            blocks.PROGRESS_BLOCK: (progress, checkpoints.PROGRESS),
            blocks.RECOMMEND_BLOCK: (recommend, checkpoints.RECOMMEND),
            blocks.NEXT_BLOCK: (next_step, checkpoints.NEXT_STEPS),
        },
    ):
        return
    answer = checkpoints.CloseoutAnswer(
        goal_progress=progress,
        closed=_ticked(form, blocks.GAPS_BLOCK, blocks.GAPS_ACTION),
        recommend=recommend,
        thanks=form.text(blocks.THANKS_BLOCK, blocks.THANKS_ACTION),
        next_step=next_step,
    )
    with form.deps.db.begin() as session:
        saved = checkpoints.save_closeout(
            session,
            team_id=form.person.team_id,
            delivery_id=_delivery_id(form),
            person=form.person,
            answer=answer,
            now=form.deps.clock.now(),
        )
    form.ack()
    view = saved.view
    going_on = next_step == "continue" and view.pair.status != "ended"
    _confirm(form, saved, view.other(form.person.id or 0).slack_user_id if going_on else "")
    if saved.thanks_sent:
        thanks = blocks.build_closeout_thanks_message(
            view.mentee.slack_user_id, saved.program_name, saved.thanks_sent
        )
        post_to_person(form.client, form.deps, view.mentor, thanks)
    if saved.ended_now:
        say_goodbye(form.client, form.deps, view)
        invites.send_invites(form.client, form.deps, view)  # the cancellation, if agreed


def _confirm(form: Form, saved: checkpoints.Saved, going_on_with: str = "") -> None:
    message: dict[str, Any] = blocks.build_checkpoint_saved_message(
        saved.checkpoint.kind, saved.program_name, going_on_with=going_on_with
    )
    confirm_saved(form.client, form.deps, form.person, form.origin, message)
