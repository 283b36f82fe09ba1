"""What people answer to the scheduler: check-ins, thanks, pulse, pause, end, cadence,
snooze/stop, the come-prepared questions and the "three unanswered" question.

Every function re-reads the database, checks that the person may act on what they clicked,
and is idempotent (a double click or double submit changes nothing the second time).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import update
from sqlmodel import Session, col, func, or_, select

from bot.services import cadence, prompt_answers, typed_text
from bot.services import scheduling as sched
from bot.services.matching import searches
from storage.models import (
    Delivery,
    Meeting,
    Pair,
    Person,
    PreparedQuestions,
    PulseAnswer,
    ReminderPreference,
    Retrospective,
)
from storage.repositories import deliveries as repo
from storage.repositories import pairs as pairs_repo

OUTCOMES = ("met", "missed", "rescheduled")
GRATITUDE_EVERY = 3  # met meetings between gratitude suggestions
LOW_PULSE = 2  # answers at or below this get the private offers


class NotYours(Exception):
    """The clicker is not the person this button or pair is for."""


@dataclass(frozen=True)
class PairView:
    pair: Pair
    mentor: Person
    mentee: Person

    def other(self, person_id: int) -> Person:
        return self.mentee if person_id == self.mentor.id else self.mentor

    def role_of(self, person_id: int) -> str:
        return "mentor" if person_id == self.mentor.id else "mentee"


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
        _lift_hold(session, person_id=row.person_id, kind=row.kind, now=now)
    return True


def _lift_hold(session: Session, *, person_id: int, kind: str, now: datetime) -> None:
    pref = repo.preferences(session, person_id=person_id).get(kind)
    if pref is not None and pref.held:
        pref.held, pref.updated_at = False, now
        session.add(pref)


# --- snooze and stop --------------------------------------------------------------------------


def snooze(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> datetime:
    """Snooze this kind of message for the person for a week; returns until when."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    pref = repo.preference(
        session, team_id=team_id, person_id=person.id or 0, kind=row.kind, now=now
    )
    pref.snoozed_until, pref.updated_at = cadence.snooze_until(now, person.tz), now
    session.add(pref)
    mark_answered(session, row, now)
    return pref.snoozed_until


@dataclass(frozen=True)
class Stopped:
    """A kind the person turned off: the preference row (its id goes on "Undo") and label."""

    preference_id: int
    label: str


