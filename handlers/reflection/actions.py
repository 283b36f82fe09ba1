"""Buttons of the reflection dialog: skip, back, finish later, the goal loop, skills, restart,
resume (App Home), editing it later and sharing a summary with a mentor."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.services import skills as skills_service
from bot.services.reflection import dialog, editing, overview, steps
from handlers.reflection import blocks, forms
from handlers.reflection.dm import send_prompt, start_in_dm
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.mrkdwn import context
from handlers.slack.row_ids import row_id
from storage.models import Person, Reflection
from storage.repositories import events as events_repo

logger = logging.getLogger("mentorbot")
NOTHING_TO_SHARE = (
    "Nothing was sent: there is nothing to share yet, or that mentoring pair has ended."
)
NOTHING_TO_EDIT = "There is no reflection to edit yet: /reflect starts one."
STALE = "That step has moved on already; the latest question is further down."
ALREADY_SHARED = "You already shared this reflection in your mentoring DM."
SHARED = "Shared your reflection in your mentoring DM."


@on_click
def handle_action_reflection_step(click: Click) -> None:
    """Skip, back, later, and the goal loop's buttons: one step of the dialog."""
    name = blocks.DIALOG_ACTIONS[click.action_id]
    parsed = blocks.parse_button_value(click.value)
    person = click.person
    if parsed is None or person.id is None:
        return
    prompt = _act(click, person, parsed, name)
    if prompt is None:
        if _owner_of(click, parsed[0]) not in (None, person.id):
            raise NotYours
        click.tell(STALE)
        return
    # The next question first: if it certainly did not arrive, the step is taken back and
    # the clicked question keeps its buttons, to be clicked again.
    send_prompt(click.client, click.deps, person, prompt, channel=_channel(click.body))
    _retire_buttons(click.client, click.body, blocks.RETIRED_NOTES[name])


def _act(click: Click, person: Person, at: tuple[int, str], name: str) -> steps.Prompt | None:
    """The dialog moved by `name` from the clicked step; None for a stale or foreign click."""
    assert person.id is not None
    with click.deps.db.begin() as session:
        return dialog.act(
            session,
            team_id=person.team_id,
            person_id=person.id,
            reflection_id=at[0],
            at_step=at[1],
            action=name,
            now=click.deps.clock.now(),
            click_ts=str(click.action.get("action_ts") or ""),
        )


def _owner_of(click: Click, reflection_id: int) -> int | None:
    with click.deps.db.begin() as session:
        reflection = session.get(Reflection, reflection_id)
        return reflection.person_id if reflection is not None else None


def _channel(body: dict[str, Any]) -> str:
    return str((body.get("channel") or {}).get("id") or "")


def _retire_buttons(client: WebClient, body: dict[str, Any], note: str) -> None:
    """Replace the clicked message's buttons with a note ("Skipped."), so old steps cannot be
    clicked. Best effort: the step has moved and its next question arrived already."""
    message, channel = body.get("message"), _channel(body)
    if not message or not channel or not message.get("ts"):
        return
    kept = [b for b in message.get("blocks") or [] if b.get("type") != "actions"]
    kept.append(context(note))
    try:
        client.chat_update(
            channel=channel, ts=message["ts"], text=str(message.get("text") or note), blocks=kept
        )
    except SlackApiError:
        logger.warning("could not retire the buttons of a reflection question", exc_info=True)


@on_click
def handle_action_choose_skills(click: Click) -> None:
    parsed = blocks.parse_button_value(click.value)
    person = click.person
    if parsed is None or person.id is None:
        return
    with click.deps.db.begin() as session:
        chosen = overview.chosen_skill_keys(
            session, team_id=person.team_id, person_id=person.id, reflection_id=parsed[0]
        )
        entries = skills_service.catalog(
            session, team_id=person.team_id, now=click.deps.clock.now()
        )
    if chosen is None:
        raise NotYours
    view = forms.build_skills_modal(parsed[0], entries, chosen)
    click.client.views_open(trigger_id=click.trigger_id, view=view)


@on_click
def handle_action_restart(click: Click) -> None:
    person = click.person
    clicked = row_id(click.value)
    if clicked is None or person.id is None:
        return
    with click.deps.db.begin() as session:
        prompt = dialog.restart_if_current(
            session,
            team_id=person.team_id,
            person_id=person.id,
            expected_id=clicked,
            now=click.deps.clock.now(),
        )
    if prompt is None:
        click.respond(text="Already started over.", response_type="ephemeral")
        return
    click.respond(text="Starting over: the first question is in our DM.", replace_original=True)
    send_prompt(click.client, click.deps, person, prompt)


@on_click
def handle_action_resume(click: Click) -> None:
    start_in_dm(click.client, click.deps, click.person)


@on_click
def handle_action_edit_reflection(click: Click) -> None:
    person = click.person
    clicked = row_id(click.value)
    if clicked is None or person.id is None:
        return
    with click.deps.db.begin() as session:
        form = editing.edit_form(
            session,
            team_id=person.team_id,
            person_id=person.id,
            reflection_id=clicked,
            now=click.deps.clock.now(),
        )
    if form is None:
        if _owner_of(click, clicked) not in (None, person.id):
            raise NotYours
        click.tell(NOTHING_TO_EDIT)
        return
    click.client.views_open(trigger_id=click.trigger_id, view=forms.build_edit_modal(form))


@on_click
def handle_action_share(click: Click) -> None:
    """Post the reflection's summary in the pair's group DM, once per content."""
    person = click.person
    clicked = row_id(click.value)
    if clicked is None or person.id is None:
        return
    with click.deps.db.begin() as session:
        target = overview.share_target(
            session, team_id=person.team_id, person_id=person.id, pair_id=clicked
        )
    if target is None:
        click.tell(NOTHING_TO_SHARE)
        return
    message = blocks.build_share_message(target.summary, person.slack_user_id)
    if not _claim_share(click, person, clicked, message):
        click.tell(ALREADY_SHARED)
        return
    click.client.chat_postMessage(
        channel=target.channel_id, text=message["text"], blocks=message["blocks"]
    )
    click.tell(SHARED)


def _claim_share(click: Click, person: Person, pair_id: int, message: dict[str, Any]) -> bool:
    """Once per pair and content: a double click shares once; an edited reflection again."""
    digest = hashlib.sha256(repr(message["blocks"]).encode()).hexdigest()[:16]
    with click.deps.db.begin() as session:
        return events_repo.claim_event(
            session,
            team_id=person.team_id,
            event_id=f"share:{pair_id}:{digest}",
            now=click.deps.clock.now(),
        )
