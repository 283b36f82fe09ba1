"""A program's term through the real app: the midpoint survey and the close-out reach each of a
pair in their DM on the right day under the rules every delivery keeps, Answer opens the form
for its recipient only, the close-out's thanks reaches the mentor, "end gracefully" ends the
pair; and a pair gone quiet is nudged, then ended kindly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from bot.services.calendar import agreement
from handlers.meetings.blocks.programs_checkpoints import CHECKPOINT_ANSWER, QUIET_FINE
from handlers.programs.checkpoints import blocks
from playground.harness import Harness
from storage.models import Delivery, Pair, Person, ProgramCheckpoint, ReminderPreference
from storage.models.deliveries import (
    EVERY_KIND,
    PROGRAM_CLOSEOUT,
    PROGRAM_MIDPOINT,
    PROGRAM_QUIET,
)
from storage.repositories import delivery_claims as claims_repo
from tests.scheduler.helpers import posted
from tests.services.programs.term_fixtures import (
    MIDDLE,
    START,
    TERM_END,
    new_program,
    program_pair,
    skill_gaps,
)

MENTOR, MENTEE, OTHER = "UMENTOR", "UMENTEE", "UOTHER"
ON_MIDDLE_DAY = datetime(2026, 12, 30, 9, tzinfo=UTC)
ON_LAST_DAY = datetime(2027, 1, 28, 9, tzinfo=UTC)


@pytest.fixture
def h(sqlite_url: str) -> Iterator[Harness]:
    with Harness(sqlite_url, start=START) as running:
        for user in (MENTOR, MENTEE, OTHER):
            running.emulator.add_user(user, name=user.lower(), tz="Europe/London")
        yield running


def _program_pair(h: Harness) -> Pair:
    program = new_program(h.db, name="Spring <cohort>")
    pair = program_pair(h.db, program)
    with h.db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        skill_gaps(session, mentee, ["python", "sql"])
        session.add(Person(team_id=pair.team_id, slack_user_id=OTHER, created_at=START))
    return pair


def _sent(h: Harness, kind: str) -> list[tuple[str, str, int]]:
    return [p for p in posted(h) if p[1] == kind]


def _message(h: Harness, delivery_id: int) -> tuple[str, dict[str, Any]]:
    with h.db.begin() as session:
        row = session.get(Delivery, delivery_id)
        assert row is not None and row.channel_id and row.message_ts
        channel, ts = row.channel_id, row.message_ts
    return channel, next(m for m in h.emulator.messages[channel] if m["ts"] == ts)


def _press(h: Harness, user: str, delivery_id: int, action_id: str) -> None:
    channel, message = _message(h, delivery_id)
    button = next(
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    h.click(user, button, channel_id=channel, message=message)


def _delivery_of(h: Harness, kind: str, user: str) -> int:
    with h.db.begin() as session:
        person = session.exec(select(Person).where(Person.slack_user_id == user)).one()
        row = session.exec(
            select(Delivery).where(Delivery.kind == kind, Delivery.person_id == person.id)
        ).one()
        return row.id or 0


def _choice(block: str, action: str, value: str) -> dict[str, Any]:
    return {block: {action: {"type": "radio_buttons", "selected_option": {"value": value}}}}


def _text(block: str, action: str, value: str) -> dict[str, Any]:
    return {block: {action: {"type": "plain_text_input", "value": value}}}


def _ticked(block: str, action: str, *values: str) -> dict[str, Any]:
    options = [{"value": v} for v in values]
    return {block: {action: {"type": "checkboxes", "selected_options": options}}}


def test_the_midpoint_reaches_both_on_the_middle_day_and_is_answered(h: Harness) -> None:
    pair = _program_pair(h)
    h.tick(ON_MIDDLE_DAY - timedelta(days=1))
    assert _sent(h, PROGRAM_MIDPOINT) == []
    h.tick(ON_MIDDLE_DAY)
    sent = _sent(h, PROGRAM_MIDPOINT)
    assert {channel for channel, _, _ in sent} == {
        h.emulator.dm_channel_of(MENTOR),
        h.emulator.dm_channel_of(MENTEE),
    }
    h.tick(ON_MIDDLE_DAY + timedelta(hours=2))
    assert len(_sent(h, PROGRAM_MIDPOINT)) == 2  # once each
    mine = _delivery_of(h, PROGRAM_MIDPOINT, MENTEE)
    _, message = _message(h, mine)
    assert "Spring &lt;cohort&gt;" in message["text"] and "totals about 5" in json.dumps(message)

    _press(h, MENTOR, mine, CHECKPOINT_ANSWER)  # the mentor presses the mentee's button
    assert h.emulator.ok_calls_to("views.open") == []
    _press(h, MENTEE, mine, CHECKPOINT_ANSWER)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    assert modal["callback_id"] == blocks.MIDPOINT_VIEW
    values = {
        **_choice(blocks.QUALITY_BLOCK, blocks.QUALITY_ACTION, "4"),
        **_choice(blocks.ON_TRACK_BLOCK, blocks.ON_TRACK_ACTION, "partly"),
        **_text(blocks.NOTE_BLOCK, blocks.NOTE_ACTION, "More structure, please"),
        **_ticked(blocks.NAMED_BLOCK, blocks.NAMED_ACTION, blocks.NAMED),
    }
    assert h.submit(MENTOR, modal, values).status == 200  # someone else's form: refused
    with h.db.begin() as session:
        assert session.exec(select(ProgramCheckpoint)).all() == []
    h.submit(MENTEE, modal, values)
    h.submit(MENTEE, modal, values)  # a double click
    with h.db.begin() as session:
        saved = session.exec(select(ProgramCheckpoint)).one()
        assert (saved.quality, saved.on_track, saved.named) == (4, "partly", True)
        assert saved.note == "More structure, please" and saved.pair_id == pair.id
        row = session.get(Delivery, mine)
        assert row is not None and row.answered_at is not None
    _, replaced = _message(h, mine)
    assert "is saved" in replaced["text"] and CHECKPOINT_ANSWER not in json.dumps(replaced)


def test_a_required_choice_left_out_sends_the_form_back(h: Harness) -> None:
    _program_pair(h)
    h.tick(ON_MIDDLE_DAY)
    mine = _delivery_of(h, PROGRAM_MIDPOINT, MENTEE)
    _press(h, MENTEE, mine, CHECKPOINT_ANSWER)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    forged = _choice(blocks.ON_TRACK_BLOCK, blocks.ON_TRACK_ACTION, "sure")
    answer = h.submit(MENTEE, modal, forged).json
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == {blocks.QUALITY_BLOCK, blocks.ON_TRACK_BLOCK}


def test_one_message_a_day_and_a_snooze_hold_the_midpoint_back(h: Harness) -> None:
    pair = _program_pair(h)
    with h.db.begin() as session:
        session.add(
            ReminderPreference(
                team_id=pair.team_id, person_id=pair.mentor_id, kind=EVERY_KIND,
                snoozed_until=datetime(2027, 1, 6, 8, tzinfo=UTC), updated_at=START,
            )
        )  # fmt: skip
    h.tick(ON_MIDDLE_DAY - timedelta(days=1))  # plans them
    with h.db.begin() as session:  # the mentee already had their one message of that day
        claims_repo.reserve_day(
            session, team_id=pair.team_id, person_id=pair.mentee_id, day=MIDDLE, delivery_id=1
        )
    h.tick(ON_MIDDLE_DAY)
    assert _sent(h, PROGRAM_MIDPOINT) == []
    h.tick(ON_MIDDLE_DAY + timedelta(days=1))
    assert [c for c, _, _ in _sent(h, PROGRAM_MIDPOINT)] == [h.emulator.dm_channel_of(MENTEE)]
    h.tick(datetime(2027, 1, 5, 9, tzinfo=UTC))
    assert len(_sent(h, PROGRAM_MIDPOINT)) == 1  # snoozed until Wednesday
    h.tick(datetime(2027, 1, 6, 9, tzinfo=UTC))
    assert len(_sent(h, PROGRAM_MIDPOINT)) == 2


def _to_the_last_day(h: Harness) -> None:
    """The first pass plans the pair's pulse for its day (it has been five weeks), the next
    pass is on the term's last day."""
    h.tick(ON_LAST_DAY - timedelta(days=1))
    assert _sent(h, PROGRAM_CLOSEOUT) == []
    h.tick(ON_LAST_DAY)


