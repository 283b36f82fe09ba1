"""The rules every delivery keeps, asked of each claimed row before it may go.

In order: someone to send to; the pair neither ended nor paused; nobody deactivated; a meeting
message still of use; nobody stopped, held or snoozed it; not three unanswered in a row (then
the kind is held and the person or pair asked once); inside working hours (of both people,
where their hours overlap); and at most one scheduled message per person and local day, a
meeting's own messages first. Every function takes `now`; nothing here talks to Slack.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from bot.scheduler import circle_hold
from bot.scheduler.kind import DeliveryKind
from bot.scheduler.kinds import adapt_ask
from bot.scheduler.plans import Verdict
from bot.scheduler.registry import FIXED_DAY
from bot.services import cadence, prompt_answers
from storage.models import Delivery, Pair, Person, ReminderPreference
from storage.models.deliveries import EVERY_KIND
from storage.repositories import deliveries as repo
from storage.repositories import delivery_claims as claims_repo

ADAPT_AFTER_UNANSWERED = 3
UNANSWERED = Verdict("skip", "three unanswered; asked to adapt")


def verdict(
    session: Session,
    kind: DeliveryKind,
    row: Delivery,
    pair: Pair | None,
    recipients: list[Person],
    now: datetime,
    *,
    group: bool = False,
) -> Verdict | None:
    """Why the row may not go now, or None when every rule lets it go. `group`: a circle's
    conversation, whose first recipient is its mentor: only the mentor's snooze or stop holds
    it, and it goes in the hours the circle shares (the mentor's when they share none)."""
    found = _state_verdict(kind, row, pair, recipients, now)
    if found is not None:
        return found
    prefs_of = repo.preferences_of(session, person_ids=[person.id or 0 for person in recipients])
    first = recipients[0]
    return (
        _preference_verdict(kind, row, recipients[:1] if group else recipients, prefs_of, now)
        or _unanswered_verdict(
            session, kind, row, pair, first, prefs_of.get(first.id or 0, {}), now
        )
        or (_group_hours_verdict(recipients, now) if group else _hours_verdict(recipients, now))
    )


def _state_verdict(
    kind: DeliveryKind, row: Delivery, pair: Pair | None, recipients: list[Person], now: datetime
) -> Verdict | None:
    if not recipients:
        return Verdict("skip", "no recipient")
    if pair is not None and pair.status == "ended":
        return Verdict("skip", "pair ended")
    if pair is not None and pair.status == "paused":
        return Verdict("skip", "pair paused")
    if any(person.is_deleted for person in recipients):
        return Verdict("skip", "deactivated in Slack")
    if kind.expires is not None and row.occurrence is not None:
        today = cadence.local_day(now, recipients[0].tz)
        # A nudge is for the days before the meeting; on the day it would crowd out the prompt.
        if today > row.occurrence or (kind.expires == "on its day" and today >= row.occurrence):
            return Verdict("skip", "meeting day passed")
    return None


def _preference_verdict(
    kind: DeliveryKind,
    row: Delivery,
    recipients: list[Person],
    prefs_of: dict[int, dict[str, ReminderPreference]],
    now: datetime,
) -> Verdict | None:
    for person in recipients:
        prefs = prefs_of.get(person.id or 0, {})
        for key in (EVERY_KIND, row.kind):
            pref = prefs.get(key)
            if pref is None:
                continue
            if pref.stopped:
                return Verdict("skip", f"stopped by {person.slack_user_id}")
            if pref.held and key != EVERY_KIND:
                return Verdict("skip", "held until answered")
            if pref.snoozed_until is not None and pref.snoozed_until > now:
                if kind.recurring:
                    return Verdict("skip", "snoozed")
                return Verdict("defer", "snoozed", pref.snoozed_until)
    return None


def _unanswered_verdict(
    session: Session,
    kind: DeliveryKind,
    row: Delivery,
    pair: Pair | None,
    first: Person,
    prefs: dict[str, ReminderPreference],
    now: datetime,
) -> Verdict | None:
    if kind.unanswered == "pair" and pair is not None and _prompts_ignored(session, pair, now):
        return UNANSWERED
    if (
        kind.unanswered == "person"
        and first.id is not None
        and _ignored_too_often(session, row, first, prefs, now)
    ):
        return UNANSWERED
    return None


def _hours_verdict(recipients: list[Person], now: datetime) -> Verdict | None:
    first = recipients[0]
    other = recipients[1].tz if len(recipients) > 1 else None
    if not cadence.is_send_moment(now, first.tz, other):
        return Verdict(
            "defer", "outside working hours", cadence.next_send_moment(now, first.tz, other)
        )
    return None


def _group_hours_verdict(recipients: list[Person], now: datetime) -> Verdict | None:
    zones = [person.tz for person in recipients]
    moment = cadence.next_group_moment(now, zones)
    return None if moment == now else Verdict("defer", "outside working hours", moment)


def _ignored_too_often(
    session: Session,
    row: Delivery,
    person: Person,
    prefs: dict[str, ReminderPreference],
    now: datetime,
) -> bool:
    """Three of this kind sent and unanswered: hold the kind and ask once (a circle's
    check-ins are held for that circle alone, circle_hold.py).

    Only messages sent since the person last told us something about this kind count, so
    answering the question starts the count afresh.
    """
    if row.circle_id is not None:
        return circle_hold.ignored_too_often(
            session, row, person, now, in_a_row=ADAPT_AFTER_UNANSWERED
        )
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
        adapt_ask.ask_person(session, person=person, pair=pair, about=row, now=now)
    return True


def _prompts_ignored(session: Session, pair: Pair, now: datetime) -> bool:
    """Three of the pair's prompts in a row went unanswered: hold them and ask the pair once,
    in their group DM (the key names the newest of the three, so the question goes once)."""
    newest = prompt_answers.unanswered_streak(session, pair_id=pair.id or 0)
    if newest is None:
        return False
    adapt_ask.ask_pair(session, pair=pair, newest_prompt=newest, now=now)
    return True


def reserve_days(
    session: Session, kind: DeliveryKind, row: Delivery, recipients: list[Person], now: datetime
) -> Verdict | None:
    """Take each recipient's one scheduled message of their local day, or say when to try again
    (a flexible kind also gives way to a meeting message due the same day)."""
    taken: list[Person] = []
    for person in recipients:
        day = cadence.local_day(now, person.tz)
        if not kind.fixed_day and _meeting_message_on(session, day, row, person):
            _release(session, taken, row)
            return Verdict("defer", "a meeting message goes today", _next_day(day, recipients))
        reserved = claims_repo.reserve_day(
            session, team_id=row.team_id, person_id=person.id or 0, day=day, delivery_id=row.id or 0
        )
        if not reserved and kind.keeps_its_day:
            continue  # its day is the meeting's (see kinds/meeting_prompt.py)
        if not reserved:
            _release(session, taken, row)
            return Verdict("defer", "already messaged today", _next_day(day, recipients))
        taken.append(person)
    return None


def _meeting_message_on(session: Session, day: date, row: Delivery, person: Person) -> bool:
    """Whether a meeting message for the person (or their pair) is due by the end of `day`."""
    return claims_repo.fixed_due_before(
        session,
        person_id=person.id or 0,
        kinds=FIXED_DAY,
        exclude_id=row.id or 0,
        before=cadence.first_send_on(day + timedelta(days=1), person.tz),
    )


def _next_day(day: date, recipients: list[Person]) -> datetime:
    """The start of the next working day's window, where a deferred row waits."""
    other = recipients[1].tz if len(recipients) > 1 else None
    return cadence.first_send_on(cadence.next_workday(day), recipients[0].tz, other)


def _release(session: Session, taken: list[Person], row: Delivery) -> None:
    claims_repo.release_day(session, person_ids=[p.id or 0 for p in taken], delivery_id=row.id or 0)
