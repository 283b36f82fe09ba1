"""The rules every delivery keeps, through the real app: buttons, pause, end, downtime,
expiry, Slack errors, rate limits and resends after a lost lease."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.services import scheduling as sched
from handlers.blocks import scheduler as blocks
from handlers.blocks import talk as talk_blocks
from playground.harness import Harness
from storage.models import (
    Delivery,
    IntroRequest,
    Pair,
    PreparedQuestions,
    PulseAnswer,
    ReminderPreference,
)
from storage.repositories import pairs as pairs_repo
from tests.scheduler.helpers import harness_pair, make_pair, posted

# Weekly on Thursday, both in London: nudge Wed, prompt Thu, check-ins Fri, all at 08:00 UTC.
WED, THU, FRI = (datetime(2026, 12, d, 9, tzinfo=UTC) for d in (2, 3, 4))
WEEK = timedelta(weeks=1)


def kinds(harness: Harness, since: int = 0) -> list[tuple[str, str]]:
    return [(c, k) for c, k, _ in posted(harness)[since:]]


def last_id(harness: Harness, kind: str) -> int:
    return [d for _, k, d in posted(harness) if k == kind][-1]


def dm(harness: Harness, user: str) -> str:
    return harness.emulator.dm_channel_of(user)


def click(harness: Harness, user: str, action_id: str, value: str, **kw: Any) -> None:
    harness.click(
        user, {"action_id": action_id, "value": value}, channel_id=dm(harness, user), **kw
    )


def last_response(harness: Harness) -> str:
    return str(harness.emulator.calls_to("response_url")[-1].args["text"])


def test_snooze_skips_a_week_and_checks_the_clicker(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    for at in (WED, THU, FRI):
        harness.tick(at)
    checkin = [d for c, k, d in posted(harness) if k == "checkin" and c == dm(harness, "UMENTEE")][
        0
    ]
    click(harness, "UOTHER", blocks.SNOOZE, str(checkin))
    assert last_response(harness) == "This button isn't for you, so nothing changed."
    click(harness, "UMENTEE", blocks.SNOOZE, str(checkin))
    assert last_response(harness).startswith("Snoozed")
    before = len(posted(harness))
    for at in (WED + WEEK, THU + WEEK, FRI + WEEK):
        harness.tick(at)
    # The mentee's check-in is snoozed; the mentor's still comes.
    assert kinds(harness, before) == [
        (dm(harness, "UMENTEE"), "prepare"),
        (posted(harness)[before + 1][0], "meeting_prompt"),
        (dm(harness, "UMENTOR"), "checkin"),
    ]
    before = len(posted(harness))
    harness.tick(FRI + 2 * WEEK)
    assert (dm(harness, "UMENTEE"), "checkin") in kinds(harness, before)


def test_stop_these_turns_one_kind_off(harness: Harness) -> None:
    harness_pair(harness)
    harness.tick(WED)
    click(harness, "UMENTEE", blocks.STOP, str(last_id(harness, "prepare")))
    assert "no more come-prepared nudges" in last_response(harness)
    before = len(posted(harness))
    for at in (THU, FRI, WED + WEEK, THU + WEEK):
        harness.tick(at)
    assert [k for _, k in kinds(harness, before)] == [
        "meeting_prompt",
        "checkin",
        "checkin",
        "meeting_prompt",
    ]


def test_downtime_sends_each_delivery_at_most_once(harness: Harness) -> None:
    harness_pair(harness)
    harness.tick(datetime(2026, 12, 1, 9, tzinfo=UTC))  # plans the first week
    report = harness.tick(datetime(2026, 12, 24, 9, tzinfo=UTC))  # back after three weeks
    # The stale nudge and prompt are dropped; the check-ins still make sense, once.
    assert sorted(k for _, k in kinds(harness)) == ["checkin", "checkin"]
    assert report.skipped == 2
    harness.tick(datetime(2026, 12, 24, 10, tzinfo=UTC))
    assert len(posted(harness)) == 2
    for day in (30, 31):
        harness.tick(datetime(2026, 12, day, 9, tzinfo=UTC))
    assert [k for _, k in kinds(harness, 2)] == ["prepare", "meeting_prompt"]


def test_pause_until_a_date_then_resume(harness: Harness) -> None:
    harness_pair(harness)
    harness.tick(WED)
    result = harness.command("UMENTEE", "/mentor", "pause")
    assert result.status == 200
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == blocks.PAUSE_VIEW
    too_early = {
        blocks.UNTIL_BLOCK: {
            blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": "2026-12-01"}
        }
    }
    assert harness.submit("UMENTEE", view, too_early).json["response_action"] == "errors"
    values = {
        blocks.UNTIL_BLOCK: {
            blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": "2026-12-21"}
        }
    }
    harness.submit("UMENTEE", view, values)
    with harness.db.begin() as session:
        pair = session.exec(select(Pair)).one()
        assert (pair.status, pair.paused_until) == ("paused", date(2026, 12, 21))
    before = len(posted(harness))
    day = datetime(2026, 12, 3, 9, tzinfo=UTC)
    while day < datetime(2026, 12, 21, tzinfo=UTC):
        harness.tick(day)
        day += timedelta(days=1)
    assert kinds(harness, before) == []
    for at in (
        datetime(2026, 12, 21, 9, tzinfo=UTC),
        datetime(2026, 12, 23, 9, tzinfo=UTC),
        datetime(2026, 12, 24, 9, tzinfo=UTC),
    ):
        harness.tick(at)
    assert [k for _, k in kinds(harness, before)] == ["prepare", "meeting_prompt"]


def test_end_needs_confirmation_and_closes_kindly(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    harness.tick(WED)
    click(harness, "UOTHER", blocks.END_OPEN, str(pair.id))
    assert last_response(harness) == "This button isn't for you, so nothing changed."
    click(harness, "UMENTOR", blocks.END_OPEN, str(pair.id))
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == blocks.END_VIEW
    harness.submit("UMENTOR", view, {})
    harness.submit("UMENTOR", view, {})  # a double submit changes nothing
    mentee_dm = harness.emulator.messages[dm(harness, "UMENTEE")]
    mentor_dm = harness.emulator.messages[dm(harness, "UMENTOR")]
    closing = [m for m in mentee_dm + mentor_dm if "has ended" in m["text"]]
    assert len(closing) == 2
    mentee_closing = next(m for m in mentee_dm if "has ended" in m["text"])
    assert blocks.GRATITUDE_OPEN in str(mentee_closing["blocks"])
    assert blocks.FIND_NEXT_MENTOR in str(mentee_closing["blocks"])
    with harness.db.begin() as session:
        stored = session.exec(select(Pair)).one()
        assert stored.status == "ended" and stored.ended_by_id == pair.mentor_id
        assert (
            pairs_repo.live_mentee_count(
                session, team_id=stored.team_id, mentor_id=stored.mentor_id
            )
            == 0
        )
    before = len(posted(harness))
    for at in (THU, FRI, WED + WEEK):
        harness.tick(at)
    assert kinds(harness, before) == []
    click(harness, "UMENTEE", blocks.RETRO_OPEN, str(pair.id))
    retro = list(harness.emulator.views.values())[-1]
    harness.submit(
        "UMENTEE",
        retro,
        {
            blocks.HELPED_BLOCK: {
                blocks.HELPED_ACTION: {"type": "plain_text_input", "value": "Honest feedback"}
            },
            blocks.GOALS_BLOCK: {blocks.GOALS_ACTION: {"type": "plain_text_input", "value": "2/3"}},
        },
    )
    click(harness, "UMENTEE", blocks.GRATITUDE_OPEN, str(pair.id))
    thanks = list(harness.emulator.views.values())[-1]
    harness.submit(
        "UMENTEE",
        thanks,
        {
            blocks.THANKS_BLOCK: {
                blocks.THANKS_ACTION: {"type": "plain_text_input", "value": "Thank you <!here>!"}
            }
        },
    )
    group = next(c for c in harness.emulator.messages if c.startswith("G"))
    thanked = [m for m in harness.emulator.messages[group] if "says thank you" in m["text"]]
    assert len(thanked) == 1 and "&lt;!here&gt;" in str(thanked[0]["blocks"])


def test_low_pulse_offers_help_privately(harness: Harness) -> None:
    pair = harness_pair(harness, weekday=4)  # nudge on Thursday, so Tuesday is free
    tuesday = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with harness.db.begin() as session:
        sched.enqueue(
            session,
            kind="pulse",
            person=_person(session, "UMENTEE"),
            pair=session.get(Pair, pair.id),
            key="pulse:test",
            now=tuesday,
        )
    harness.tick(tuesday)
    pulse = last_id(harness, "pulse")
    click(harness, "UMENTEE", f"{blocks.PULSE_PREFIX}2", str(pulse))
    view = list(harness.emulator.views.values())[-1]
    harness.submit(
        "UMENTEE",
        view,
        {
            blocks.NOTE_BLOCK: {
                blocks.NOTE_ACTION: {"type": "plain_text_input", "value": "We keep cancelling"}
            }
        },
    )
    offers = harness.emulator.messages[dm(harness, "UMENTEE")][-1]
    for action in (blocks.CADENCE_OPEN, blocks.PAUSE_OPEN, blocks.END_OPEN):
        assert action in str(offers["blocks"])
    assert not any(
        "keep cancelling" in str(m) for m in harness.emulator.messages[dm(harness, "UMENTOR")]
    )
    with harness.db.begin() as session:
        answer = session.exec(select(PulseAnswer)).one()
        assert (answer.score, answer.note) == (2, "We keep cancelling")


def _person(session: Any, user: str) -> Any:
    from storage.models import Person

    return session.exec(select(Person).where(Person.slack_user_id == user)).one()


def test_cadence_changes_by_command_and_button(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    harness.tick(datetime(2026, 12, 1, 9, tzinfo=UTC))
    answer = harness.command("UMENTEE", "/mentor", "cadence biweekly monday").json
    assert "every two weeks on Mondays" in answer["text"]
    click(harness, "UOTHER", f"{blocks.CADENCE_SET_PREFIX}weekly", str(pair.id))
    assert last_response(harness) == "This button isn't for you, so nothing changed."
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and (stored.cadence, stored.meeting_weekday) == ("biweekly", 0)
    before = len(posted(harness))
    day = datetime(2026, 12, 2, 9, tzinfo=UTC)
    while day < datetime(2026, 12, 22, tzinfo=UTC):
        harness.tick(day)
        day += timedelta(days=1)
    prompts = [d for _, k, d in posted(harness)[before:] if k == "meeting_prompt"]
    with harness.db.begin() as session:
        days = [session.get(Delivery, d).occurrence for d in prompts]  # type: ignore[union-attr]
    assert days == [date(2026, 12, 7), date(2026, 12, 21)]


def test_expired_intro_requests_get_a_gentle_note_once(harness: Harness) -> None:
    pair = harness_pair(harness)
    with harness.db.begin() as session:
        session.add(
            IntroRequest(
                team_id=pair.team_id,
                mentee_id=pair.mentee_id,
                mentor_id=pair.mentor_id,
                status="open",
                created_at=WED - timedelta(days=8),
                expires_at=WED - timedelta(days=1),
            )
        )
        session.add(
            IntroRequest(
                team_id=pair.team_id,
                mentee_id=pair.mentee_id,
                mentor_id=pair.mentor_id,
                status="accepted",
                created_at=WED - timedelta(days=8),
                expires_at=WED - timedelta(days=1),
            )
        )
    harness.tick(datetime(2026, 12, 1, 9, tzinfo=UTC))
    notes = [(c, k) for c, k in kinds(harness) if k == "intro_expiry"]
    assert sorted(notes) == sorted(
        [(dm(harness, "UMENTEE"), "intro_expiry"), (dm(harness, "UMENTOR"), "intro_expiry")]
    )
    harness.tick(datetime(2026, 12, 1, 10, tzinfo=UTC))
    assert len([k for _, k in kinds(harness) if k == "intro_expiry"]) == 2
    with harness.db.begin() as session:
        statuses = sorted(r.status for r in session.exec(select(IntroRequest)))
    assert statuses == ["accepted", "expired"]


@pytest.mark.parametrize(
    "error",
    ["user_not_found", "account_inactive", "channel_not_found", "cannot_dm_bot", "is_archived"],
)
def test_undeliverable_person_is_stopped_and_the_pass_goes_on(
    harness: Harness, error: str, caplog: pytest.LogCaptureFixture
) -> None:
    harness_pair(harness)
    harness_pair(harness, mentor="UMENTOR2", mentee="UMENTEE2")
    harness.emulator.fail_next(1, method="chat.postMessage", status=200, error=error)
    report = harness.tick(WED)  # two nudges due; the first post fails
    assert report.failed == 0 and report.skipped == 1 and len(report.sent) == 1
    assert "stopping their deliveries" in caplog.text
    with harness.db.begin() as session:
        stopped = session.exec(
            select(ReminderPreference).where(ReminderPreference.kind == "*")
        ).one()
        assert stopped.stopped and stopped.reason == f"slack:{error}"
    gone = stopped.person_id
    for at in (WED + WEEK, FRI + WEEK):
        harness.tick(at)
    with harness.db.begin() as session:
        to_gone = session.exec(
            select(Delivery).where(Delivery.person_id == gone, Delivery.status == "sent")
        ).all()
    assert to_gone == []


def test_rate_limit_then_server_error_then_success_sends_once(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.fail_next(1, method="chat.postMessage", status=429, retry_after=1)
    harness.emulator.fail_next(1, method="chat.postMessage", status=500)
    report = harness.tick(WED)
    assert len(report.sent) == 1 and report.failed == 0
    attempts = harness.emulator.calls_to("chat.postMessage")
    assert [c.status for c in attempts] == [429, 500, 200]
    assert len(posted(harness)) == 1


@pytest.mark.parametrize(("status", "tries"), [(500, 3), (429, 4)])
def test_exhausted_retries_leave_it_for_a_later_pass(
    harness: Harness, status: int, tries: int
) -> None:
    harness_pair(harness)
    harness_pair(harness, mentor="UMENTOR2", mentee="UMENTEE2")
    # The client tries each post `tries` times (429: three retries, 5xx: two): exhaust both.
    harness.emulator.fail_next(2 * tries, method="chat.postMessage", status=status, retry_after=0)
    report = harness.tick(WED)
    assert report.failed == 2 and report.sent == []  # both were tried; the pass finished
    assert harness.tick(WED + timedelta(minutes=5)).sent == []  # not before the retry time
    later = harness.tick(WED + timedelta(minutes=20))
    assert len(later.sent) == 2
    assert sorted(d for _, _, d in posted(harness)) == [2, 6]
    with harness.db.begin() as session:
        rows = session.exec(select(Delivery).where(Delivery.kind == "prepare")).all()
    assert [(r.status, r.attempts) for r in rows] == [("sent", 2), ("sent", 2)]


def test_a_lost_lease_is_resent_without_a_duplicate(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    harness_pair(harness)
    real_finish = sched.finish_sent

    def crash(*_a: Any, **_k: Any) -> bool:
        raise RuntimeError("process died after posting")

    monkeypatch.setattr(sched, "finish_sent", crash)
    harness.tick(WED)
    assert len(posted(harness)) == 1
    monkeypatch.setattr(sched, "finish_sent", real_finish)
    assert harness.tick(WED + timedelta(minutes=5)).sent == []  # the lease still holds
    report = harness.tick(WED + sched.LEASE + timedelta(minutes=1))
    assert len(report.sent) == 1
    assert len(posted(harness)) == 1  # found by its metadata, not posted again
    history = harness.emulator.calls_to("conversations.history")
    assert history and history[-1].args.get("include_all_metadata") in (True, "true", "1", 1)
    with harness.db.begin() as session:
        row = session.exec(select(Delivery).where(Delivery.kind == "prepare")).one()
        assert row.status == "sent" and row.attempts == 2


def test_at_most_one_scheduled_message_per_person_per_day(harness: Harness) -> None:
    pair = harness_pair(harness)
    with harness.db.begin() as session:
        mentee = _person(session, "UMENTEE")
        stored = session.get(Pair, pair.id)
        for n in range(3):
            sched.enqueue(
                session, kind="gratitude", person=mentee, pair=stored, key=f"g{n}", now=WED
            )
    harness.tick(WED)  # the nudge and three gratitude reminders are all due
    assert [k for _, k in kinds(harness)] == ["prepare"]
    harness.tick(THU)  # the pair prompt counts for the mentee too
    harness.tick(datetime(2026, 12, 7, 9, tzinfo=UTC))  # Friday's check-ins come first
    harness.tick(datetime(2026, 12, 8, 9, tzinfo=UTC))
    harness.tick(datetime(2026, 12, 9, 9, tzinfo=UTC))  # a gratitude gives way to the nudge
    assert [k for _, k in kinds(harness)] == [
        "prepare",
        "meeting_prompt",
        "checkin",
        "checkin",
        "gratitude",
        "prepare",
    ]


def test_repository_pairs_are_planned_only_once(harness: Harness) -> None:
    make_pair(harness.db, WED)
    for _ in range(3):
        harness.tick(WED)
    with harness.db.begin() as session:
        assert (
            len(session.exec(select(Delivery).where(Delivery.kind == "meeting_prompt")).all()) == 1
        )


def test_three_unanswered_ask_once_then_hold_until_answered(harness: Harness) -> None:
    harness_pair(harness)
    harness.emulator.add_user("UOTHER", name="other")
    mentor_dm = dm(harness, "UMENTOR")
    day = datetime(2026, 12, 1, 9, tzinfo=UTC)
    seen: list[tuple[date, str]] = []
    while day < datetime(2027, 1, 16, tzinfo=UTC):
        before = len(posted(harness))
        harness.tick(day)
        seen += [(day.date(), k) for c, k in kinds(harness, before) if c == mentor_dm]
        if day.date() == date(2027, 1, 1):
            ask = [d for c, k, d in posted(harness) if k == "adapt_ask" and c == mentor_dm][-1]
            click(harness, "UOTHER", blocks.ADAPT_KEEP, str(ask))
            assert last_response(harness) == "This button isn't for you, so nothing changed."
            click(harness, "UMENTOR", blocks.ADAPT_KEEP, str(ask))
        day += timedelta(days=1)
    assert seen == [
        (date(2026, 12, 4), "checkin"),
        (date(2026, 12, 11), "checkin"),
        (date(2026, 12, 18), "checkin"),
        (date(2026, 12, 25), "adapt_ask"),  # asked once; 1 Jan's check-in is held silently
        (date(2027, 1, 5), "pulse"),
        (date(2027, 1, 8), "checkin"),  # answered "keep them coming": they come again
        (date(2027, 1, 15), "checkin"),
    ]


def test_an_archived_group_dm_skips_the_prompt_and_the_pass_goes_on(harness: Harness) -> None:
    pair = harness_pair(harness)
    harness.emulator.add_channel(
        "GOLD", name="mpdm-old", members=["UMENTOR", "UMENTEE", "U0BOT"], is_archived=True
    )
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.group_channel_id = "GOLD"
        session.add(stored)
    for at in (datetime(2026, 12, 1, 9, tzinfo=UTC), WED):
        harness.tick(at)
    report = harness.tick(THU)
    assert report.skipped == 1 and report.failed == 0
    with harness.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.group_channel_id is None  # reopened next time
    before = len(posted(harness))
    for days in range(1, 8):  # passes run all the time; here, once a day
        harness.tick(THU + timedelta(days=days))
    prompts = [c for c, k in kinds(harness, before) if k == "meeting_prompt"]
    assert len(prompts) == 1 and prompts[0] != "GOLD"  # a fresh group DM


def test_mentor_checkin_logs_a_meeting_any_time(harness: Harness) -> None:
    harness.emulator.add_user("ULONER", name="loner")
    assert (
        "don't have an active mentoring pair"
        in harness.command("ULONER", "/mentor", "checkin").json["text"]
    )
    pair = harness_pair(harness)
    harness.command("UMENTOR", "/mentor", "checkin")
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == blocks.CHECKIN_VIEW
    missing = harness.submit("UMENTOR", view, {})
    assert missing.json["response_action"] == "errors"
    harness.submit(
        "UMENTOR",
        view,
        {
            blocks.USEFULNESS_BLOCK: {
                blocks.USEFULNESS_ACTION: {
                    "type": "static_select",
                    "selected_option": {"value": "3"},
                }
            },
        },
    )
    with harness.db.begin() as session:
        from storage.models import Meeting

        meeting = session.exec(select(Meeting)).one()
    assert (meeting.pair_id, meeting.source, meeting.usefulness) == (pair.id, "manual", 3)
    assert meeting.held_on == date(2026, 12, 1)


def test_a_dm_without_an_open_nudge_is_left_alone(harness: Harness) -> None:
    harness_pair(harness)
    harness.say("UMENTEE", "hello there")
    # Not taken as questions for a meeting: nothing goes to the pair or the mentor; the
    # mentee alone gets the bot's short help (issue 16).
    posted = harness.emulator.ok_calls_to("chat.postMessage")
    assert [(c.args["channel"], c.args["text"]) for c in posted] == [
        (harness.emulator.dm_channel_of("UMENTEE"), talk_blocks.HELP_TEXT)
    ]
    with harness.db.begin() as session:
        assert session.exec(select(PreparedQuestions)).all() == []
