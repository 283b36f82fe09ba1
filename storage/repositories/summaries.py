"""The rows a channel summary aggregates, read with Core (no ORM objects: thousands of rows).

Member and pair ids go to the database as ONE parameter (a PostgreSQL array, a JSON array that
SQLite reads with json_each), so each statement walks the indexes person -> pair (mentee_id,
mentor_id) -> meeting (pair_id, held_on, ...) directly, however large the channel, with no
expanding IN list of thousands of parameters to build.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    String,
    and_,
    any_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    null,
    or_,
    select,
)
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col

from storage.models import (
    ChannelMember,
    Goal,
    Meeting,
    MentorProfile,
    MentorSkill,
    Pair,
    Person,
    Reflection,
    Skill,
    SkillGap,
)


def in_ids(session: Session, column: Any, ids: Sequence[int]) -> ColumnElement[bool]:
    """`column IN ids`, with the ids bound as a single array parameter."""
    values = [int(i) for i in ids]
    if session.get_bind().dialect.name == "postgresql":
        # As the array's text form, cast by the server: the driver's list dumper costs ~5 ms
        # per 5,000 ids in Python, the join below a fraction of one.
        literal_array = "{" + ",".join(map(str, values)) + "}"
        array = cast(bindparam(None, literal_array, type_=String), postgresql.ARRAY(Integer))
        return column == any_(array)  # type: ignore[no-any-return]
    listed = func.json_each(json.dumps(values)).table_valued("value")
    return column.in_(select(listed.c.value))  # type: ignore[no-any-return]


def channel_people(session: Session, *, team_id: str, channel_id: str) -> list[Any]:
    """(person id, is_deleted, is_bot) per cached member; None values for people we never saw."""
    statement = (
        select(col(Person.id), col(Person.is_deleted), col(Person.is_bot))
        .select_from(ChannelMember)
        .outerjoin(
            Person,
            and_(
                col(Person.team_id) == col(ChannelMember.team_id),
                col(Person.slack_user_id) == col(ChannelMember.slack_user_id),
            ),
        )
        .where(col(ChannelMember.team_id) == team_id, col(ChannelMember.channel_id) == channel_id)
    )
    return list(session.connection().execute(statement).all())


def pairs_of(
    session: Session, *, team_id: str, person_ids: Sequence[int], ended_after: datetime
) -> dict[int, Any]:
    """Pairs with one of the people as mentee or mentor, not ended before `ended_after`:
    (id, mentor_id, mentee_id, cadence, meeting_weekday, started_at, ended_at, kind) by id."""
    columns = (
        col(Pair.id),
        col(Pair.mentor_id),
        col(Pair.mentee_id),
        col(Pair.cadence),
        col(Pair.meeting_weekday),
        col(Pair.started_at),
        col(Pair.ended_at),
        col(Pair.kind),
    )
    recent = or_(col(Pair.ended_at).is_(None), col(Pair.ended_at) >= ended_after)
    sides = or_(
        in_ids(session, col(Pair.mentee_id), person_ids),
        in_ids(session, col(Pair.mentor_id), person_ids),
    )
    statement = select(*columns).where(col(Pair.team_id) == team_id, sides, recent)
    return {int(row.id): row for row in session.connection().execute(statement).all()}


def goals_of(session: Session, *, person_ids: Sequence[int], since: datetime) -> list[Any]:
    """(person_id, status, created_at, completed_at) of goals set or completed since then."""
    statement = select(
        col(Goal.person_id), col(Goal.status), col(Goal.created_at), col(Goal.completed_at)
    ).where(
        in_ids(session, col(Goal.person_id), person_ids),
        or_(col(Goal.created_at) >= since, col(Goal.completed_at) >= since),
    )
    return list(session.connection().execute(statement).all())


def mentor_profiles_of(session: Session, *, person_ids: Sequence[int]) -> list[Any]:
    """(person_id, capacity, is_open, created_at) of the people's mentor profiles."""
    statement = select(
        col(MentorProfile.person_id),
        col(MentorProfile.capacity),
        col(MentorProfile.is_open),
        col(MentorProfile.created_at),
    ).where(in_ids(session, col(MentorProfile.person_id), person_ids))
    return list(session.connection().execute(statement).all())


