"""What the bot makes of a message a person types to it outside any dialog.

A few plain requests are understood ("find a mentor", "pause", "export my data"...); anything
else gets a short help with the next useful steps from where the person stands, at most once
in HELP_QUIET, so a chatty person is not answered line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.services.goals import tracking as goals_service
from bot.services.reflection import overview
from storage.repositories import pairs as pairs_repo
from storage.repositories import talk as talk_repo

HELP, FIND_MENTOR, REFLECT = "help", "find_mentor", "reflect"
PAUSE, STOP_REMINDERS, EXPORT = "pause", "stop_reminders", "export"
MY_PAIRS, GOALS, REMINDERS = "my_pairs", "goals", "reminders"
CHAT = "chat"  # not a request: the short help, now and then
# What a next-step button may ask for (its value); typed requests are these and more.
STEPS = frozenset({HELP, FIND_MENTOR, REFLECT, MY_PAIRS, GOALS, REMINDERS, PAUSE})
HELP_QUIET = timedelta(minutes=10)
# A request is a short message; a long one that mentions "pause" is talk, not a command.
MAX_REQUEST_WORDS = 12
_NEGATION = re.compile(r"\b(?:don'?t|do not|never|not)\b")
# First match wins: "can you help me find a mentor" is a search, not help.
_REQUESTS = (
    (EXPORT, re.compile(r"\b(?:export|download)\b.*\bdata\b|\bdata export\b")),
    (
        STOP_REMINDERS,
        re.compile(r"\b(?:stop|mute|turn off|no more)\b.*\b(?:reminders?|nudges?|prompts?)\b"),
    ),
    (PAUSE, re.compile(r"\bpause\b")),
    (FIND_MENTOR, re.compile(r"\bfind\b.*\bmentors?\b|\bfind-mentor\b|\bmentor search\b")),
    (REFLECT, re.compile(r"\breflect(?:ion)?\b")),
    (HELP, re.compile(r"\bhelp\b|^\W*\?+\W*$|\bwhat can you do\b")),
)


def read_request(text: str) -> str:
    """The plain request a message makes (FIND_MENTOR, PAUSE, ...), or CHAT."""
    said = " ".join(text.casefold().replace("’", "'").split())
    if not said or len(said.split()) > MAX_REQUEST_WORDS or _NEGATION.search(said):
        return CHAT
    return next((name for name, pattern in _REQUESTS if pattern.search(said)), CHAT)


@dataclass(frozen=True)
class Standing:
    """Where the person stands, for the next useful steps."""

    reflection: str  # "none", "in_progress" or "done"
    live_pairs: int
    active_goals: int

    @property
    def next_steps(self) -> tuple[str, ...]:
        steps = [REFLECT] if self.reflection != "done" else []
        steps.append(MY_PAIRS if self.live_pairs else FIND_MENTOR)
        if self.active_goals:
            steps.append(GOALS)
        if self.live_pairs:
            steps.append(REMINDERS)
        return tuple(steps)


def standing(session: Session, *, team_id: str, person_id: int) -> Standing:
    found = overview.summary(session, team_id=team_id, person_id=person_id)
    state = "none" if found is None else ("done" if found.is_done else "in_progress")
    pairs = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person_id)
    active = goals_service.list_goals(
        session, team_id=team_id, person_id=person_id, include_closed=False
    )
    return Standing(reflection=state, live_pairs=len(pairs), active_goals=len(active))


def may_help(session: Session, *, team_id: str, person_id: int, now: datetime) -> bool:
    """True (and recorded) when the person did not get the short help in the last ten
    minutes, in any process."""
    return talk_repo.claim_help(
        session, team_id=team_id, person_id=person_id, now=now, quiet=HELP_QUIET
    )
