"""What a pair's people type: the mentee's answer to a "come prepared" nudge (their questions,
kept private and shown back with Share / Don't share), and the pair talking in their group DM
(the bot never answers there; it only counts as the answer to their meeting-day prompt)."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import prompt_answers
from bot.services.meetings import prepared_questions
from bot.services.typed_text import clean
from handlers.meetings import blocks
from handlers.slack.delivery import not_delivered
from handlers.slack.pairs import post_to_person
from handlers.slack.people import ensure_person, known_person
from storage.models import Person


def take_prepared_questions(
    client: WebClient, deps: Deps, team_id: str, event: dict[str, Any]
) -> bool:
    """A DM consumer: True when a nudge was waiting and the message was taken as the questions."""
    now, known = deps.clock.now(), known_person(deps, team_id, event["user"])
    with deps.db.begin() as session:
        if known is None or not prepared_questions.has_open_nudge(
            session, person_id=known.id or 0, now=now
        ):
            return False
    person = ensure_person(client, deps, team_id, event["user"])
    with deps.db.begin() as session:
        questions = prepared_questions.take_questions(
            session, person=person, text=clean(event.get("text")), now=now
        )
    if questions is None:
        return False
    _show_back(client, deps, person, questions)
    return True


def _show_back(
    client: WebClient, deps: Deps, person: Person, questions: prepared_questions.Questions
) -> None:
    """The private preview with Share / Don't share; when it certainly did not arrive, the
    person's next message is taken as the questions again."""
    mentor = questions.view.other(person.id or 0)  # for a peer pair, the other of the two
    preview = blocks.build_questions_preview(
        questions.id, mentor.slack_user_id, mentor.name, questions.text
    )
    try:
        post_to_person(client, deps, person, preview)
    except Exception as error:
        if not_delivered(error):
            with deps.db.begin() as session:
                prepared_questions.reopen_questions(
                    session, person=person, questions_id=questions.id
                )
        raise


def is_person_in_group_dm(event: dict[str, Any]) -> bool:
    """A message a person wrote in a group DM (any thread; not a bot, an edit or a join)."""
    if event.get("channel_type") != "mpim":
        return False
    if event.get("bot_id") or event.get("bot_profile") or not event.get("user"):
        return False
    return event.get("subtype") in (None, "file_share", "thread_broadcast")


def note_pair_message(deps: Deps, team_id: str, event: dict[str, Any]) -> None:
    """Count the message as the pair's answer to its latest prompt; never reply."""
    if not is_person_in_group_dm(event):
        return
    with deps.db.begin() as session:
        prompt_answers.message_in_group_dm(
            session,
            team_id=team_id,
            channel_id=str(event.get("channel") or ""),
            user_id=str(event["user"]),
            now=deps.clock.now(),
        )
