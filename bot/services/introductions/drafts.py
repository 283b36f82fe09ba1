"""The first message a mentee sends a mentor, drafted from their wish list and goals."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlmodel import Session

from bot.services import people
from bot.services.introductions.asking import MAX_MESSAGE
from storage.models import Person
from storage.repositories import goals as goals_repo
from storage.repositories import mentor_profiles as profiles_repo


def build_draft(
    session: Session,
    *,
    mentee: Person,
    mentor: Person,
    wanted: Sequence[str],
    label: Callable[[str], str] = str,
) -> str:
    """A personal first message: why this mentor, what I hope to gain, a short meeting, thanks."""
    assert mentee.id is not None and mentor.id is not None
    offered = _mentor_skills(session, team_id=mentor.team_id, person_id=mentor.id)
    shared = [k for k in wanted if k in offered] or offered[:2]
    goals = _active_goals(session, team_id=mentee.team_id, person_id=mentee.id)
    skills = _join([label(k) for k in shared])
    why = (
        f"your experience with {skills} is exactly what I want to grow in"
        if shared
        else "I'd value your perspective and experience"
    )
    if goals:
        gain = _goals_sentence(goals[:2])
    elif wanted:
        gain = f"I'd like to get better at {_join([label(k) for k in wanted[:3]])}."
    else:
        gain = "I'd like to learn how you approach your work and grow my own skills."
    lines = [
        f"Hi {people.first_name(mentor)}! I'm looking for a mentor, and {why}.",
        f"What I hope to gain: {gain}",
        "Would you be open to a short first meeting, about 30 minutes in the next couple of "
        "weeks, to see if it's a good fit?",
        "Thank you for considering it, I know your time is valuable.",
        people.full_name(mentee),
    ]
    return "\n\n".join(lines)[:MAX_MESSAGE]


def build_peer_draft(
    *, asker: Person, other: Person, i_offer: Sequence[str], they_offer: Sequence[str]
) -> str:
    """A first message to a peer: what each knows that the other wants, a short chat, thanks
    (labels of what goes each way, from matching.peers.exchange)."""
    theirs = _join(list(they_offer)) or "what you know"
    mine = f" and I could share {_join(list(i_offer))} in return" if i_offer else ""
    lines = [
        f"Hi {people.first_name(other)}! I'd like to learn {theirs} from you{mine}.",
        "Would you like to pair up and teach each other? A first 30-minute chat in the next "
        "couple of weeks would tell us if it works.",
        "Thanks for considering it!",
        people.full_name(asker),
    ]
    return "\n\n".join(lines)[:MAX_MESSAGE]


def _goals_sentence(goals: Sequence[str]) -> str:
    """The goals quoted, so a goal of any shape reads as a goal, not as part of the sentence."""
    quoted = [f"\u201c{g.rstrip(' .!')}\u201d" for g in goals]
    noun = "my goal" if len(quoted) == 1 else "my goals"
    return f"help with {noun}, {_join(quoted)}."


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def _mentor_skills(session: Session, *, team_id: str, person_id: int) -> list[str]:
    return profiles_repo.skill_keys_of_mentor(session, team_id=team_id, person_id=person_id)


def _active_goals(session: Session, *, team_id: str, person_id: int) -> list[str]:
    texts = goals_repo.active_goal_texts(session, team_id=team_id, person_id=person_id)
    return [t.strip() for t in texts if t.strip()]
