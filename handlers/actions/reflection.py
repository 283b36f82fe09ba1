"""Buttons of the reflection dialog: skip, back, finish later, the goal loop, skills, restart,
resume (App Home), editing it later and sharing a summary with a mentor."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import skills as skills_service
from bot.services.reflection import dialog, editing, overview
from handlers.blocks import reflection as blocks
from handlers.blocks.mrkdwn import context
from handlers.people import dm_channel
from handlers.reflection_dm import acting_person, send_prompt, start_in_dm
from storage.models import Person, Reflection
from storage.repositories import events as events_repo

logger = logging.getLogger("mentorbot")
NOT_YOURS = "This button belongs to someone else's reflection, so I left it alone."
NOTHING_TO_SHARE = (
    "Nothing was sent: there is nothing to share yet, or that mentoring pair has ended."
)
NOTHING_TO_EDIT = "There is no reflection to edit yet: /reflect starts one."
STALE = "That step has moved on already; the latest question is further down."


def register(app: App, deps: Deps) -> None:
    for action_id, name in blocks.DIALOG_ACTIONS.items():
        app.action(action_id)(_make_dialog_button(deps, name))
    app.action(blocks.ACTION_CHOOSE_SKILLS)(_make_choose_skills(deps))
    app.action(blocks.ACTION_RESTART)(_make_restart(deps))
    app.action(blocks.ACTION_RESUME)(_make_resume(deps))
    app.action(blocks.ACTION_SHARE)(_make_share(deps))
    app.action(blocks.ACTION_EDIT)(_make_edit(deps))


def _value(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("value") or "")


def _make_dialog_button(deps: Deps, name: str) -> Any:
    def handle_action_reflection_step(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        parsed = blocks.parse_button_value(_value(body))
        person = acting_person(client, deps, body)
        if parsed is None or person.id is None:
            return
        reflection_id, step = parsed
        with deps.db.begin() as session:
            prompt = dialog.act(
                session,
                team_id=person.team_id,
                person_id=person.id,
                reflection_id=reflection_id,
                at_step=step,
                action=name,
                now=deps.clock.now(),
                click_ts=_click_ts(body),
            )
        if prompt is None:
            owner = _owner_of(deps, reflection_id)
            text = NOT_YOURS if owner not in (None, person.id) else STALE
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        # The next question first: if it certainly did not arrive, the step is taken back and
        # the clicked question keeps its buttons, to be clicked again.
        send_prompt(client, deps, person, prompt, channel=_channel(body))
        _retire_buttons(client, body, blocks.RETIRED_NOTES[name])

    return handle_action_reflection_step


def _click_ts(body: dict[str, Any]) -> str:
    return str((body.get("actions") or [{}])[0].get("action_ts") or "")


def _owner_of(deps: Deps, reflection_id: int) -> int | None:
    with deps.db.begin() as session:
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


def _make_choose_skills(deps: Deps) -> Any:
    def handle_action_choose_skills(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        parsed = blocks.parse_button_value(_value(body))
        person = acting_person(client, deps, body)
        if parsed is None or person.id is None:
            return
        with deps.db.begin() as session:
            chosen = overview.chosen_skill_keys(
                session, team_id=person.team_id, person_id=person.id, reflection_id=parsed[0]
            )
            entries = skills_service.catalog(session, team_id=person.team_id, now=deps.clock.now())
        if chosen is None:
            respond(text=NOT_YOURS, response_type="ephemeral", replace_original=False)
            return
        view = blocks.build_skills_modal(parsed[0], entries, chosen)
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return handle_action_choose_skills


def _make_restart(deps: Deps) -> Any:
    def handle_action_restart(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        value = _value(body)
        person = acting_person(client, deps, body)
        if not value.isdigit() or person.id is None:
            return
        with deps.db.begin() as session:
            prompt = dialog.restart_if_current(
                session,
                team_id=person.team_id,
                person_id=person.id,
                expected_id=int(value),
                now=deps.clock.now(),
            )
        if prompt is None:
            respond(text="Already started over.", response_type="ephemeral")
            return
        respond(text="Starting over: the first question is in our DM.", replace_original=True)
        send_prompt(client, deps, person, prompt)

    return handle_action_restart


def _make_resume(deps: Deps) -> Any:
    def handle_action_resume(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        ack()
        start_in_dm(client, deps, acting_person(client, deps, body))

    return handle_action_resume


def _make_edit(deps: Deps) -> Any:
    def handle_action_edit_reflection(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        value = _value(body)
        person = acting_person(client, deps, body)
        if not value.isdigit() or person.id is None:
            return
        with deps.db.begin() as session:
            form = editing.edit_form(
                session,
                team_id=person.team_id,
                person_id=person.id,
                reflection_id=int(value),
                now=deps.clock.now(),
            )
        if form is None:
            mine = _owner_of(deps, int(value)) in (None, person.id)
            _tell(client, deps, person, body, respond, NOTHING_TO_EDIT if mine else NOT_YOURS)
            return
        client.views_open(trigger_id=body["trigger_id"], view=blocks.build_edit_modal(form))

    return handle_action_edit_reflection


def _make_share(deps: Deps) -> Any:
    def handle_action_share(
        ack: Ack, body: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        value = _value(body)
        person = acting_person(client, deps, body)
        if not value.isdigit() or person.id is None:
            return
        with deps.db.begin() as session:
            target = overview.share_target(
                session, team_id=person.team_id, person_id=person.id, pair_id=int(value)
            )
        if target is None:
            _tell(client, deps, person, body, respond, NOTHING_TO_SHARE)
            return
        message = blocks.build_share_message(target.summary, person.slack_user_id)
        if not _claim_share(deps, person, int(value), message):
            _tell(client, deps, person, body, respond, ALREADY_SHARED)
            return
        client.chat_postMessage(
            channel=target.channel_id, text=message["text"], blocks=message["blocks"]
        )
        _tell(client, deps, person, body, respond, "Shared your reflection in your mentoring DM.")

    return handle_action_share


ALREADY_SHARED = "You already shared this reflection in your mentoring DM."


def _claim_share(deps: Deps, person: Person, pair_id: int, message: dict[str, Any]) -> bool:
    """Once per pair and content: a double click shares once; an edited reflection again."""
    digest = hashlib.sha256(repr(message["blocks"]).encode()).hexdigest()[:16]
    with deps.db.begin() as session:
        return events_repo.claim_event(
            session,
            team_id=person.team_id,
            event_id=f"share:{pair_id}:{digest}",
            now=deps.clock.now(),
        )


def _tell(
    client: WebClient, deps: Deps, person: Person, body: dict[str, Any], respond: Respond, text: str
) -> None:
    """An answer only the clicker sees: ephemeral under a message, else (App Home) in the DM."""
    if body.get("response_url"):
        respond(text=text, response_type="ephemeral", replace_original=False)
    else:
        client.chat_postMessage(channel=dm_channel(client, deps, person), text=text)
