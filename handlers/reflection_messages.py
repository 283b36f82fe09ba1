"""The reflection dialog's DM consumer: a typed answer moves the dialog one step."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from sqlmodel import Session

from bot.deps import Deps
from bot.services.reflection import dialog, progress, steps
from handlers.people import ensure_person
from handlers.reflection_dm import send_prompt
from storage.repositories import people as people_repo


def consume(client: WebClient, deps: Deps, team_id: str, event: dict[str, Any]) -> bool:
    """Apply the message to the person's reflection; False when they have none going on."""
    user_id, ts = str(event["user"]), str(event.get("ts") or "")
    with deps.db.begin() as session:
        known = people_repo.get_person(session, team_id=team_id, slack_user_id=user_id)
        if known is None or known.id is None:
            return False
        if not _in_progress(session, team_id, known.id):
            return False
    person = ensure_person(client, deps, team_id, user_id)
    assert person.id is not None
    with deps.db.begin() as session:
        prompt = dialog.answer(
            session,
            team_id=team_id,
            person_id=person.id,
            text=str(event.get("text") or ""),
            message_ts=ts,
            now=deps.clock.now(),
        )
    if prompt is not None:
        send_prompt(client, deps, person, prompt, channel=str(event.get("channel") or ""))
    # A duplicate (same ts) is still "taken": no other feature should read it as new.
    return True


def _in_progress(session: Session, team_id: str, person_id: int) -> bool:
    current = progress.current_reflection(session, team_id=team_id, person_id=person_id)
    return current is not None and current.step != steps.DONE
