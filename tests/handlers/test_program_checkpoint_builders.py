"""The term's builders: the checkpoints' messages and forms, the quiet nudge and its goodbye
are valid Block Kit at their limits, and what people or admins typed never pings or formats."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.services.programs.checkpoints import Ask, Gap
from handlers.meetings.blocks import CHECKIN_OPEN, PAUSE_OPEN, DeliveryContext
from handlers.meetings.blocks.programs_checkpoints import (
    CHECKPOINT_ANSWER,
    QUIET_FINE,
    TOTALS_ONLY,
    WHO_SEES,
    build_closeout_message,
    build_midpoint_message,
    build_quiet_closing_message,
    build_quiet_message,
)
from handlers.programs.checkpoints import blocks
from playground.blockkit_rules import check_blocks, check_view
from storage.models import ProgramCheckpoint

HOSTILE = (
    "<!channel> *Admin notice* <@U123> <https://evil.example|click> &amp; \u202e" + "x" * 10_000
)


def _ctx(kind: str, recipient: str = "UE", program: str = "Spring cohort") -> DeliveryContext:
    return DeliveryContext(
        kind=kind, delivery_id=42, pair_id=7, mentor_user="UM", mentee_user="UE",
        recipient_user=recipient, program_name=program,
    )  # fmt: skip


def _texts(node: Any) -> str:
    return json.dumps(node, ensure_ascii=False)


def _action_ids(message: dict[str, Any]) -> list[str]:
    return [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


@pytest.mark.parametrize("build", [build_midpoint_message, build_closeout_message])
@pytest.mark.parametrize("recipient", ["UE", "UM"])
def test_a_checkpoint_says_which_program_why_and_who_sees_what(build: Any, recipient: str) -> None:
    message = build(_ctx("program_midpoint", recipient))
    assert message["text"] and check_blocks(message["blocks"]) == []
    shown = _texts(message)
    assert "*Spring cohort*" in shown and TOTALS_ONLY in shown
    other = "UM" if recipient == "UE" else "UE"
    assert f"<@{other}>" in message["text"]
    assert _action_ids(message) == [CHECKPOINT_ANSWER]
    assert message["blocks"][1]["elements"][0]["value"] == "42"


def test_the_close_out_tells_a_mentee_about_gaps_and_thanks_and_a_mentor_not() -> None:
    assert "thank-you" in _texts(build_closeout_message(_ctx("program_closeout", "UE")))
    assert "thank-you" not in _texts(build_closeout_message(_ctx("program_closeout", "UM")))


@pytest.mark.parametrize(
    "build", [build_midpoint_message, build_closeout_message, build_quiet_message]
)
def test_an_admins_hostile_program_name_is_escaped_and_clipped(build: Any) -> None:
    message = build(_ctx("program_midpoint", program=HOSTILE))
    assert check_blocks(message["blocks"]) == []
    assert len(message["text"]) < 400
    shown = _texts(message)
    assert "<!channel>" not in shown and "<@U123>" not in shown and "<https://evil" not in shown
    assert "\u202e" not in shown


def test_the_quiet_nudge_offers_a_meeting_all_is_well_and_a_pause() -> None:
    message = build_quiet_message(_ctx("program_quiet"))
    assert check_blocks(message["blocks"]) == []
    assert _action_ids(message) == [CHECKIN_OPEN, QUIET_FINE, PAUSE_OPEN]
    assert "7 days" in _texts(message) and "<@UM>" in message["text"]


@pytest.mark.parametrize("is_mentee", [True, False])
def test_the_quiet_goodbye_is_kind_and_offers_what_comes_next(is_mentee: bool) -> None:
    message = build_quiet_closing_message("UM", HOSTILE, is_mentee=is_mentee, pair_id=7)
    assert message["text"] and check_blocks(message["blocks"]) == []
    assert "Thank you" in message["text"] and "<!channel>" not in _texts(message)
    assert ("Send thanks" in _texts(message)) is is_mentee


def _ask(checkpoint: str, role: str = "mentee", **kw: Any) -> Ask:
    values: dict[str, Any] = {
        "delivery_id": 42, "checkpoint": checkpoint, "program_name": HOSTILE, "role": role,
        "other_user": "UM", "gaps": (), "answer": None,
    }  # fmt: skip
    return Ask(**{**values, **kw})


def test_the_midpoint_form_is_valid_and_fills_in_an_earlier_answer() -> None:
    before = ProgramCheckpoint(
        team_id="T", program_id=1, person_id=1, kind="midpoint", role="mentee", quality=3,
        on_track="no", note=HOSTILE, named=True, created_at=datetime(2026, 12, 1, tzinfo=UTC),
    )  # fmt: skip
    view = blocks.build_midpoint_view(_ask("midpoint", answer=before), opener="UE")
    assert check_view(view, expected_type="modal") == []
    meta = json.loads(view["private_metadata"])
    assert meta["delivery"] == 42 and meta["by"] == "UE"
    by_block = {b.get("block_id"): b for b in view["blocks"]}
    assert by_block[blocks.QUALITY_BLOCK]["element"]["initial_option"]["value"] == "3"
    assert by_block[blocks.NAMED_BLOCK]["element"]["initial_options"][0]["value"] == "named"
    assert "<!channel>" not in _texts(view["blocks"][0])


def test_the_close_out_form_asks_a_mentee_about_every_gap_within_the_limits() -> None:
    gaps = tuple(Gap(f"k{n}", "Very long skill " + "y" * 200) for n in range(10))
    view = blocks.build_closeout_view(_ask("closeout", gaps=gaps))
    assert check_view(view, expected_type="modal") == []
    ids = [b.get("block_id") for b in view["blocks"]]
    assert blocks.GAPS_BLOCK in ids and blocks.THANKS_BLOCK in ids
    mentor_view = blocks.build_closeout_view(_ask("closeout", role="mentor", gaps=gaps))
    mentor_ids = [b.get("block_id") for b in mentor_view["blocks"]]
    assert blocks.GAPS_BLOCK not in mentor_ids and blocks.THANKS_BLOCK not in mentor_ids
    assert blocks.NEXT_BLOCK in mentor_ids


def test_the_thanks_reaches_the_mentor_escaped_and_within_limits() -> None:
    message = blocks.build_closeout_thanks_message("UE", "Spring", HOSTILE + "\nline two")
    assert check_blocks(message["blocks"]) == []
    shown = _texts(message)
    assert "&lt;!channel&gt;" in shown and "<!channel>" not in shown
    assert "\u202e" not in shown and "*Admin notice*" not in shown


def test_who_sees_what_matches_what_each_checkpoint_asks() -> None:
    # Only the midpoint has a note and a name box; the close-out's thank-you goes to the mentor.
    assert WHO_SEES in _texts(build_midpoint_message(_ctx("program_midpoint")))
    for recipient in ("UE", "UM"):
        closeout = _texts(build_closeout_message(_ctx("program_closeout", recipient)))
        assert "tick the box" not in closeout
        assert ("thank-you you write goes to your mentor" in closeout) is (recipient == "UE")
    form = _texts(blocks.build_closeout_view(_ask("closeout")))
    assert "Only you see" not in form and "tick the box" not in form
    assert "(optional; we pass" not in form


def test_a_saved_midpoint_does_not_promise_only_you_see_it() -> None:
    # Its note reaches the program team, so the thanks says who sees what instead.
    saved = _texts(blocks.build_checkpoint_saved_message("midpoint", "Spring cohort"))
    assert "Only you see" not in saved and WHO_SEES in saved
    midpoint_form = _texts(blocks.build_midpoint_view(_ask("midpoint")))
    assert "Only you see" not in midpoint_form
