"""When no mentor offers a wanted skill: mentors who come close, or who simply have room."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from bot.services.matching.mentor_pool import excluded_mentors
from bot.services.matching.ranking import Candidate, Seeker
from storage.repositories import matching as matching_repo

PARTIAL_LIMIT = 3
_STOP_WORDS = frozenset({"and", "the", "for", "with", "how", "to", "of", "in", "on", "a", "an"})


@dataclass(frozen=True)
class PartialMatch:
    """A mentor who does not offer a wanted skill but comes close."""

    candidate: Candidate
    reason: str


def words_of(keys: Iterable[str]) -> list[str]:
    """The distinct words (3+ characters, no filler) of skill keys, for fuzzy matching."""
    words: list[str] = []
    for key in keys:
        for word in key.replace("/", " ").split():
            if len(word) >= 3 and word not in _STOP_WORDS and word not in words:
                words.append(word)
    return words[:8]


def partial_matches(
    session: Session,
    *,
    team_id: str,
    seeker: Seeker,
    now: datetime,
    label: Callable[[str], str] = str,
    limit: int = PARTIAL_LIMIT,
    also_excluded: frozenset[int] = frozenset(),
) -> list[PartialMatch]:
    """Mentors with a free slot whose skills or "helps with" share a word with the wish list;
    failing that, the open mentors with the most room. Never the excluded ones."""
    excluded = also_excluded | excluded_mentors(
        session, team_id=team_id, person_id=seeker.person_id, now=now
    )
    words = words_of(seeker.wanted)
    hits: dict[int, list[str]] = {}
    if words:
        rows = matching_repo.skills_near(session, team_id=team_id, words=words)
        for person_id, key in rows:
            hits.setdefault(int(person_id), [])
            if any(w in key for w in words) and key not in hits[int(person_id)]:
                hits[int(person_id)].append(key)
    people = _open_mentors(session, team_id=team_id, person_ids=list(hits) or None)
    taken = matching_repo.taken_of(
        session, team_id=team_id, person_ids=[c.person_id for c in people]
    )
    found: list[PartialMatch] = []
    for c in sorted(people, key=lambda c: (-len(hits.get(c.person_id, [])), c.person_id)):
        room = replace(c, taken=taken.get(c.person_id, 0))
        if room.person_id == seeker.person_id or room.person_id in excluded or not room.slots_left:
            continue
        keys = hits.get(c.person_id, [])
        if keys:
            reason = "offers " + ", ".join(label(k) for k in keys[:3]) + ", close to your list"
        elif c.person_id in hits:
            reason = "helps with something close to your list"
        else:
            more = "1 more mentee" if room.slots_left == 1 else f"{room.slots_left} more mentees"
            reason = f"has room for {more}"
        found.append(PartialMatch(candidate=room, reason=reason))
        if len(found) >= limit:
            break
    return found


def _open_mentors(
    session: Session, *, team_id: str, person_ids: list[int] | None
) -> list[Candidate]:
    rows = matching_repo.open_mentors(session, team_id=team_id, person_ids=person_ids)
    return [
        Candidate(
            person_id=int(pid),
            slack_user_id=slack_id,
            name=display or real or slack_id,
            synced_at=synced,
            tz=tz,
            team_name=team_name,
            capacity=capacity,
            taken=0,
            shared=frozenset(),
        )
        for pid, slack_id, display, real, synced, tz, team_name, capacity in rows
    ]
