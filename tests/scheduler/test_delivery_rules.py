"""The rules every delivery keeps, through the real app: buttons, pause, end, downtime,
expiry, Slack errors, rate limits and resends after a lost lease."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from handlers.meetings import blocks
from handlers.talk import blocks as talk_blocks
from playground.harness import Harness
from storage.models import (
    Delivery,
    IntroRequest,
    Pair,
    PreparedQuestions,
)
from storage.repositories import deliveries as deliveries_repo
from tests.scheduler.helpers import (
    FRI,
    THU,
    WED,
    WEEK,
    click,
    dm,
    harness_pair,
    kinds,
    last_id,
    last_response,
    make_pair,
    person_named,
    posted,
)


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


def test_at_most_one_scheduled_message_per_person_per_day(harness: Harness) -> None:
    pair = harness_pair(harness)
    with harness.db.begin() as session:
        mentee = person_named(session, "UMENTEE")
        stored = session.get(Pair, pair.id)
        for n in range(3):
            deliveries_repo.enqueue(
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
