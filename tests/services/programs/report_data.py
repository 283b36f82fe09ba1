"""A program's rows for report tests, inserted directly: enrolments, pairs, meetings and
checkpoint answers (the checkpoints' writer is another feature's)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from storage.models import (
    Meeting,
    Pair,
    Person,
    Program,
    ProgramCheckpoint,
    ProgramEnrolment,
    Workspace,
)
from storage.repositories import people as people_repo
from storage.repositories.programs import name_key

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # a Tuesday
TODAY = NOW.date()
TERM_START = TODAY - timedelta(days=60)
SECRET = "my manager shouts at me"  # a note no report may show


class ProgramRows:
    """One program in `team_id`, and the people, pairs and answers added to it."""

    def __init__(self, session: Session, team_id: str, name: str = "Spring cohort") -> None:
        self.session, self.team_id = session, team_id
        if session.get(Workspace, team_id) is None:
            session.add(Workspace(team_id=team_id, created_at=NOW))
            session.flush()
        self.program = Program(
            team_id=team_id,
            name=name,
            name_key=name_key(name),
            enrolment_closes_on=TERM_START - timedelta(days=7),
            term_starts_on=TERM_START,
            term_ends_on=TODAY + timedelta(days=30),
            created_at=NOW,
            updated_at=NOW,
        )
        session.add(self.program)
        session.flush()
        assert self.program.id is not None
        self.program_id: int = self.program.id
        self.people: dict[str, int] = {}

    def person(self, uid: str) -> int:
        if uid not in self.people:
            found = people_repo.get_person(self.session, team_id=self.team_id, slack_user_id=uid)
            if found is None:
                found = Person(team_id=self.team_id, slack_user_id=uid, created_at=NOW)
                self.session.add(found)
                self.session.flush()
            assert found.id is not None
            self.people[uid] = found.id
        return self.people[uid]

    def enrol(self, uids: Sequence[str], role: str, *, left: bool = False) -> None:
        for uid in uids:
            self.session.add(
                ProgramEnrolment(
                    team_id=self.team_id,
                    program_id=self.program_id,
                    person_id=self.person(uid),
                    role=role,
                    joined_at=NOW - timedelta(days=70),
                    left_at=NOW if left else None,
                )
            )
        self.session.flush()

    def pair(
        self, mentor: str, mentee: str, *, status: str = "active", kind: str = "mentoring"
    ) -> int:
        row = Pair(
            kind=kind,
            team_id=self.team_id,
            mentor_id=self.person(mentor),
            mentee_id=self.person(mentee),
            status=status,
            cadence="weekly",
            meeting_weekday=1,
            started_at=datetime.combine(TERM_START, datetime.min.time(), tzinfo=UTC),
            ended_at=NOW - timedelta(days=3) if status == "ended" else None,
            program_id=self.program_id,
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def met(self, pair_id: int, uid: str, day: date, usefulness: int | None = 4) -> None:
        self.session.add(
            Meeting(
                team_id=self.team_id,
                pair_id=pair_id,
                person_id=self.person(uid),
                held_on=day,
                usefulness=usefulness,
                takeaway=SECRET,
                created_at=NOW,
            )
        )
        self.session.flush()

    def midpoint(self, uid: str, quality: int, on_track: str, *, role: str = "mentee") -> None:
        self._checkpoint(uid, "midpoint", role, quality=quality, on_track=on_track)

    def closeout(
        self,
        uid: str,
        *,
        progress: str = "most",
        recommend: str = "yes",
        next_step: str = "continue",
        closed: Sequence[str] = (),
        still_open: Sequence[str] = (),
    ) -> None:
        self._checkpoint(
            uid,
            "closeout",
            "mentee",
            goal_progress=progress,
            recommend=recommend,
            next_step=next_step,
            gaps_closed=json.dumps(list(closed)),
            gaps_open=json.dumps(list(still_open)),
            thanks=SECRET,
        )

    def _checkpoint(self, uid: str, kind: str, role: str, **answers: object) -> None:
        self.session.add(
            ProgramCheckpoint(
                team_id=self.team_id,
                program_id=self.program_id,
                person_id=self.person(uid),
                kind=kind,
                role=role,
                note=SECRET,
                created_at=NOW,
                **answers,
            )
        )
        self.session.flush()


def cohort(rows: ProgramRows, *, mentees: int, matched: int, active: int | None = None) -> None:
    """`mentees` enrolled mentees E00.., the first `matched` paired with mentors M00.. (one
    each), the first `active` of those pairs active and the rest ended; each pair met once a
    week for the last three weeks, rated 4."""
    active = matched if active is None else active
    names = [f"E{i:02d}" for i in range(mentees)]
    rows.enrol(names, "mentee")
    rows.enrol([f"M{i:02d}" for i in range(matched)], "mentor")
    for i in range(matched):
        pair_id = rows.pair(f"M{i:02d}", names[i], status="active" if i < active else "ended")
        for weeks_ago in (1, 2, 3):
            rows.met(pair_id, names[i], TODAY - timedelta(days=7 * weeks_ago))
