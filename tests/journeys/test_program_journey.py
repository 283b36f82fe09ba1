"""A program's whole term through signed requests, as its people meet it: the admin creates it in
the modal, six mentees and three mentors join from the channel announcement (the mentees through
their reflection in the DM), enrolment closes and a pass matches the cohort, the admin publishes
the proposal, the mentors accept, the clock moves to the term's midpoint and its end, everyone
answers, and the admin's report shows the figures it may (three mentors: hidden)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from handlers.introductions.blocks import INTRO_ACCEPT
from handlers.meetings.blocks.programs_checkpoints import CHECKPOINT_ANSWER
from handlers.programs.checkpoints import blocks as checkpoint_blocks
from handlers.programs.enrolment import blocks as enrol_blocks
from handlers.programs.rounds import blocks as round_blocks
from handlers.reflection import blocks as reflection_blocks
from handlers.reflection import forms as reflection_forms
from playground.harness import Harness
from storage.models import Pair, Program, ProgramCheckpoint, ProgramEnrolment
from tests.handlers.find_mentor_helpers import save_profile
from tests.handlers.programs.enrolment_helpers import (
    CHANNEL,
    click_join,
    last_view,
    program_values,
)

ADMIN = "UPADMIN"
MENTEES = [f"UMENTEE{i}" for i in range(6)]
MENTORS = [f"UMENTOR{i}" for i in range(3)]
MONDAY = datetime(2026, 12, 7, 9, tzinfo=UTC)
CLOSES, STARTS, ENDS = 7, 9, 65  # days after MONDAY: a term of eight weeks


@pytest.fixture
def h(harness: Harness) -> Iterator[Harness]:
    harness.clock.set(MONDAY)
    e = harness.emulator
    e.add_user(ADMIN, name="ada", real_name="Ada Admin", tz="Europe/London", is_admin=True)
    for user in MENTEES + MENTORS:
        e.add_user(user, name=user.lower(), real_name=user.title(), tz="Europe/London")
    e.add_channel(CHANNEL, name="mentoring", members=[ADMIN, *MENTEES, *MENTORS, e.bot_user_id])
    for user in (ADMIN, *MENTEES, *MENTORS):
        harness.event({"type": "app_home_opened", "user": user, "tab": "home"})
    yield harness


def _dm(h: Harness, user: str) -> list[dict[str, Any]]:
    return list(h.emulator.messages.get(h.emulator.dm_channel_of(user), []))


def _button(message: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return dict(element)
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == action_id:
            return dict(accessory)
    return None


def _click_in_dm(h: Harness, user: str, action_id: str) -> None:
    """`user` presses `action_id` on the newest message in their DM that has it."""
    channel = h.emulator.dm_channel_of(user)
    for message in reversed(_dm(h, user)):
        button = _button(message, action_id)
        if button is not None:
            result = h.click(user, button, channel_id=channel, message=message)
            assert result.status == 200
            return
    raise AssertionError(f"no {action_id} in {user}'s DM")


def _accept_all(h: Harness, user: str) -> int:
    """`user` accepts every introduction still open in their DM; how many."""
    channel, count = h.emulator.dm_channel_of(user), 0
    for message in _dm(h, user):
        button = _button(message, INTRO_ACCEPT)
        if button is not None:
            assert h.click(user, button, channel_id=channel, message=message).status == 200
            count += 1
    return count


def _reflect_in_dm(h: Harness, user: str, skill: str) -> None:
    """The reflection Join as mentee started in the DM, answered to the end with one gap."""
    assert "Strengths" in _dm(h, user)[-1]["text"]
    for answer in ("I explain things well", "I rush", "lead a team", "too many meetings"):
        h.say(user, answer)
    h.say(user, "run our sprint planning on my own")
    h.say(user, "by March, three sprints in a row")
    _click_in_dm(h, user, reflection_blocks.ACTION_ACCEPT)
    _click_in_dm(h, user, reflection_blocks.ACTION_GOALS_DONE)
    _click_in_dm(h, user, reflection_blocks.ACTION_CHOOSE_SKILLS)
    skills = {
        reflection_forms.SKILLS_SELECT_BLOCK: {
            reflection_forms.SKILLS_SELECT_ACTION: {
                "type": "multi_static_select",
                "selected_options": [{"value": skill}],
            }
        }
    }
    assert h.submit(user, last_view(h), skills).status == 200


def _enrol(h: Harness) -> None:
    h.command(ADMIN, "/mentor", "admin program")
    values = program_values(MONDAY.date(), closes=CLOSES, starts=STARTS, ends=ENDS)
    assert h.submit(ADMIN, last_view(h), values).status == 200
    for mentor in MENTORS:
        save_profile(h, mentor, ["python", "sql"])
        click_join(h, mentor, enrol_blocks.JOIN_MENTOR)
    for i, mentee in enumerate(MENTEES):
        click_join(h, mentee, enrol_blocks.JOIN_MENTEE)
        _reflect_in_dm(h, mentee, "python" if i % 2 else "sql")
    with h.db.begin() as session:
        roles = sorted(r.role for r in session.exec(select(ProgramEnrolment)).all())
    assert roles == ["mentee"] * 6 + ["mentor"] * 3


def _tick_days(h: Harness, days: int) -> list[str]:
    """A pass every working hour of the next `days` days; what they sent."""
    sent: list[str] = []
    start = h.clock.now().replace(hour=8, minute=0)
    for day in range(1, days + 1):
        for hour in (0, 2, 4, 6, 8):
            sent += h.tick(start + timedelta(days=day, hours=hour)).sent
    return sent


def _answer_checkpoint(h: Harness, user: str, values: dict[str, Any]) -> None:
    _click_in_dm(h, user, CHECKPOINT_ANSWER)
    assert h.submit(user, last_view(h), values).status == 200


def _choice(block: str, action: str, value: str) -> dict[str, Any]:
    return {block: {action: {"type": "radio_buttons", "selected_option": {"value": value}}}}


MIDPOINT = {
    **_choice(checkpoint_blocks.QUALITY_BLOCK, checkpoint_blocks.QUALITY_ACTION, "4"),
    **_choice(checkpoint_blocks.ON_TRACK_BLOCK, checkpoint_blocks.ON_TRACK_ACTION, "yes"),
    checkpoint_blocks.NOTE_BLOCK: {
        checkpoint_blocks.NOTE_ACTION: {"type": "plain_text_input", "value": "a private note"}
    },
}
CLOSEOUT = {
    **_choice(checkpoint_blocks.PROGRESS_BLOCK, checkpoint_blocks.PROGRESS_ACTION, "most"),
    **_choice(checkpoint_blocks.RECOMMEND_BLOCK, checkpoint_blocks.RECOMMEND_ACTION, "yes"),
    **_choice(checkpoint_blocks.NEXT_BLOCK, checkpoint_blocks.NEXT_ACTION, "end"),
}


def test_a_program_from_enrolment_to_its_report(h: Harness) -> None:
    _enrol(h)

    # Enrolment closes: a pass matches the cohort and the admin gets the proposal in the DM.
    sent = _tick_days(h, CLOSES + 1)
    assert any("program_proposal" in line for line in sent)
    proposal = next(m for m in reversed(_dm(h, ADMIN)) if _button(m, round_blocks.PUBLISH_ACTION))
    assert "Matched 6 of 6 mentees" in json.dumps(proposal["blocks"])
    _click_in_dm(h, ADMIN, round_blocks.PUBLISH_ACTION)

    # Each mentor gets the introductions in their working hours, one a day, and accepts them.
    accepted = 0
    for _ in range(5):
        _tick_days(h, 1)
        for mentor in MENTORS:
            accepted += _accept_all(h, mentor)
    assert accepted == 6
    with h.db.begin() as session:
        program = session.exec(select(Program)).one()
        pairs = session.exec(select(Pair).where(Pair.program_id == program.id)).all()
        assert len(pairs) == 6 and {p.status for p in pairs} == {"active"}
        mid = program.term_starts_on + (program.term_ends_on - program.term_starts_on) / 2

    # The midpoint: everyone gets the survey privately and answers it.
    days_to_mid = (mid - h.clock.now().date()).days + 1
    sent = _tick_days(h, days_to_mid)
    assert sum("program_midpoint" in line for line in sent) == 12
    for user in MENTEES + MENTORS:
        for _ in range(1 if user in MENTEES else 2):
            _answer_checkpoint(h, user, MIDPOINT)

    # The term's last day: the close-out; everyone ends gracefully.
    with h.db.begin() as session:
        last_day = session.exec(select(Program)).one().term_ends_on
    sent = _tick_days(h, (last_day - h.clock.now().date()).days + 1)
    assert sum("program_closeout" in line for line in sent) == 12
    for mentee in MENTEES:
        _answer_checkpoint(h, mentee, CLOSEOUT)
    with h.db.begin() as session:
        answers = session.exec(select(ProgramCheckpoint)).all()
        assert sorted({a.kind for a in answers}) == ["closeout", "midpoint"]
        assert {p.status for p in session.exec(select(Pair)).all()} == {"ended"}
        assert session.exec(select(Program)).one().status == "closed"

    # The report: twelve midpoint answers shown, three mentors hidden, no typed note anywhere.
    h.command(ADMIN, "/mentor", "admin program report Spring cohort")
    report = h.emulator.calls_to("response_url")[-1].args
    shown = json.dumps(report["blocks"])
    assert "*Mentees enrolled:* 6" in shown and "*Match rate:* 100%" in shown
    assert "*Mentors enrolled:* hidden (too few people)" in shown
    assert "*Answers:* 12" in shown and "On track 12" in shown
    assert "a private note" not in shown
    files = {f["filename"]: f for f in h.emulator.files}
    assert b"a private note" not in files["program-report.csv"]["content"]
