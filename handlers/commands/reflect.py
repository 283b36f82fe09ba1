"""/reflect: start or resume the guided self-reflection; /reflect restart asks first."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.reflection import overview, progress
from handlers.blocks.reflection import (
    build_restart_confirm_message,
    build_started_note,
    build_status_message,
)
from handlers.reflection_dm import acting_person, start_in_dm, team_of, user_of
from storage.models import Person
from storage.repositories import pairs as pairs_repo
from storage.repositories import people as people_repo


def make_handler(deps: Deps) -> Any:
    def handle_command_reflect(ack: Ack, body: dict[str, Any], client: WebClient) -> None:
        # Ack from our own database only; users.info and posting happen after the ack.
        known = _known_person(deps, body)
        words = str(body.get("text") or "").strip().lower().split()
        if words[:1] == ["restart"]:
            ack(**build_restart_confirm_message(_current_id(deps, known)))
            return
        status = _finished_status(deps, known) if known is not None else None
        if status is not None:
            ack(**status)
            return
        ack(**build_started_note(resumed=_current_id(deps, known) != 0))
        start_in_dm(client, deps, acting_person(client, deps, body))

    return handle_command_reflect


def _known_person(deps: Deps, body: dict[str, Any]) -> Person | None:
    with deps.db.begin() as session:
        return people_repo.get_person(session, team_id=team_of(body), slack_user_id=user_of(body))


def _current_id(deps: Deps, person: Person | None) -> int:
    if person is None or person.id is None:
        return 0
    with deps.db.begin() as session:
        current = progress.current_reflection(session, team_id=person.team_id, person_id=person.id)
        return current.id if current is not None and current.id is not None else 0


def _finished_status(deps: Deps, person: Person) -> dict[str, Any] | None:
    """The private summary with share buttons, when the reflection is finished."""
    assert person.id is not None
    with deps.db.begin() as session:
        summary = overview.summary(session, team_id=person.team_id, person_id=person.id)
        if summary is None or not summary.is_done:
            return None
        shares: list[tuple[int, str]] = []
        for pair in pairs_repo.live_pairs_of(session, team_id=person.team_id, person_id=person.id):
            other_id = pair.mentor_id if pair.mentee_id == person.id else pair.mentee_id
            other = people_repo.get_person_by_id(
                session, team_id=person.team_id, person_id=other_id
            )
            if pair.group_channel_id and pair.id is not None and other is not None:
                shares.append((pair.id, other.name))
    message = build_status_message(summary, shares)
    return {"response_type": "ephemeral", "text": message["text"], "blocks": message["blocks"]}
