"""The program modal's circle size through signed requests: 2.5, 1, 9 and circles with
"mentees choose" come back on the circle block and save nothing; 4 is kept, shown in the
announcement and in the edit modal; the proposal and the CLI show each mentor's circle."""

from __future__ import annotations

from dataclasses import replace

from sqlmodel import select

from bot.cli.match import proposal_lines
from bot.services.programs.proposals import PairLine, Proposal, UnmatchedLine
from handlers.programs.enrolment import blocks
from handlers.programs.rounds.blocks import (
    MESSAGE_BLOCKS,
    build_proposal_message,
    published_notice,
)
from playground.blockkit_rules import check_blocks
from playground.harness import Harness
from storage.models import Program
from tests.handlers.programs.enrolment_helpers import (
    ADMIN,
    announcement,
    create,
    last_view,
    program,
    program_values,
)


def test_a_circle_size_the_program_cannot_have_comes_back_on_its_block(h: Harness) -> None:
    today = h.clock.now().date()
    h.command(ADMIN, "/mentor", "admin program")
    modal = last_view(h)
    for values in (
        program_values(today, circle_size="2.5"),
        program_values(today, circle_size="1"),
        program_values(today, circle_size="9"),
        program_values(today, circle_size="４"),  # a full-width digit
        program_values(today, circle_size="4", mode="mentees_choose"),
    ):
        answer = h.submit(ADMIN, modal, values).json
        assert answer["response_action"] == "errors"
        assert list(answer["errors"]) == [blocks.B_CIRCLE], answer
    with h.db.begin() as session:
        assert session.exec(select(Program)).all() == []


def test_a_circles_program_is_kept_announced_and_edited_as_such(h: Harness) -> None:
    create(h, circle_size="4")
    assert program(h).circle_size == 4
    assert "meets up to 4 mentees together, as a circle" in str(announcement(h)["blocks"])
    h.command(ADMIN, "/mentor", "admin program Spring cohort")
    edit = last_view(h)
    field = next(b for b in edit["blocks"] if b.get("block_id") == blocks.B_CIRCLE)
    assert field["element"]["initial_value"] == "4"
    create(h, name="Pairs cohort")
    assert program(h, "Pairs cohort").circle_size is None


def _line(n: int, mentor: int) -> PairLine:
    """Mentor 100 has no Slack id (left Slack): their name is shown, escaped."""
    mentor_slack = f"UMENTOR{mentor}" if mentor != 100 else ""
    return PairLine(n, n, f"UMENTEE{n}", f"<b>{n}</b>", mentor, mentor_slack,
                    f"Mentor & {mentor}", 0.5, "wants python", "proposed", "round")  # fmt: skip


def test_the_proposal_and_the_cli_show_each_mentors_circle() -> None:
    pairs = tuple(_line(n, 100 + n % 8) for n in range(40))
    unmatched = tuple(UnmatchedLine(n, f"ULEFT{n}", f"left {n}", "full", "x" * 250)
                      for n in range(60))  # fmt: skip
    proposal = Proposal(1, "Circles", 7, "proposed", "optimal", 100, 8, 400, "note", pairs,
                        unmatched, circle_size=5)  # fmt: skip
    message = build_proposal_message(proposal, notice="hello")
    assert len(message["blocks"]) <= MESSAGE_BLOCKS and check_blocks(message["blocks"]) == []
    circles = next(b for b in message["blocks"] if b.get("block_id") == "round_circles")
    assert circles["text"]["text"].startswith("*8 circles of up to 5*")
    assert "<b>" not in str(message["blocks"]) and "Mentor &amp; 100" in circles["text"]["text"]
    lines = [line for line in proposal_lines(proposal) if line.startswith("circle")]
    assert len(lines) == 8 and lines[0].endswith("5 of 5 seats")


def test_a_circles_round_speaks_of_seats_not_introductions() -> None:
    seated, unsent = _line(1, 101), _line(2, 100)
    lines = (replace(seated, status="accepted"), replace(unsent, status="unsent"))
    proposal = Proposal(1, "Circles", 7, "published", "optimal", 2, 2, 2, "", lines, (),
                        circle_size=4)  # fmt: skip
    none_seated = published_notice(0, 2, 0, in_circles=True)
    text = str(build_proposal_message(proposal, notice=none_seated)["blocks"])
    assert "nobody could be seated" in text and "2 could not be seated" in text
    assert "seated in the circle" in text and "not seated: the mentor left" in text
    assert "introduction" not in text and "next best mentor" not in text
    pairs = published_notice(0, 2, 0, in_circles=False)
    assert "next best mentor" in pairs and "seated" not in pairs
