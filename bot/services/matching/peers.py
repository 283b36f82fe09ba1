"""Peer matches: people for whom it goes both ways. They want what I offer (my mentor-profile
skills, or skills my reflection's strengths name) and offer what I want (the search's skills:
my skill gaps unless I typed others).

Only people who opted in to being found are offered: those with an open mentor profile. Never
oneself, never someone already paired with me, asked by me or asking me, or who declined me
lately. Best first: the most skills exchanged, then the most working hours shared.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.clock import working_hours_overlap
from bot.services import skills as skills_service
from bot.services.matching.ranking import DECLINE_EXCLUSION, PENDING_STATUSES
from storage.models import Person
from storage.repositories import peers as peers_repo
from storage.repositories import reflections as reflections_repo

MAX_PEERS = 3
MAX_STRENGTHS_TEXT = 2000  # what is read of a reflection's strengths for skill names


@dataclass(frozen=True)
class PeerMatch:
    """A peer and what goes each way, as labels from peers_for (keys from exchange); the
    builder escapes and words them."""

    person_id: int
    slack_user_id: str
    i_offer: tuple[str, ...]  # what they want that I know
    they_offer: tuple[str, ...]  # what I want that they know
    score: float


def offers_of(session: Session, *, team_id: str, person_ids: Sequence[int]) -> dict[int, list[str]]:
    """What each person offers: their mentor-profile skills, then the known skills their
    current reflection's strengths name, without repeats."""
    known = peers_repo.skill_keys(session, team_id=team_id)
    offers: dict[int, list[str]] = {p: [] for p in person_ids}
    for person_id, key in peers_repo.offered_by(session, team_id=team_id, person_ids=person_ids):
        offers[person_id].append(key)
    strengths = peers_repo.strengths_of(session, team_id=team_id, person_ids=person_ids)
    for person_id, text in strengths.items():
        offers[person_id] += skills_service.skills_named_in(text[:MAX_STRENGTHS_TEXT], known=known)
    return {p: list(dict.fromkeys(keys)) for p, keys in offers.items()}


def peers_for(
    session: Session,
    *,
    person: Person,
    wanted: Sequence[str],
    now: datetime,
    limit: int = MAX_PEERS,
) -> list[PeerMatch]:
    """Up to `limit` people for whom it goes both ways with `person`, best first."""
    assert person.id is not None
    team_id = person.team_id
    mine = offers_of(session, team_id=team_id, person_ids=[person.id])[person.id]
    if not mine or not wanted:
        return []
    wanting: dict[int, list[str]] = {}
    for other, key in peers_repo.opted_in_wanting(
        session, team_id=team_id, skill_keys=mine, not_person=person.id
    ):
        wanting.setdefault(other, []).append(key)
    close = peers_repo.close_to(
        session,
        team_id=team_id,
        person_id=person.id,
        pending=PENDING_STATUSES,
        declined_since=now - DECLINE_EXCLUSION,
    )
    ids = [p for p in wanting if p not in close]
    theirs = offers_of(session, team_id=team_id, person_ids=ids)
    found = []
    for other in ids:
        gets = tuple(k for k in dict.fromkeys(wanting[other]) if k in mine)
        gives = tuple(k for k in dict.fromkeys(wanted) if k in theirs[other])
        if gets and gives:
            found.append((other, gets, gives))
    return _best(session, person, found, limit, now)


def exchange(
    session: Session,
    *,
    person: Person,
    other_id: int,
    wanted: Sequence[str],
) -> PeerMatch:
    """What goes each way between `person` and another (possibly nothing, either way): what
    they want of what `person` offers, and what they offer of `wanted`; skills as keys."""
    assert person.id is not None
    offers = offers_of(session, team_id=person.team_id, person_ids=[person.id, other_id])
    gaps = reflections_repo.current_gap_keys(session, team_id=person.team_id, person_id=other_id)
    gets = tuple(k for k in dict.fromkeys(gaps) if k in offers[person.id])
    gives = tuple(k for k in dict.fromkeys(wanted) if k in offers[other_id])
    slack_id, _ = peers_repo.slack_ids_and_zones(session, person_ids=[other_id]).get(
        other_id, ("", "")
    )
    return PeerMatch(other_id, slack_id, gets, gives, len(gets) + len(gives))


def _best(
    session: Session,
    person: Person,
    found: list[tuple[int, tuple[str, ...], tuple[str, ...]]],
    limit: int,
    now: datetime,
) -> list[PeerMatch]:
    keys = list(dict.fromkeys(k for _, gets, gives in found for k in (*gets, *gives)))
    labels = skills_service.labels_for(session, team_id=person.team_id, keys=keys)

    def label(key: str) -> str:
        return labels.get(key, key)

    people = peers_repo.slack_ids_and_zones(session, person_ids=[p for p, _, _ in found])
    scored = []
    for other, gets, gives in found:
        slack_id, tz = people.get(other, ("", "UTC"))
        overlap = working_hours_overlap(person.tz, tz, now) / 20  # below one skill exchanged
        match = PeerMatch(
            other,
            slack_id,
            tuple(label(k) for k in gets),
            tuple(label(k) for k in gives),
            len(gets) + len(gives) + overlap,
        )
        scored.append(match)
    scored.sort(key=lambda m: (-m.score, m.person_id))
    return scored[:limit]
