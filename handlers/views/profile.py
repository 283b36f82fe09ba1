"""The mentor profile modal is saved: validate, store, confirm, tell the skill watchers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import profiles, searches
from handlers.blocks.find_mentor import build_watch_fired_message
from handlers.blocks.profile import (
    PROFILE_VIEW,
    build_profile_errors,
    build_profile_saved_message,
    form_from_state,
)
from handlers.interaction import team_of, user_of
from handlers.people import dm_channel, ensure_person
from storage.repositories import people as people_repo


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
            saved = profiles.save_profile(session, person=person, valid=valid, now=deps.clock.now())
            hits = [
                (
                    people_repo.get_person_by_id(
                        session, team_id=person.team_id, person_id=h.watcher_id
                    ),
                    h.skill_key,
                )
                for h in saved.watch_hits
            ]
            labels = searches.labels_for(session, team_id=person.team_id, keys=[k for _, k in hits])
        client.chat_postMessage(
            channel=dm_channel(client, deps, person),
            **build_profile_saved_message(
                is_open=valid.is_open, capacity=valid.capacity, created=saved.created
            ),
        )
        for watcher, key in hits:
            if watcher is not None and not watcher.is_deleted:
                client.chat_postMessage(
                    channel=dm_channel(client, deps, watcher),
                    **build_watch_fired_message(labels.get(key, key), person.slack_user_id),
                )

    return handle_view_mentor_profile