def stop(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> Stopped:
    """Turn this kind of message off for the person."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    pref = repo.preference(
        session, team_id=team_id, person_id=person.id or 0, kind=row.kind, now=now
    )
    pref.stopped, pref.reason, pref.updated_at = True, "asked", now
    session.add(pref)
    mark_answered(session, row, now)
    return Stopped(pref.id or 0, label_of(row.kind))


def stop_all(session: Session, *, team_id: str, person: Person, now: datetime) -> int:
    """Turn every kind of reminder off for the person, as they asked; returns the
    preference's id (to turn them back on)."""
    pref = repo.preference(session, team_id=team_id, person_id=person.id or 0, kind="*", now=now)
    pref.stopped, pref.snoozed_until, pref.reason, pref.updated_at = True, None, "asked", now
    session.add(pref)
    session.flush()
    return pref.id or 0


def label_of(kind: str) -> str:
    return "all reminders" if kind == "*" else sched.KIND_LABELS.get(kind, kind)


@dataclass(frozen=True)
class QuietKind:
    """A kind of reminder the person stopped or snoozed, and can turn back on."""

    preference_id: int
    kind: str
    label: str
    stopped: bool
    snoozed_until: datetime | None


def quiet_kinds(session: Session, *, person: Person, now: datetime) -> list[QuietKind]:
    """What the person stopped or snoozed themselves (a stop because Slack refused their DM is
    not theirs to undo here: it lifts when Slack shows them active again)."""
    out = []
    for pref in repo.preferences(session, person_id=person.id or 0).values():
        snoozed = pref.snoozed_until if pref.snoozed_until and pref.snoozed_until > now else None
        stopped = pref.stopped and not pref.reason.startswith(sched.SLACK_STOP)
        if stopped or snoozed:
            out.append(QuietKind(pref.id or 0, pref.kind, label_of(pref.kind), stopped, snoozed))
    return sorted(out, key=lambda q: q.label)


def turn_back_on(
    session: Session, *, team_id: str, preference_id: int, person: Person, now: datetime
) -> str:
    """Undo a stop or snooze of one kind (idempotent); returns the kind's label."""
    pref = session.get(ReminderPreference, preference_id)
    if pref is None or pref.team_id != team_id or pref.person_id != person.id:
        raise NotYours
    if pref.stopped and pref.reason.startswith(sched.SLACK_STOP):
        raise ValueError("Slack told me your DM can't be reached, so I can't turn this on here")
    if pref.stopped or pref.snoozed_until is not None:
        pref.stopped, pref.snoozed_until, pref.reason, pref.updated_at = False, None, "", now
        session.add(pref)
    return label_of(pref.kind)


# --- check-ins and meetings --------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinResult:
    meeting: Meeting
    created: bool
    gratitude_queued: bool
    corrected: bool = False  # an earlier "we didn't meet" became "we met" with these answers
    repeat: bool = False  # the same modal submitted again: nothing new to say


def record_checkin(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    outcome: str,
    now: datetime,
    usefulness: int | None = None,
    takeaway: str = "",
    next_steps: str = "",
    delivery_id: int | None = None,
    held_on: date | None = None,
    token: str | None = None,
) -> CheckinResult:
    """Store one person's meeting record; a check-in answered twice keeps the first, and so
    does a check-in modal submitted twice (same `token`)."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    prompt_answers.pair_spoke(session, pair_id=pair_id, now=now)
    if token:
        same = session.exec(select(Meeting).where(Meeting.submission_token == token)).first()
        if same is not None:
            if same.person_id != person.id:
                raise NotYours
            return CheckinResult(same, False, False, repeat=True)
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}")
    if usefulness is not None and not 1 <= usefulness <= 5:
        raise ValueError("usefulness is 1-5")
    row = None
    if delivery_id is not None:
        row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
        existing = _meeting_for(session, pair_id, person.id or 0, row.occurrence)
        if row.answered_at is not None and existing is not None:
            if outcome == "met" and existing.outcome != "met":
                # They said "we didn't meet", then filled in "we met": the later answer is the
                # correction, so keep it rather than drop what they wrote.
                existing.outcome, existing.usefulness = outcome, usefulness
                existing.takeaway, existing.next_steps = takeaway, next_steps
                existing.submission_token = token or existing.submission_token
                session.add(existing)
                session.flush()
                queued = _queue_gratitude(session, view, existing, usefulness, now)
                return CheckinResult(existing, False, queued, corrected=True)
            return CheckinResult(existing, False, False)
        mark_answered(session, row, now)
    day = held_on or (
        row.occurrence if row and row.occurrence else cadence.local_day(now, person.tz)
    )
    meeting = Meeting(
        team_id=team_id,
        pair_id=pair_id,
        person_id=person.id or 0,
        held_on=day,
        outcome=outcome,
        usefulness=usefulness,
        takeaway=takeaway,
        next_steps=next_steps,
        source="checkin" if row else "manual",
        created_at=now,
        submission_token=token or None,
    )
    session.add(meeting)
    session.flush()
    return CheckinResult(meeting, True, _queue_gratitude(session, view, meeting, usefulness, now))


def _queue_gratitude(
    session: Session, view: PairView, meeting: Meeting, usefulness: int | None, now: datetime
) -> bool:
    """After a good meeting (or every few), remind the mentee they can say thanks."""
    if meeting.person_id != view.mentee.id or meeting.outcome != "met":
        return False
    if not _gratitude_due(session, view, usefulness):
        return False
    return sched.enqueue(
        session,
        kind="gratitude",
        person=view.mentee,
        pair=view.pair,
        key=f"gratitude:{view.pair.id}:{meeting.id}",
        now=now,
    )


def _meeting_for(
    session: Session, pair_id: int, person_id: int, day: date | None
) -> Meeting | None:
    if day is None:
        return None
    return pairs_repo.checkin_record(session, pair_id=pair_id, person_id=person_id, held_on=day)


def _gratitude_due(session: Session, view: PairView, usefulness: int | None) -> bool:
    if usefulness is not None and usefulness >= 4:
        return True
    met = session.exec(
        select(func.count()).where(
            Meeting.pair_id == view.pair.id,
            Meeting.person_id == view.mentee.id,
            Meeting.outcome == "met",
        )
    ).one()
    return int(met) % GRATITUDE_EVERY == 0


# --- pulse -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PulseResult:
    answer: PulseAnswer
    low: bool


def record_pulse(
    session: Session,
    *,
    team_id: str,
    delivery_id: int,
    person: Person,
    score: int,
    note: str,
    now: datetime,
) -> PulseResult:
    """Store a private pulse answer (once per pulse message)."""
    if not 1 <= score <= 5:
        raise ValueError("score is 1-5")
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    if row.kind != "pulse" or row.pair_id is None:
        raise NotYours
    existing = session.exec(select(PulseAnswer).where(PulseAnswer.delivery_id == row.id)).first()
    if existing is not None:
        return PulseResult(existing, existing.score <= LOW_PULSE)
    answer = PulseAnswer(
        team_id=team_id,
        pair_id=row.pair_id,
        person_id=person.id or 0,
        delivery_id=row.id,
        score=score,
        note=note,
        created_at=now,
    )
    session.add(answer)
    mark_answered(session, row, now)
    session.flush()
    return PulseResult(answer, score <= LOW_PULSE)


# --- cadence, pause, end -----------------------------------------------------------------------


def change_cadence(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    cadence_name: str | None = None,
    weekday: int | None = None,
    now: datetime,
) -> Pair:
    """Set the pair's cadence and/or weekday and re-plan from today."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if cadence_name is not None and cadence_name not in cadence.CADENCES:
        raise ValueError(f"unknown cadence {cadence_name!r}")
    if weekday is not None and not 0 <= weekday < len(cadence.WEEKDAYS):
        raise ValueError("weekday is Monday-Friday")
    pair = view.pair
    if pair.status == "ended":
        raise ValueError("this mentoring has ended")
    changed = (cadence_name or pair.cadence, pair.meeting_weekday if weekday is None else weekday)
    if changed != (pair.cadence, pair.meeting_weekday):
        pair.cadence, pair.meeting_weekday = changed
        session.add(pair)
        sched.replan_meetings(session, pair_id=pair_id)
    _answer_adapt(session, person, now, pair_id=pair_id)
    return pair


class PauseTooLong(ValueError):
    """A pause past six months: the person may mean to end the mentoring instead."""

    def __init__(self, latest: date) -> None:
        super().__init__(f"a pause is at most six months, until {latest.isoformat()}")
        self.latest = latest


def pause(
    session: Session, *, team_id: str, pair_id: int, person: Person, until: date, now: datetime
) -> Pair:
    """Stop all prompts for the pair until `until`, after today and at most six months on."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    today = cadence.local_day(now, person.tz)
    if until <= today:
        raise ValueError("choose a date after today")
    if until > cadence.latest_pause_end(today):
        raise PauseTooLong(cadence.latest_pause_end(today))
    if view.pair.status == "ended":
        raise ValueError("this mentoring has ended")
    view.pair.status, view.pair.paused_until = "paused", until
    session.add(view.pair)
    sched.cancel_open(session, pair_id=pair_id)
    _answer_adapt(session, person, now, pair_id=pair_id)
    return view.pair


@dataclass(frozen=True)
class Resumed:
    pair: Pair
    resumed_now: bool
    next_meeting: date | None


def resume(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> Resumed:
    """End a pause early (either person; idempotent) and plan the next meeting at once."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    pair = view.pair
    if pair.status != "paused":
        if pair.status == "ended":
            raise ValueError("this mentoring has ended")
        return Resumed(pair, False, None)
    sched.resume_pair(session, pair)
    day = sched.plan_meeting(session, pair, now)
    sched.plan_pulse(session, pair, now)
    _answer_adapt(session, person, now, pair_id=pair_id)
    return Resumed(pair, True, day)


@dataclass(frozen=True)
class Ending:
    view: PairView
    ended_now: bool


def end_pair(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> Ending:
    """End the pair (either person); keeps every record, frees the mentor's capacity."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if view.pair.status == "ended":
        return Ending(view, False)
    view.pair.status, view.pair.ended_at, view.pair.ended_by_id = "ended", now, person.id
    view.pair.paused_until = None
    session.add(view.pair)
    sched.cancel_open(session, pair_id=pair_id)
    return Ending(view, True)


@dataclass(frozen=True)
class NextMatch:
    """The mentee's best next mentor after an end (ids for the "Request intro" button)."""

    search_id: int
    mentor_id: int
    mentor_user: str
    reason: str


def next_match_after_end(session: Session, *, view: PairView, now: datetime) -> NextMatch | None:
    """The best mentor for the mentee now, never the one they just ended with."""
    result = searches.next_match(session, mentee=view.mentee, now=now)
    if result is None:
        return None
    for match in result.matches:
        if match.candidate.person_id != view.mentor.id:
            return NextMatch(
                result.search_id or 0,
                match.candidate.person_id,
                match.candidate.slack_user_id,
                match.reason,
            )
    return None


def record_retrospective(
    session: Session,
    *,
    team_id: str,
    pair_id: int,
    person: Person,
    helped_most: str,
    goals_status: str,
    now: datetime,
) -> bool:
    """Keep one retrospective per person and pair; False when they already gave one."""
    pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    existing = session.exec(
        select(Retrospective).where(
            Retrospective.pair_id == pair_id, Retrospective.person_id == person.id
        )
    ).first()
    if existing is not None:
        return False
    session.add(
        Retrospective(
            team_id=team_id,
            pair_id=pair_id,
            person_id=person.id or 0,
            helped_most=helped_most,
            goals_status=goals_status,
            created_at=now,
        )
    )
    return True


# --- adapting, questions -----------------------------------------------------------------------


def _answer_adapt(
    session: Session, person: Person, now: datetime, *, pair_id: int | None = None
) -> None:
    """Any answer to "pause or change the cadence?" lifts the person's holds, and for a pair
    starts the count of its unanswered meeting prompts afresh."""
    for kind in sched.ANSWERABLE:
        _lift_hold(session, person_id=person.id or 0, kind=kind, now=now)
    asked_me = col(Delivery.person_id) == person.id
    if pair_id is not None:
        prompt_answers.pair_spoke(session, pair_id=pair_id, now=now)
        asked_me = or_(
            asked_me, (col(Delivery.pair_id) == pair_id) & col(Delivery.person_id).is_(None)
        )
    for row in session.exec(
        select(Delivery).where(
            asked_me,
            Delivery.kind == "adapt_ask",
            col(Delivery.answered_at).is_(None),
            Delivery.status == "sent",
        )
    ):
        row.answered_at = now
        session.add(row)


def keep_reminders(
    session: Session, *, team_id: str, delivery_id: int, person: Person, now: datetime
) -> None:
    """The person wants the reminders as they are."""
    row = delivery_for(session, team_id=team_id, delivery_id=delivery_id, person=person)
    _answer_adapt(session, person, now, pair_id=row.pair_id)


@dataclass(frozen=True)
class Questions:
    """The mentee's questions; `shared` is True only when this call is the one that shared them."""

    id: int
    view: PairView
    text: str
    status: str
    shared: bool = False


def take_questions(
    session: Session, *, person: Person, text: str, now: datetime
) -> Questions | None:
    """If a come-prepared nudge waits for this person's answer, keep the message as a private
    draft: nothing reaches the pair until the person presses Share (share_questions)."""
    row = repo.open_prepare_nudge(
        session, person_id=person.id or 0, since=now - sched.OPEN_NUDGE_FOR
    )
    text = typed_text.clean(text)
    if row is None or row.pair_id is None or not text:
        return None
    try:
        view = pair_view(session, team_id=person.team_id, pair_id=row.pair_id, person=person)
    except NotYours:
        return None
    if view.pair.status == "ended":
        return None
    mark_answered(session, row, now)
    # A draft whose preview never reached the person (reopen_questions) takes the new text.
    draft = session.exec(
        select(PreparedQuestions).where(
            PreparedQuestions.delivery_id == row.id, PreparedQuestions.status == "draft"
        )
    ).first() or PreparedQuestions(
        team_id=person.team_id,
        pair_id=row.pair_id,
        person_id=person.id or 0,
        delivery_id=row.id,
        created_at=now,
    )
    draft.text = text
    session.add(draft)
    session.flush()
    return Questions(draft.id or 0, view, draft.text, draft.status)


def reopen_questions(session: Session, *, person: Person, questions_id: int) -> None:
    """The preview of a draft did not reach the person: the nudge waits for their answer
    again, and what they type next replaces the draft (it stays private meanwhile)."""
    draft = session.get(PreparedQuestions, questions_id)
    if draft is None or draft.person_id != person.id or draft.status != "draft":
        return
    row = session.get(Delivery, draft.delivery_id) if draft.delivery_id else None
    if row is not None:
        row.answered_at = None
        session.add(row)
        session.flush()


def decide_questions(
    session: Session, *, team_id: str, questions_id: int, person: Person, share: bool, now: datetime
) -> Questions:
    """Share (or keep private) a draft. Only its author may; a second click changes nothing.

    The status moves with one conditional UPDATE, so of two concurrent Share clicks exactly one
    sees `shared=True` and posts."""
    draft = session.get(PreparedQuestions, questions_id)
    if draft is None or draft.team_id != team_id or draft.person_id != person.id:
        raise NotYours
    view = pair_view(session, team_id=team_id, pair_id=draft.pair_id, person=person)
    if draft.status == "draft" and share and view.pair.status == "ended":
        raise ValueError("your mentoring has ended, so your questions were not shared")
    status = "shared" if share else "kept"
    moved = session.connection().execute(
        update(PreparedQuestions)
        .where(col(PreparedQuestions.id) == questions_id, col(PreparedQuestions.status) == "draft")
        .values(status=status, decided_at=now)
    )
    session.refresh(draft)
    shared = moved.rowcount == 1 and share
    if shared:  # they go to the group DM: the pair is talking there
        prompt_answers.pair_spoke(session, pair_id=draft.pair_id, now=now)
    return Questions(draft.id or 0, view, draft.text, draft.status, shared)


def has_open_nudge(session: Session, *, person_id: int, now: datetime) -> bool:
    return (
        repo.open_prepare_nudge(session, person_id=person_id, since=now - sched.OPEN_NUDGE_FOR)
        is not None
    )


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


def thanks_sent(
    session: Session, *, team_id: str, pair_id: int, person: Person, now: datetime
) -> PairView:
    """The mentee sends thanks: answers any open gratitude reminder. Only the mentee may."""
    view = pair_view(session, team_id=team_id, pair_id=pair_id, person=person)
    if person.id != view.mentee.id:
        raise NotYours
    for row in session.exec(
        select(Delivery).where(
            Delivery.pair_id == pair_id,
            Delivery.kind == "gratitude",
            Delivery.status == "sent",
            col(Delivery.answered_at).is_(None),
        )
    ):
        mark_answered(session, row, now)
    return view
