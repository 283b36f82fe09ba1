"""The mentee's answer to a "come prepared" nudge: their questions, kept private and shown back
with Share / Don't share buttons (handlers/actions/prepare_questions.py posts them on Share)."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.meetings import prepared_questions
from bot.services.typed_text import clean
from handlers.delivery import not_delivered
from handlers.meetings import blocks
from handlers.people import ensure_person
from handlers.scheduler_common import post_to_person
from storage.repositories import people as people_repo


def handle_prepare_questions(
    client: WebClient, deps: Deps, team_id: str, event: dict[str, Any]
) -> bool:
    """True when a nudge was waiting and the message was taken as the questions."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        known = people_repo.get_person(session, team_id=team_id, slack_user_id=event["user"])
        if known is None or not prepared_questions.has_open_nudge(
            session, person_id=known.id or 0, now=now
        ):
            return False
    person = ensure_person(client, deps, team_id, event["user"])
    text = clean(event.get("text"))
    with deps.db.begin() as session:
        questions = prepared_questions.take_questions(session, person=person, text=text, now=now)
    if questions is None:
        return False
    mentor = questions.view.mentor
    preview = blocks.build_questions_preview(
        questions.id, mentor.slack_user_id, mentor.name, questions.text
    )
    try:
        post_to_person(client, deps, person, preview)
    except Exception as error:
        if not_delivered(error):  # the person's next message is taken as the questions again
            with deps.db.begin() as session:
                prepared_questions.reopen_questions(
                    session, person=person, questions_id=questions.id
                )
        raise
    return True
