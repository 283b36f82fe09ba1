"""The mentor profile modal is saved: validate, store, confirm (skill watchers are told by
the scheduler pass)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext
from slack_sdk import WebClient

from bot.services import profiles
from handlers.profiles.blocks import (
    build_profile_errors,
    build_profile_saved_message,
    form_from_state,
)
from handlers.slack.context import deps_in
from handlers.slack.payload import view_values
from handlers.slack.people import acting_person, dm_channel


def handle_view_mentor_profile(
    ack: Ack, body: dict[str, Any], client: WebClient, context: BoltContext
) -> None:
    valid = profiles.validate_form(form_from_state(view_values(body)))
    if not isinstance(valid, profiles.ValidProfile):
        ack(**build_profile_errors(valid))
        return
    ack()
    deps = deps_in(context)
    person = acting_person(client, deps, body)
    with deps.db.begin() as session:
        # Matching skill watches become scheduled deliveries in the same unit of work.
        saved = profiles.save_profile(session, person=person, valid=valid, now=deps.clock.now())
    client.chat_postMessage(
        channel=dm_channel(client, deps, person),
        **build_profile_saved_message(
            is_open=valid.is_open, capacity=valid.capacity, created=saved.created
        ),
    )
