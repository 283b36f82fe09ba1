"""What is due and whether it may go now: planning, the delivery rules, and bookkeeping.

The database is the source of truth. Planning keeps one open set of deliveries per pair and
kind; a pass claims due rows with a lease, asks `begin_send` whether each may go now (working
hours, pause, snooze, stop, one message a day, three unanswered in a row), and records the
outcome. Every function takes `now`; nothing here talks to Slack.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from bot.services import cadence, meeting_dates, prompt_answers, skills
from storage.models import Delivery, IntroRequest, Pair, Person, ReminderPreference, SkillWatch
from storage.repositories import deliveries as repo

logger = logging.getLogger("mentorbot.scheduler")

LEASE = timedelta(minutes=10)
RETRY_AFTER_FAILURE = timedelta(minutes=15)
MAX_ATTEMPTS = 5
ADAPT_AFTER_UNANSWERED = 3
OPEN_NUDGE_FOR = timedelta(days=3)
STALE_AFTER = timedelta(days=1)

# Kinds whose rows come back every period; the rest are one-offs.
RECURRING = frozenset({"meeting_prompt", "prepare", "checkin", "pulse"})
# Kinds a person answers; three unanswered in a row hold the kind and ask once.
ANSWERABLE = frozenset({"prepare", "checkin", "pulse"})
# Tied to a meeting day; other kinds give way to them when both fall on one day.
FIXED_DAY = ("meeting_prompt", "prepare", "checkin")
# Where the meeting day has passed, these are no longer useful.
DAY_BOUND = frozenset({"meeting_prompt", "prepare"})
# Never pushed past their day by the one-message-a-day rule (see _reserve_days).
ON_THE_DAY = frozenset({"meeting_prompt"})
KIND_LABELS: dict[str, str] = {
    "meeting_prompt": "meeting prompts",
    "prepare": "come-prepared nudges",
    "checkin": "check-ins",
    "gratitude": "gratitude reminders",
    "pulse": "pulse questions",
    "intro_expiry": "request updates",
    "adapt_ask": "reminder questions",
    "skill_watch": "new-mentor alerts",
}
# Errors after which a person cannot get messages: stop their deliveries.
UNDELIVERABLE = frozenset(
    {
        "user_not_found",
        "account_inactive",
        "channel_not_found",
        "cannot_dm_bot",
        "is_archived",
        "user_disabled",
        "not_in_channel",
    }
)


# The reason on a stop Slack caused (the DM cannot be reached); only Slack lifts it.
SLACK_STOP = "slack:"


# --- planning ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairPeople:
    pair: Pair
    mentor: Person
    mentee: Person


def _people(session: Session, pair: Pair) -> PairPeople:
    mentor = session.get(Person, pair.mentor_id)
    mentee = session.get(Person, pair.mentee_id)
    assert mentor is not None and mentee is not None
    return PairPeople(pair, mentor, mentee)


def _new(
    kind: str,
    pair: Pair | None,
    person: Person | None,
    due: datetime,
    key: str,
    now: datetime,
    *,
    occurrence: date | None = None,
    team_id: str | None = None,
    intro_request_id: int | None = None,
) -> Delivery:
    return Delivery(
        team_id=team_id or (pair.team_id if pair else person.team_id if person else ""),
        kind=kind,
        pair_id=pair.id if pair else None,
        person_id=person.id if person else None,
        intro_request_id=intro_request_id,
        occurrence=occurrence,
        due_at=due,
        idempotency_key=key,
        created_at=now,
    )


def plan_meeting(session: Session, pair: Pair, now: datetime) -> date:
    """Create the next meeting's nudge, prompt and check-ins; returns the meeting day."""
    people = _people(session, pair)
    tz, other = people.mentee.tz, people.mentor.tz
    today = cadence.local_day(now, tz)
    day = meeting_dates.following_meeting(
        pair,
        last=repo.last_occurrence(session, pair_id=pair.id or 0, kind="meeting_prompt"),
        today=today,
        tz=tz,
    )
    base = f"{pair.id}:{day.isoformat()}"
    rows = [
        _new(
            "meeting_prompt",
            pair,
            None,
            cadence.first_send_on(day, tz, other),
            f"meeting_prompt:{base}",
            now,
            occurrence=day,
        ),
    ]
    prepare_day = cadence.previous_workday(day)
    if prepare_day >= today:
        rows.append(
            _new(
                "prepare",
                pair,
                people.mentee,
                cadence.first_send_on(prepare_day, tz),
                f"prepare:{base}",
                now,
                occurrence=day,
            )
        )
    checkin_day = cadence.next_workday(day)
    for person in (people.mentor, people.mentee):
        rows.append(
            _new(
                "checkin",
                pair,
                person,
                cadence.first_send_on(checkin_day, person.tz),
                f"checkin:{base}:{person.id}",
                now,
                occurrence=day,
            )
        )
    repo.add_deliveries(session, rows)
    return day