def _close_out(h: Harness, user: str, values: dict[str, Any]) -> None:
    mine = _delivery_of(h, PROGRAM_CLOSEOUT, user)
    _press(h, user, mine, CHECKPOINT_ANSWER)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    assert modal["callback_id"] == blocks.CLOSEOUT_VIEW
    h.submit(user, modal, values)


def _closeout_values(next_step: str, thanks: str = "") -> dict[str, Any]:
    return {
        **_choice(blocks.PROGRESS_BLOCK, blocks.PROGRESS_ACTION, "most"),
        **_ticked(blocks.GAPS_BLOCK, blocks.GAPS_ACTION, "python"),
        **_choice(blocks.RECOMMEND_BLOCK, blocks.RECOMMEND_ACTION, "yes"),
        **_text(blocks.THANKS_BLOCK, blocks.THANKS_ACTION, thanks),
        **_choice(blocks.NEXT_BLOCK, blocks.NEXT_ACTION, next_step),
    }


def test_the_close_out_thanks_the_mentor_and_ends_gracefully(h: Harness) -> None:
    pair = _program_pair(h)
    _to_the_last_day(h)
    assert len(_sent(h, PROGRAM_CLOSEOUT)) == 2
    thanks = "Thank you <!channel> for *everything*"
    _close_out(h, MENTEE, _closeout_values("end", thanks))
    mentor_dm = h.emulator.messages[h.emulator.dm_channel_of(MENTOR)]
    thanked = [m for m in mentor_dm if "sent you a thank-you" in m["text"]]
    assert len(thanked) == 1
    shown = json.dumps(thanked[0]["blocks"])
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert any("has ended" in m["text"] for m in mentor_dm)
    mentee_dm = h.emulator.messages[h.emulator.dm_channel_of(MENTEE)]
    assert any("has ended" in m["text"] for m in mentee_dm)
    with h.db.begin() as session:
        ended = session.get(Pair, pair.id)
        assert ended is not None and ended.status == "ended"
        saved = session.exec(select(ProgramCheckpoint)).one()
        assert json.loads(saved.gaps_closed) == ["python"]
        assert json.loads(saved.gaps_open) == ["sql"]
        assert (saved.next_step, saved.thanks) == ("end", thanks)


