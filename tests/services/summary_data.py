"""A small hand-built workspace whose summary figures were worked out on paper.

Channel C1 holds U01..U12, a person who left (U13), a bot (UBOT) and someone we never saw
(UNEW). X1..X3 are mentors outside the channel. "Today" is Tuesday 2026-12-01, zone UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session

from storage.models import (
    Goal,
    Meeting,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    Skill,
    SkillGap,
    Workspace,
)
from storage.repositories import channel_members as members_repo

TEAM = "T1"
CHANNEL = "C1"
TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
MEMBERS = [f"U{i:02d}" for i in range(1, 13)]
DIVORCE = "coping with my divorce"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)


class Builder:
    def __init__(self, session: Session, team_id: str = TEAM) -> None:
        self.session = session
        self.team_id = team_id
        self.people: dict[str, int] = {}
        if session.get(Workspace, team_id) is None:
            session.add(Workspace(team_id=team_id, created_at=NOW))
            session.flush()

    def person(self, uid: str, *, deleted: bool = False, bot: bool = False) -> int:
        row = Person(
            team_id=self.team_id,
            slack_user_id=uid,
            display_name=uid.lower(),
            is_deleted=deleted,
            is_bot=bot,
            created_at=NOW,
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        self.people[uid] = row.id
        return row.id

    def pair(
        self,
        mentor: str,
        mentee: str,
        *,
        started: str,
        cadence: str = "weekly",
        weekday: int = 1,
        ended: str | None = None,
        kind: str = "mentoring",
    ) -> int:
        row = Pair(
            kind=kind,
            team_id=self.team_id,
            mentor_id=self.people[mentor],
            mentee_id=self.people[mentee],
            cadence=cadence,
            meeting_weekday=weekday,
            started_at=at(started),
            ended_at=at(ended) if ended else None,
            status="ended" if ended else "active",
        )
        self.session.add(row)
        self.session.flush()
        assert row.id is not None
        return row.id

    def meeting(
        self,
        pair_id: int,
        who: str,
        day: str,
        *,
        useful: int | None = None,
        outcome: str = "met",
        source: str = "checkin",
    ) -> None:
        self.session.add(
            Meeting(
                team_id=self.team_id,
                pair_id=pair_id,
                person_id=self.people[who],
                held_on=date.fromisoformat(day),
                outcome=outcome,
                usefulness=useful,
                takeaway=f"PRIVATE takeaway of {who}",
                source=source,
                created_at=at(day),
            )
        )

    def goal(self, who: str, created: str, *, done: str | None = None) -> None:
        self.session.add(
            Goal(
                team_id=self.team_id,
                person_id=self.people[who],
                text=f"PRIVATE goal of {who}",
                status="done" if done else "active",
                created_at=at(created),
                completed_at=at(done) if done else None,
            )
        )

    def gaps(self, who: str, *skills: str, current: bool = True) -> None:
        reflection = Reflection(
            team_id=self.team_id,
            person_id=self.people[who],
            is_current=current,
            strengths="PRIVATE strengths",
            started_at=NOW,
            updated_at=NOW,
        )
        self.session.add(reflection)
        self.session.flush()
        assert reflection.id is not None
        for key in skills:
            self.session.add(
                SkillGap(
                    team_id=self.team_id,
                    reflection_id=reflection.id,
                    person_id=self.people[who],
                    skill_key=key,
                    created_at=NOW,
                )
            )

    def mentor(self, who: str, *skills: str, capacity: int = 2, is_open: bool = True) -> None:
        profile = MentorProfile(
            team_id=self.team_id,
            person_id=self.people[who],
            capacity=capacity,
            is_open=is_open,
            created_at=at("2026-06-01"),
            updated_at=NOW,
        )
        self.session.add(profile)
        self.session.flush()
        assert profile.id is not None
        for key in skills:
            self.session.add(
                MentorSkill(team_id=self.team_id, profile_id=profile.id, skill_key=key)
            )


def build_workspace(session: Session, team_id: str = TEAM) -> Builder:
    """The data set the expected figures in summaries/test_channel.py were computed from."""
    b = Builder(session, team_id)
    for uid in MEMBERS + ["X1", "X2", "X3"]:
        b.person(uid)
    b.person("U13", deleted=True)
    b.person("UBOT", bot=True)
    session.add(Skill(team_id=team_id, key="python", label="Python", created_at=NOW))
    session.add(Skill(team_id=team_id, key="sql", label="SQL", created_at=NOW))
    # What a person typed is kept as an unlisted skill: it must never be named in a summary.
    session.add(Skill(team_id=team_id, key=DIVORCE, label=DIVORCE, listed=False, created_at=NOW))
    members_repo.replace_member_list(
        session,
        team_id=team_id,
        channel_id=CHANNEL,
        slack_user_ids=[*MEMBERS, "U13", "UBOT", "UNEW"],
        now=NOW,
    )
    p1 = b.pair("U01", "U02", started="2026-09-01")
    p2 = b.pair("X1", "U03", started="2026-09-01")
    p3 = b.pair("X1", "U04", started="2026-10-20", cadence="biweekly")
    p4 = b.pair("X2", "U05", started="2026-11-20")
    p5 = b.pair("U06", "U07", started="2026-08-01", ended="2026-10-15")
    p6 = b.pair("X2", "U08", started="2026-10-01", weekday=3)
    p7 = b.pair("X3", "X2", started="2026-09-01")  # nobody from the channel
    b.pair("X3", "U13", started="2026-09-01")  # the mentee left the workspace
    # The current period, 2026-11-02 .. 2026-12-01.
    b.meeting(p1, "U01", "2026-11-03", useful=4)
    b.meeting(p1, "U02", "2026-11-03", useful=5)
    b.meeting(p1, "U02", "2026-11-10", useful=3)
    b.meeting(p1, "U02", "2026-11-17", outcome="missed")
    b.meeting(p1, "U01", "2026-11-24", source="manual")
    b.meeting(p2, "U03", "2026-11-03", useful=5)
    b.meeting(p2, "U03", "2026-11-10", useful=4)
    b.meeting(p3, "U04", "2026-11-03", useful=2)
    b.meeting(p4, "U05", "2026-11-24", useful=4)
    b.meeting(p6, "U08", "2026-11-05", useful=5)
    b.meeting(p7, "X2", "2026-11-05", useful=1)
    # The previous period, 2026-10-03 .. 2026-11-01.
    b.meeting(p1, "U02", "2026-10-06", useful=4)
    b.meeting(p1, "U02", "2026-10-13", useful=2)
    b.meeting(p5, "U07", "2026-10-07", useful=5)
    b.meeting(p2, "U03", "2026-10-27", useful=3)
    # Before both periods: never counted.
    b.meeting(p1, "U02", "2026-09-15", useful=1)
    for who, created in [("U02", "11-05"), ("U05", "11-07"), ("U08", "11-08"), ("U10", "11-09")]:
        b.goal(who, f"2026-{created}")
    b.goal("U03", "2026-11-06", done="2026-11-20")
    b.goal("U11", "2026-11-10", done="2026-11-25")
    b.goal("U13", "2026-11-05")  # left the workspace
    b.goal("X1", "2026-11-05")  # not in the channel
    b.goal("U04", "2026-10-10", done="2026-10-30")
    b.gaps("U02", "python", "sql")
    for who in ("U03", "U04", "U05"):
        b.gaps(who, "python")
    b.gaps("U08", "python", "public speaking")
    b.gaps("U10", "sql")
    b.gaps("U09", DIVORCE)
    b.gaps("U13", "python")
    b.gaps("U11", "python", current=False)
    b.mentor("U01", "python", capacity=2)
    b.mentor("U06", "python", "sql", capacity=3)
    b.mentor("U09", "python", capacity=1, is_open=False)
    for who in ("X1", "X2", "X3"):
        b.mentor(who, "python")
    session.flush()
    return b