def skill_askers(
    session: Session, *, person_ids: Sequence[int], listed_keys: Sequence[str]
) -> tuple[dict[str, int], int]:
    """How many of the people ask for each listed skill in their current reflection, and how
    many ask for any skill not listed. Counted in the database: one row per listed skill and
    one for the rest, instead of every gap of thousands of people."""
    skill_key = col(SkillGap.skill_key)
    listed = (
        case((skill_key.in_(list(listed_keys)), skill_key), else_=null()) if listed_keys else null()
    )
    statement = (
        select(listed.label("key"), func.count(func.distinct(col(SkillGap.person_id))))
        .join(Reflection, col(Reflection.id) == col(SkillGap.reflection_id))
        .where(in_ids(session, col(SkillGap.person_id), person_ids), col(Reflection.is_current))
        .group_by(literal_column("1"))
    )
    askers: dict[str, int] = {}
    others = 0
    for key, people in session.connection().execute(statement):
        if key is None:
            others = int(people)
        else:
            askers[str(key)] = int(people)
    return askers, others


def open_mentors_offering(
    session: Session, *, team_id: str, skill_keys: Sequence[str]
) -> dict[str, int]:
    """How many open mentors in the workspace (still in it) offer each skill."""
    if not skill_keys:
        return {}
    statement = (
        select(col(MentorSkill.skill_key), func.count(func.distinct(col(MentorProfile.id))))
        .join(MentorProfile, col(MentorProfile.id) == col(MentorSkill.profile_id))
        .where(
            col(MentorSkill.team_id) == team_id,
            col(MentorSkill.skill_key).in_(list(skill_keys)),
            col(MentorProfile.is_open),
            # The few who left, through their partial index: a join would read every person.
            ~exists().where(col(Person.id) == col(MentorProfile.person_id), col(Person.is_deleted)),
        )
        .group_by(col(MentorSkill.skill_key))
    )
    return {str(key): int(count) for key, count in session.connection().execute(statement)}


def listed_skill_labels(session: Session, *, team_id: str) -> dict[str, str]:
    """key -> label of the workspace's listed (admin-curated) skills; never the typed ones."""
    statement = select(col(Skill.key), col(Skill.label)).where(
        col(Skill.team_id) == team_id, col(Skill.listed)
    )
    return {str(key): str(label) for key, label in session.connection().execute(statement)}


def meeting_tallies(
    session: Session,
    *,
    pair_ids: Sequence[int],
    first_day: date,
    bucket_starts: Sequence[date],
    last_day: date,
    due_until: date,
) -> list[Any]:
    """The pairs' meeting records from `first_day` to `last_day`, summed per pair and bucket.

    Bucket 0 runs from `first_day` to the day before `bucket_starts[0]`, bucket i from
    `bucket_starts[i - 1]` to the day before the next start (the last one to `last_day`).
    A row: (pair_id, bucket, days met, rating sum, ratings, mentee rated, mentor rated, days the
    mentee answered a check-in, days the mentor did), check-ins counted up to `due_until`.
    Summed in the database: a row per pair and bucket instead of every record, and never the
    takeaway or next steps (they are private).
    """
    held = col(Meeting.held_on)
    met = col(Meeting.outcome) == "met"
    rated = and_(met, col(Meeting.usefulness).is_not(None))
    checkin = and_(col(Meeting.source) == "checkin", held <= due_until)
    by_mentee = col(Meeting.person_id) == col(Pair.mentee_id)
    by_mentor = col(Meeting.person_id) == col(Pair.mentor_id)
    bounds = [(held < start, index) for index, start in enumerate(bucket_starts)]
    bucket = case(*bounds, else_=len(bucket_starts)) if bounds else literal(0)
    statement = (
        select(
            col(Meeting.pair_id),
            bucket.label("bucket"),
            func.count(func.distinct(case((met, held)))),
            func.coalesce(func.sum(case((met, col(Meeting.usefulness)))), 0),
            func.count(case((rated, col(Meeting.usefulness)))),
            func.max(case((and_(rated, by_mentee), 1), else_=0)),
            func.max(case((and_(rated, by_mentor), 1), else_=0)),
            func.count(func.distinct(case((and_(checkin, by_mentee), held)))),
            func.count(func.distinct(case((and_(checkin, by_mentor), held)))),
        )
        .join(Pair, col(Pair.id) == col(Meeting.pair_id))
        .where(in_ids(session, col(Meeting.pair_id), pair_ids), held >= first_day, held <= last_day)
        # By output position: PostgreSQL would not match two renderings of the CASE.
        .group_by(col(Meeting.pair_id), literal_column("2"))
    )
    return _driver_rows(session, statement)


def _driver_rows(session: Session, statement: Any) -> list[Any]:
    result = session.connection().execute(statement)
    try:
        # The driver's own tuples: ~20,000 rows of small integers for 90 days, where building
        # SQLAlchemy rows would cost more than the aggregate itself.
        return list(result.cursor.fetchall())
    finally:
        result.close()
