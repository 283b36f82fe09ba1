"""The mentor profile modal is saved: validate, store, confirm (skill watchers are told by
the scheduler pass)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import profiles
from handlers.profiles.blocks import (
    PROFILE_VIEW,
    build_profile_errors,
    build_profile_saved_message,
    form_from_state,
)
from handlers.slack.payload import team_of, user_of
from handlers.slack.people import dm_channel, ensure_person


def register(app: App, deps: Deps) -> None:
    app.view(PROFILE_VIEW)(make_handler(deps))


def make_handler(deps: Deps) -> Any:
    def handle_view_mentor_profile(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
        valid = profiles.validate_form(form_from_state(values))
        if not isinstance(valid, profiles.ValidProfile):
            ack(**build_profile_errors(valid))
            return
        ack()
        person = ensure_person(client, deps, team_of(body), user_of(body))
        with deps.db.begin() as session:
            # Matching skill watches become scheduled deliveries in the same unit of work.
            saved = profiles.save_profile(session, person=person, valid=valid, now=deps.clock.now())
        client.chat_postMessage(
            channel=dm_channel(client, deps, person),
            **build_profile_saved_message(
                is_open=valid.is_open, capacity=valid.capacity, created=saved.created
            ),
        )

    return handle_view_mentor_profile
