"""After publishing: a declined introduction, or one left 3 days without an answer, offers that
mentee the best free mentor left, automatically.

`offer_next_mentors` is for the scheduler pass, after the pass has expired the requests whose
time ran out (program requests expire 3 days after they are made, see offers.ANSWER_WINDOW).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.services.programs import fit, offers, reasons
from storage.models import Program, RoundPair
from storage.models.deliveries import PROGRAM_MATCHED
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import program_rounds
from storage.repositories import programs as programs_repo

# What the request's status means for the pair: (the pair's status, offer the next mentor?).
_AFTER = {
    "accepted": ("accepted", False),
    "declined": ("declined", True),
    "expired": ("expired", True),
    "withdrawn": ("withdrawn", False),  # the mentee took it back, or left the workspace
}


@dataclass(frozen=True)
class Reoffer:
    """What the pass did for one mentee: a new introduction, or why there is none."""

    program_id: int
    mentee_id: int
    mentor_id: int | None
    request_id: int | None
    reason: str


def offer_next_mentors(session: Session, *, now: datetime) -> list[Reoffer]:
    """Bring the pairs of published rounds up to date with their introductions, and offer the
    mentees whose introduction was declined or expired their best free mentor left."""
    due: dict[tuple[str, int, int], list[int]] = {}
    for pair, request, program_id in program_rounds.offers_waiting(session):
        after = _AFTER.get(request.status)
        if after is None:
            continue  # still open or waiting for the mentor
        pair.status = after[0]
        program_rounds.save(session, row=pair)
        _drop_stale_notice(session, int(request.id or 0))
        if after[1]:
            due.setdefault((pair.team_id, program_id, pair.round_id), []).append(pair.mentee_id)
    done: list[Reoffer] = []
    for (team, program_id, round_id), mentees in sorted(due.items()):
        program = programs_repo.get_program(session, team_id=team, program_id=program_id)
        if program is not None:
            done += offer_best_free(
                session, program=program, round_id=round_id, mentee_ids=mentees, now=now
            )
    return done


def _drop_stale_notice(session: Session, request_id: int) -> None:
    """The mentee's "matched you with" notice not sent yet says the mentor has 3 days to
    answer; once they answered (or the time ran out) it would mislead, so it goes."""
    notice = program_rounds.pending_delivery(session, key=f"{PROGRAM_MATCHED}:{request_id}")
    if notice is not None:
        deliveries_repo.cancel(session, notice)


def offer_best_free(
    session: Session,
    *,
    program: Program,
    round_id: int,
    mentee_ids: Collection[int],
    now: datetime,
) -> list[Reoffer]:
    """Each mentee (in id order) gets the free mentor with the best fit they were never
    introduced to in this program, else an unmatched line saying why."""
    assert program.id is not None
    cohort = fit.load_cohort(session, program=program, now=now, only=set(mentee_ids))
    fits = fit.build(cohort)
    room = dict(fits.instance.capacities)
    done: list[Reoffer] = []
    for mentee in sorted(cohort.mentees, key=lambda m: m.person_id):
        tried = program_rounds.mentors_offered(
            session, program_id=program.id, mentee_id=mentee.person_id
        )
        allowed = fits.allowed.get(mentee.person_id, {})
        pair = _offered(
            session, program, fits, round_id, mentee.person_id, allowed, room, tried, now
        )
        if pair is not None:
            room[pair.mentor_id] -= 1
            done.append(
                Reoffer(program.id, pair.mentee_id, pair.mentor_id, pair.intro_request_id, "")
            )
            continue
        code, why = reasons.unmatched_reason(fits, mentee)
        if allowed:  # fitting mentors exist: each was tried already, or has no room left
            code, why = (
                ("tried_all", reasons.TRIED_ALL)
                if set(allowed) <= tried
                else ("full", reasons.TRIED_OR_FULL)
            )
        program_rounds.add_unmatched(
            session,
            rows=[_unmatched_row(program, round_id, mentee.person_id, code, why, now)],
        )
        done.append(Reoffer(program.id, mentee.person_id, None, None, why))
    return done


def _offered(
    session: Session,
    program: Program,
    fits: fit.Fits,
    round_id: int,
    mentee_id: int,
    allowed: Mapping[int, int],
    room: dict[int, int],
    tried: set[int],
    now: datetime,
) -> RoundPair | None:
    """Introduce the mentee to the best free untried mentor the introductions service lets
    them ask; None when there is none."""
    for mentor in sorted(allowed, key=lambda m: (-allowed[m], m)):
        if mentor in tried or room.get(mentor, 0) <= 0:
            continue
        pair = RoundPair(
            team_id=program.team_id,
            round_id=round_id,
            mentee_id=mentee_id,
            mentor_id=mentor,
            score=allowed[mentor],
            reasons=reasons.pair_reasons(fits, mentee_id, mentor),
            origin="reoffer",
            created_at=now,
        )
        if offers.offer(session, program=program, pair=pair, now=now):
            return pair
    return None


def _unmatched_row(
    program: Program, round_id: int, mentee_id: int, code: str, why: str, now: datetime
) -> dict[str, object]:
    return {
        "team_id": program.team_id,
        "round_id": round_id,
        "mentee_id": mentee_id,
        "code": code,
        "reason": why,
        "created_at": now,
    }
