"""Who may act on what: a pair seen by one of its people, a delivery sent to a person (or
to their pair), answering it once, and which of a person's pairs a typed message means."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.refusals import NotYours
from storage.models import Circle, Delivery, Pair, Person
from storage.repositories import deliveries as repo
from storage.repositories import pairs as pairs_repo


@dataclass(frozen=True)
class PairView:
    pair: Pair
    mentor: Person
    mentee: Person

    def other(self, person_id: int) -> Person:
        return self.mentee if person_id == self.mentor.id else self.mentor

    def role_of(self, person_id: int) -> str:
        return "mentor" if person_id == self.mentor.id else "mentee"

    @property
    def peer(self) -> bool:
        """Two people who each teach the other: no roles, both get both halves."""
        return self.pair.kind == "peer"

    def may_thank(self, person_id: int | None) -> bool:
        """The mentee thanks the mentor; either of a peer pair thanks the other."""
        return person_id == self.mentee.id or (self.peer and person_id == self.mentor.id)


def pair_view(session: Session, *, team_id: str, pair_id: int, person: Person) -> PairView:
    """The pair, if `person` is in it; else NotYours."""
    pair = pairs_repo.get_pair(session, team_id=team_id, pair_id=pair_id)
    if pair is None or person.id not in (pair.mentor_id, pair.mentee_id):
        raise NotYours
    mentor, mentee = session.get(Person, pair.mentor_id), session.get(Person, pair.mentee_id)
    assert mentor is not None and mentee is not None
    return PairView(pair, mentor, mentee)


def delivery_for(session: Session, *, team_id: str, delivery_id: int, person: Person) -> Delivery:
    """The delivery, if it was sent to `person` (or to a pair they are in)."""
    row = session.get(Delivery, delivery_id)
    if row is None or row.team_id != team_id:
        raise NotYours
    if row.person_id is not None:
        if row.person_id != person.id:
            raise NotYours
    elif row.circle_id is not None:  # a circle's conversation: only its mentor quiets it
        circle = session.get(Circle, row.circle_id)
        if circle is None or circle.mentor_id != person.id:
            raise NotYours
    elif row.pair_id is None:
        raise NotYours
    else:
        pair_view(session, team_id=team_id, pair_id=row.pair_id, person=person)
    return row


def mark_answered(session: Session, row: Delivery, now: datetime) -> bool:
    """Note the answer (once) and lift any hold on this kind; True the first time."""
    if row.answered_at is not None:
        return False
    row.answered_at = now
    session.add(row)
    if row.person_id is not None:
        lift_hold(session, person_id=row.person_id, kind=row.kind, now=now)
    return True


def lift_hold(session: Session, *, person_id: int, kind: str, now: datetime) -> None:
    pref = repo.preferences(session, person_id=person_id).get(kind)
    if pref is not None and pref.held:
        pref.held, pref.updated_at = False, now
        session.add(pref)


def live_pair_for(session: Session, *, team_id: str, person: Person) -> Pair | None:
    """The person's oldest live pair (most people have one)."""
    pairs = pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person.id or 0)
    return pairs[0] if pairs else None


def live_pair_views(session: Session, *, team_id: str, person: Person) -> list[PairView]:
    """Every live pair of the person, oldest first."""
    return [
        pair_view(session, team_id=team_id, pair_id=pair.id or 0, person=person)
        for pair in pairs_repo.live_pairs_of(session, team_id=team_id, person_id=person.id or 0)
    ]


_MENTION = re.compile(r"<@([A-Z0-9]+)(?:\|[^>]*)?>|@([\w.\-]+)")


def pick_pair(views: Sequence[PairView], person_id: int, text: str) -> tuple[PairView | None, str]:
    """The pair whose other person `text` names (`<@U123>` or `@name`), and the text without
    that mention. With one pair and no mention, that pair; otherwise None (ask which)."""
    match = _MENTION.search(text)
    rest = (text[: match.start()] + text[match.end() :]).strip() if match else text
    if match is None:
        return (views[0] if len(views) == 1 else None), rest
    user_id, name = match.group(1), (match.group(2) or "").lower()
    for view in views:
        other = view.other(person_id)
        names = {other.display_name.lower(), other.real_name.lower()}
        if other.slack_user_id == user_id or (name and name in names):
            return view, rest
    return None, rest


def mentioned(text: str) -> str | None:
    """The first mention in typed text as written (`<@U123|ana>` or `@ana`), if any."""
    match = _MENTION.search(text)
    return match.group(0) if match else None
