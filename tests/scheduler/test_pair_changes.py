"""What a pair changes about its messages: a pause, an end, a low pulse, a new cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import select

from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import (
    Delivery,
    Pair,
    PulseAnswer,
)
from storage.repositories import deliveries as deliveries_repo
from storage.repositories import pairs as pairs_repo
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
    person_named,
    posted,
    typed,
)


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
    helped = typed(blocks.HELPED_BLOCK, blocks.HELPED_ACTION, "Honest feedback")
    harness.submit("UMENTEE", retro, helped | typed(blocks.GOALS_BLOCK, blocks.GOALS_ACTION, "2/3"))
    click(harness, "UMENTEE", blocks.GRATITUDE_OPEN, str(pair.id))
    thanks = list(harness.emulator.views.values())[-1]
    note = typed(blocks.THANKS_BLOCK, blocks.THANKS_ACTION, "Thank you <!here>!")
    harness.submit("UMENTEE", thanks, note)
    group = next(c for c in harness.emulator.messages if c.startswith("G"))
    thanked = [m for m in harness.emulator.messages[group] if "says thank you" in m["text"]]
    assert len(thanked) == 1 and "&lt;!here&gt;" in str(thanked[0]["blocks"])


def test_low_pulse_offers_help_privately(harness: Harness) -> None:
    pair = harness_pair(harness, weekday=4)  # nudge on Thursday, so Tuesday is free
    tuesday = datetime(2026, 12, 1, 9, tzinfo=UTC)
    with harness.db.begin() as session:
        deliveries_repo.enqueue(
            session,
            kind="pulse",
            person=person_named(session, "UMENTEE"),
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