def plan_pulse(session: Session, pair: Pair, now: datetime) -> date:
    """Create the next private pulse for both people (every five weeks)."""
    people = _people(session, pair)
    today = cadence.local_day(now, people.mentee.tz)
    last = repo.last_occurrence(session, pair_id=pair.id or 0, kind="pulse")
    start = last or cadence.local_day(pair.started_at, people.mentee.tz)
    day = max(start + cadence.PULSE_EVERY, today)
    repo.add_deliveries(
        session,
        [
            _new(
                "pulse",
                pair,
                person,
                cadence.first_send_on(day, person.tz),
                f"pulse:{pair.id}:{day.isoformat()}:{person.id}",
                now,
                occurrence=day,
            )
            for person in (people.mentor, people.mentee)
        ],
    )
    return day


def plan_batch(session: Session, *, kind: str, now: datetime, limit: int) -> int:
    """Plan up to `limit` pairs that have nothing open of `kind`; returns how many."""
    planner = plan_meeting if kind == "meeting_prompt" else plan_pulse
    pairs = repo.pairs_needing(session, kind=kind, limit=limit)
    for pair in pairs:
        planner(session, pair, now)
    return len(pairs)


def resume_paused_pairs(session: Session, *, now: datetime) -> int:
    """Pairs whose pause has ended become active again (then get planned).

    "Paused until Monday" means until Monday in the mentee's calendar, so the day is compared
    with their local date; the query only narrows to pairs that may be due somewhere on Earth.
    """
    statement = select(Pair).where(
        Pair.status == "paused",
        col(Pair.paused_until).is_not(None),
        col(Pair.paused_until) <= now.date() + timedelta(days=1),
    )
    count = 0
    for pair in list(session.exec(statement)):
        mentee = session.get(Person, pair.mentee_id)
        today = cadence.local_day(now, mentee.tz if mentee else "UTC")
        if pair.paused_until is not None and pair.paused_until <= today:
            resume_pair(session, pair)
            count += 1
    return count


def resume_pair(session: Session, pair: Pair) -> None:
    pair.status, pair.paused_until = "active", None
    session.add(pair)


def lift_slack_stop(session: Session, *, person: Person, now: datetime) -> bool:
    """Slack shows the person active again: lift the stop a failed DM put on them."""
    pref = repo.preferences(session, person_id=person.id or 0).get("*")
    if pref is None or not pref.stopped or not pref.reason.startswith(SLACK_STOP):
        return False
    pref.stopped, pref.reason, pref.updated_at = False, "", now
    session.add(pref)
    # The DM Slack refused may be gone for good: open a fresh one on the next message.
    person.dm_channel_id = None
    session.add(person)
    return True


@dataclass(frozen=True)
class ExpiredRequest:
    """Where the mentor's copy of an expired request is, so its buttons can be replaced."""

    team_id: str
    mentee_user: str
    mentor_channel_id: str | None
    mentor_message_ts: str | None