def test_going_on_keeps_the_pair(h: Harness) -> None:
    pair = _program_pair(h)
    _to_the_last_day(h)
    _close_out(h, MENTOR, _closeout_values("continue"))
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.status == "active"
        assert session.exec(select(ProgramCheckpoint)).one().role == "mentor"
    _, replaced = _message(h, _delivery_of(h, PROGRAM_CLOSEOUT, MENTOR))
    assert "go on after the program" in json.dumps(replaced)
    assert TERM_END == ON_LAST_DAY.date()


QUIET_DAY = datetime(2027, 1, 13, 9, tzinfo=UTC)  # a Wednesday


def _quiet(h: Harness) -> Pair:
    """A program pair that started 60 days before QUIET_DAY and never met; the day before,
    a first pass sent what was due (its pulse)."""
    pair = _program_pair(h)
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None
        stored.started_at = QUIET_DAY - timedelta(days=60)
        session.add(stored)
    h.tick(QUIET_DAY - timedelta(days=1))
    assert _sent(h, PROGRAM_QUIET) == []
    return pair


def test_a_quiet_pair_is_nudged_and_we_are_fine_keeps_it(h: Harness) -> None:
    pair = _quiet(h)
    h.tick(QUIET_DAY + timedelta(hours=1))
    nudges = _sent(h, PROGRAM_QUIET)
    assert len(nudges) == 2
    mine = _delivery_of(h, PROGRAM_QUIET, MENTOR)
    _press(h, MENTEE, mine, QUIET_FINE)  # not the mentee's nudge
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.last_activity_at is None
    _press(h, MENTOR, mine, QUIET_FINE)
    h.tick(QUIET_DAY + timedelta(days=8))
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.status == "active"
        assert stored.last_activity_at is not None


def test_a_quiet_pair_left_silent_is_ended_kindly(h: Harness) -> None:
    pair = _quiet(h)
    h.tick(QUIET_DAY + timedelta(hours=1))
    assert len(_sent(h, PROGRAM_QUIET)) == 2
    h.tick(QUIET_DAY + timedelta(days=7))
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.status == "active"  # 7 days after 10:00 is 10:00
    h.tick(QUIET_DAY + timedelta(days=7, hours=1))
    with h.db.begin() as session:
        stored = session.get(Pair, pair.id)
        assert stored is not None and stored.status == "ended" and stored.ended_by_id is None
        open_rows = session.exec(
            select(Delivery).where(
                Delivery.pair_id == pair.id, col(Delivery.status).in_(("pending", "claimed"))
            )
        ).all()
        assert open_rows == []
    for user in (MENTOR, MENTEE):
        dm = h.emulator.messages[h.emulator.dm_channel_of(user)]
        assert sum("had been quiet for a while" in m["text"] for m in dm) == 1


def _agree_a_time(h: Harness, pair: Pair) -> None:
    with h.db.begin() as session:
        mentee = session.get(Person, pair.mentee_id)
        assert mentee is not None
        picked = agreement.pick(
            session,
            team_id=pair.team_id,
            pair_id=pair.id or 0,
            person=mentee,
            start=datetime(2026, 12, 7, 10, tzinfo=UTC),
            expected_sequence=-1,  # none agreed yet
            now=START,
        )
        assert picked.time is not None


def _cancels(h: Harness) -> list[str]:
    return [
        f["channel_id"]
        for f in h.emulator.files
        if f["filename"] == "mentoring.ics" and b"METHOD:CANCEL" in f["content"]
    ]


def test_ending_at_the_close_out_cancels_the_agreed_meetings(h: Harness) -> None:
    pair = _program_pair(h)
    _agree_a_time(h, pair)
    _to_the_last_day(h)
    _close_out(h, MENTEE, _closeout_values("end"))
    assert sorted(_cancels(h)) == sorted(
        [h.emulator.dm_channel_of(MENTOR), h.emulator.dm_channel_of(MENTEE)]
    )


def test_a_quiet_pair_ended_has_its_agreed_meetings_cancelled(h: Harness) -> None:
    pair = _quiet(h)
    _agree_a_time(h, pair)
    h.tick(QUIET_DAY + timedelta(hours=1))
    h.tick(QUIET_DAY + timedelta(days=7, hours=1))
    assert len(_cancels(h)) == 2