def expire_intro_requests(session: Session, *, now: datetime, limit: int) -> list[ExpiredRequest]:
    """Requests nobody answered in time become expired, with a gentle note to both."""
    statement = (
        select(IntroRequest)
        .where(col(IntroRequest.status).in_(("open", "waiting")), IntroRequest.expires_at <= now)
        .order_by(col(IntroRequest.id))
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        statement = statement.with_for_update(skip_locked=True)
    requests = list(session.exec(statement))
    expired = []
    for request in requests:
        request.status = "expired"
        session.add(request)
        mentee = session.get(Person, request.mentee_id)
        expired.append(
            ExpiredRequest(
                request.team_id,
                mentee.slack_user_id if mentee else "",
                request.mentor_channel_id,
                request.mentor_message_ts,
            )
        )
        # The mentor's own copy of the request is updated instead (mark_expired_for_mentors).
        told_on_copy = request.mentor_message_ts is not None and request.mentor_channel_id
        for person_id in (request.mentee_id, *(() if told_on_copy else (request.mentor_id,))):
            person = session.get(Person, person_id)
            if person is None:
                continue
            repo.add_delivery(
                session,
                _new(
                    "intro_expiry",
                    None,
                    person,
                    now,
                    f"intro_expiry:{request.id}:{person_id}",
                    now,
                    intro_request_id=request.id,
                    team_id=request.team_id,
                ),
            )
    return expired


def enqueue(
    session: Session,
    *,
    kind: str,
    person: Person | None,
    pair: Pair | None,
    key: str,
    now: datetime,
) -> bool:
    """A one-off scheduled message (gratitude, adapt_ask), due now under the usual rules; with
    no person it goes to the pair's group DM."""
    return repo.add_delivery(session, _new(kind, pair, person, now, key, now))


def enqueue_skill_watch(session: Session, *, watcher: Person, watch_id: int, now: datetime) -> bool:
    """ "Tell me when a mentor with this skill opts in": one delivery per watcher, sent by the
    pass. The watch row (already marked notified) names the skill and the mentor."""
    key = f"skill_watch:{watch_id}"
    return repo.add_delivery(session, _new("skill_watch", None, watcher, now, key, now))


def _watched(session: Session, row: Delivery) -> tuple[str, Person | None]:
    """The skill label and the mentor a skill_watch delivery tells about."""
    watch = session.get(SkillWatch, int(row.idempotency_key.split(":")[1]))
    if watch is None:
        return "", None
    mentor = session.get(Person, watch.notified_mentor_id) if watch.notified_mentor_id else None
    labels = skills.labels_for(session, team_id=row.team_id, keys=[watch.skill_key])
    return labels.get(watch.skill_key, watch.skill_key), mentor


def replan_meetings(session: Session, *, pair_id: int) -> int:
    """The pair's rhythm changed: drop the messages of meetings still to come (their prompt is
    not out yet); the next pass plans anew. Check-ins for a meeting that already happened stay.
    """
    rows = repo.open_for_pair(session, pair_id=pair_id)
    upcoming = {r.occurrence for r in rows if r.kind == "meeting_prompt"}
    count = 0
    for row in rows:
        if row.kind in FIXED_DAY and row.occurrence in upcoming:
            _cancel(session, row)
            count += 1
    return count


def _planned_for_another_day(row: Delivery, pair: Pair) -> bool:
    """A meeting message planned before the pair picked another weekday (a safety net for
    writers of Pair.meeting_weekday that do not call replan_meetings). Check-ins are about a
    meeting that happened on the old day, so they stay."""
    return (
        row.kind in DAY_BOUND
        and row.occurrence is not None
        and row.occurrence.weekday() != pair.meeting_weekday
    )


def cancel_open(session: Session, *, pair_id: int, kinds: frozenset[str] | None = None) -> int:
    """Cancel the pair's open deliveries (of `kinds`), e.g. on a new cadence or an end."""
    count = 0
    for row in repo.open_for_pair(session, pair_id=pair_id):
        if kinds is None or row.kind in kinds:
            _cancel(session, row)
            count += 1
    return count


def _cancel(session: Session, row: Delivery) -> None:
    row.status = "cancelled"
    row.idempotency_key = f"{row.idempotency_key}:x{row.id}"[:128]
    session.add(row)


# --- claiming and the rules of one delivery -------------------------------------------------


@dataclass(frozen=True)
class SendPlan:
    """A claimed delivery that may go now, with everything the message needs."""

    delivery_id: int
    kind: str
    team_id: str
    attempts: int
    recipient: Person | None  # None: the pair's group DM
    pair: Pair | None
    mentor: Person | None
    mentee: Person | None
    occurrence: date | None
    intro_request: IntroRequest | None
    known_channel: str | None
    adapt_kind: str = ""
    skill_label: str = ""  # skill_watch: the skill the recipient asked about
    today: date | None = None  # the (first) recipient's today, for writing dates


@dataclass(frozen=True)
class Verdict:
    """Why a claimed delivery does not go now: skipped for good, or deferred to `until`."""

    action: str  # skip, defer, lost
    reason: str
    until: datetime | None = None


def claim_due(
    session: Session, *, now: datetime, lease_start: datetime, token: str, limit: int
) -> list[int]:
    return repo.claim_due(
        session,
        now=now,
        lease_start=lease_start,
        lease_until=lease_start + LEASE,
        token=token,
        limit=limit,
    )


def waves(session: Session, *, ids: list[int]) -> list[list[int]]:
    """Split claimed ids into rounds in which nobody gets two messages at once: a mentor's
    several meeting prompts of one day then go out one after another, in id order."""
    people_of = repo.people_of(session, ids=ids)
    rounds: list[tuple[set[int], list[int]]] = []
    for delivery_id in sorted(ids):
        people = people_of.get(delivery_id, set())
        for taken, members in rounds:
            if not taken & people:
                taken.update(people)
                members.append(delivery_id)
                break
        else:
            rounds.append((set(people), [delivery_id]))
    return [members for _, members in rounds]


def begin_send(
    session: Session, *, delivery_id: int, token: str, now: datetime
) -> SendPlan | Verdict:
    """Apply every delivery rule to a claimed row; reserve the recipients' day if it goes."""
    loaded = repo.claimed_with_people(session, delivery_id=delivery_id, token=token)
    if loaded is None:
        return Verdict("lost", "claim lost")
    row, pair, recipient = loaded.delivery, loaded.pair, loaded.recipient
    people = None
    if pair is not None:
        assert loaded.mentor is not None and loaded.mentee is not None
        people = PairPeople(pair, loaded.mentor, loaded.mentee)
    recipients = [recipient] if recipient else [people.mentee, people.mentor] if people else []
    if pair is not None and _planned_for_another_day(row, pair):
        replan_meetings(session, pair_id=pair.id or 0)
        return Verdict("skip", "meeting day changed")
    verdict = _verdict(session, row, pair, recipients, now)
    if verdict is None:
        verdict = _reserve_days(session, row, recipients, now)
    if verdict is not None:
        _apply_verdict(session, row, verdict)
        return verdict
    request = session.get(IntroRequest, row.intro_request_id) if row.intro_request_id else None
    mentor = people.mentor if people else None
    mentee = people.mentee if people else None
    if request is not None:
        mentor = session.get(Person, request.mentor_id)
        mentee = session.get(Person, request.mentee_id)
    skill_label = ""
    if row.kind == "skill_watch":
        skill_label, mentor = _watched(session, row)
    channel = row.channel_id or (
        pair.group_channel_id
        if pair and recipient is None
        else recipient.dm_channel_id
        if recipient
        else None
    )
    return SendPlan(
        delivery_id=delivery_id,
        kind=row.kind,
        team_id=row.team_id,
        attempts=row.attempts,
        recipient=recipient,
        pair=pair,
        mentor=mentor,
        mentee=mentee,
        occurrence=row.occurrence,
        intro_request=request,
        known_channel=channel,
        adapt_kind=row.idempotency_key.split(":")[2] if row.kind == "adapt_ask" else "",
        skill_label=skill_label,
        today=cadence.local_day(now, recipients[0].tz),
    )


def _verdict(
    session: Session, row: Delivery, pair: Pair | None, recipients: list[Person], now: datetime
) -> Verdict | None:
    if not recipients:
        return Verdict("skip", "no recipient")
    if pair is not None and pair.status == "ended":
        return Verdict("skip", "pair ended")
    if pair is not None and pair.status == "paused":
        return Verdict("skip", "pair paused")
    if any(person.is_deleted for person in recipients):
        return Verdict("skip", "deactivated in Slack")
    first = recipients[0]
    if row.kind in DAY_BOUND and row.occurrence is not None:
        today = cadence.local_day(now, first.tz)
        # A nudge is for the days before the meeting; on the day it would crowd out the prompt.
        if today > row.occurrence or (row.kind == "prepare" and today >= row.occurrence):
            return Verdict("skip", "meeting day passed")
    prefs_of = repo.preferences_of(session, person_ids=[person.id or 0 for person in recipients])
    for person in recipients:
        prefs = prefs_of.get(person.id or 0, {})
        for key in ("*", row.kind):
            pref = prefs.get(key)
            if pref is None:
                continue
            if pref.stopped:
                return Verdict("skip", f"stopped by {person.slack_user_id}")
            if pref.held and key != "*":
                return Verdict("skip", "held until answered")
            if pref.snoozed_until is not None and pref.snoozed_until > now:
                if row.kind in RECURRING:
                    return Verdict("skip", "snoozed")
                return Verdict("defer", "snoozed", pref.snoozed_until)
    if row.kind == "meeting_prompt" and pair is not None and _prompts_ignored(session, pair, now):
        return Verdict("skip", "three unanswered; asked to adapt")
    if (
        row.kind in ANSWERABLE
        and first.id is not None
        and _ignored_too_often(session, row, first, prefs_of.get(first.id, {}), now)
    ):
        return Verdict("skip", "three unanswered; asked to adapt")
    other = recipients[1].tz if len(recipients) > 1 else None
    if not cadence.is_send_moment(now, first.tz, other):
        return Verdict(
            "defer", "outside working hours", cadence.next_send_moment(now, first.tz, other)
        )
    return None


def _ignored_too_often(
    session: Session,
    row: Delivery,
    person: Person,
    prefs: dict[str, ReminderPreference],
    now: datetime,
) -> bool:
    """Three of this kind sent and unanswered: hold the kind and ask once.

    Only messages sent since the person last told us something about this kind count, so
    answering the question starts the count afresh.
    """
    told = prefs.get(row.kind)
    recent = repo.recent_sent(
        session,
        person_id=person.id or 0,
        kind=row.kind,
        count=ADAPT_AFTER_UNANSWERED,
        since=told.updated_at if told is not None else None,
    )
    if len(recent) < ADAPT_AFTER_UNANSWERED or any(r.answered_at for r in recent):
        return False
    pref = repo.preference(
        session, team_id=row.team_id, person_id=person.id or 0, kind=row.kind, now=now
    )
    if not pref.held:
        pref.held, pref.reason, pref.updated_at = True, "unanswered", now
        session.add(pref)
        pair = session.get(Pair, row.pair_id) if row.pair_id else None
        enqueue(
            session,
            kind="adapt_ask",
            person=person,
            pair=pair,
            key=f"adapt_ask:{person.id}:{row.kind}:{row.id}",
            now=now,
        )
    return True


def _prompts_ignored(session: Session, pair: Pair, now: datetime) -> bool:
    """Three of the pair's prompts in a row went unanswered: hold them and ask the pair once,
    in their group DM (the key names the newest of the three, so the question goes once)."""
    newest = prompt_answers.unanswered_streak(session, pair_id=pair.id or 0)
    if newest is None:
        return False
    key = f"adapt_ask:p{pair.id}:meeting_prompt:{newest.id}"
    enqueue(session, kind="adapt_ask", person=None, pair=pair, key=key, now=now)
    return True


def _reserve_days(
    session: Session, row: Delivery, recipients: list[Person], now: datetime
) -> Verdict | None:
    taken: list[Person] = []
    other = recipients[1].tz if len(recipients) > 1 else None
    for person in recipients:
        day = cadence.local_day(now, person.tz)
        if row.kind not in FIXED_DAY and repo.fixed_due_before(
            session,
            person_id=person.id or 0,
            kinds=FIXED_DAY,
            exclude_id=row.id or 0,
            before=cadence.first_send_on(day + timedelta(days=1), person.tz),
        ):
            until = cadence.first_send_on(cadence.next_workday(day), recipients[0].tz, other)
            repo.release_day(
                session, person_ids=[p.id or 0 for p in taken], delivery_id=row.id or 0
            )
            return Verdict("defer", "a meeting message goes today", until)
        reserved = repo.reserve_day(
            session, team_id=row.team_id, person_id=person.id or 0, day=day, delivery_id=row.id or 0
        )
        if not reserved and row.kind in ON_THE_DAY:
            # The day is someone's meeting: its prompt goes even when the day is taken. It is
            # posted in the pair's own group DM that both people asked for by accepting the
            # pair, so a mentor's several pairs meeting that day each get theirs; pushed to
            # tomorrow it would be dropped as "meeting day passed".
            continue
        if not reserved:
            repo.release_day(
                session, person_ids=[p.id or 0 for p in taken], delivery_id=row.id or 0
            )
            tomorrow = cadence.next_workday(day)
            until = cadence.first_send_on(tomorrow, recipients[0].tz, other)
            return Verdict("defer", "already messaged today", until)
        taken.append(person)
    return None


def _apply_verdict(session: Session, row: Delivery, verdict: Verdict) -> None:
    if verdict.action == "defer" and verdict.until is not None:
        row.status, row.due_at = "pending", verdict.until
        row.attempts = max(0, row.attempts - 1)  # a deferral is not a failed try
    else:
        row.status = "skipped"
    row.claimed_until, row.claim_token, row.note = None, None, verdict.reason[:255]
    session.add(row)


def finish_sent(
    session: Session,
    *,
    delivery_id: int,
    token: str,
    channel_id: str,
    message_ts: str,
    now: datetime,
) -> bool:
    """Mark the delivery sent; False if another pass took it over meanwhile."""
    return repo.finish_sent(
        session,
        delivery_id=delivery_id,
        token=token,
        sent_at=now,
        channel_id=channel_id,
        message_ts=message_ts,
    )


def finish_failed(
    session: Session,
    *,
    delivery_id: int,
    token: str,
    error: str,
    now: datetime,
    recipients: list[int],
) -> str:
    """A send failed: retry later, or give up after MAX_ATTEMPTS. Returns the new status."""
    row = repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is None:
        return "lost"
    repo.release_day(session, person_ids=recipients, delivery_id=delivery_id)
    row.note = error[:255]
    row.claimed_until, row.claim_token = None, None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
    else:
        row.status, row.due_at = "pending", now + RETRY_AFTER_FAILURE
    session.add(row)
    return row.status


def stop_person(
    session: Session, *, delivery_id: int, token: str, person: Person, error: str, now: datetime
) -> None:
    """Slack says the person cannot get messages: stop all their deliveries, keep history."""
    pref = repo.preference(
        session, team_id=person.team_id, person_id=person.id or 0, kind="*", now=now
    )
    pref.stopped, pref.reason, pref.updated_at = True, f"{SLACK_STOP}{error}"[:64], now
    session.add(pref)
    row = repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is not None:
        row.status, row.note = "skipped", f"undeliverable: {error}"[:255]
        row.claimed_until, row.claim_token = None, None
        session.add(row)


def stop_pair_channel(session: Session, *, delivery_id: int, token: str, error: str) -> None:
    """The pair's group DM is gone: skip this one and open a fresh group DM next time."""
    row = repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is None:
        return
    row.status, row.note = "skipped", f"undeliverable: {error}"[:255]
    row.claimed_until, row.claim_token = None, None
    session.add(row)
    pair = session.get(Pair, row.pair_id) if row.pair_id else None
    if pair is not None:
        pair.group_channel_id = None
        session.add(pair)


def skip_claimed(session: Session, *, delivery_id: int, token: str, reason: str) -> None:
    """Give up on a claimed delivery for good (e.g. the workspace uninstalled the app)."""
    row = repo.claimed(session, delivery_id=delivery_id, token=token)
    if row is not None:
        row.status, row.note = "skipped", reason[:255]
        row.claimed_until, row.claim_token = None, None
        session.add(row)
