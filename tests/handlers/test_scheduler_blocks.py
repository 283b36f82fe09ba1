"""The scheduler's builders: every message has its buttons, text fallback and valid Block Kit."""

from __future__ import annotations

from datetime import date

import pytest

from bot.scheduler.messages import build_delivery_message
from bot.scheduler.registry import KINDS as DECLARED
from handlers.meetings import blocks
from playground.blockkit_rules import check_blocks, check_view

# One-off notices carry no Snooze or Stop: nothing comes again.
ONE_OFF = frozenset(name for name, kind in DECLARED.items() if not kind.footer)
KINDS = ["meeting_prompt", "prepare", "checkin", "gratitude", "pulse", "intro_expiry", "adapt_ask"]


def _ctx(kind: str, recipient: str = "UE") -> blocks.DeliveryContext:
    return blocks.DeliveryContext(
        kind=kind,
        delivery_id=42,
        pair_id=7,
        mentor_user="UM",
        mentee_user="UE",
        recipient_user=recipient,
        occurrence=date(2026, 12, 3),
        cadence="weekly",
        weekday=3,
        adapt_kind_label="check-ins",
    )


def _action_ids(message: dict) -> list[str]:  # type: ignore[type-arg]
    return [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]


@pytest.mark.parametrize("kind", sorted(set(KINDS) - ONE_OFF))
def test_every_scheduled_message_can_be_snoozed_and_stopped(kind: str) -> None:
    message = build_delivery_message(_ctx(kind))
    assert message["text"]
    assert check_blocks(message["blocks"]) == []
    ids = _action_ids(message)
    assert blocks.SNOOZE in ids and blocks.STOP in ids
    footer = message["blocks"][-1]
    assert {e["value"] for e in footer["elements"]} == {"42"}  # ids only


def test_checkin_names_the_other_person_and_offers_three_answers() -> None:
    message = build_delivery_message(_ctx("checkin", recipient="UM"))
    assert "<@UE>" in message["text"] and "Thursday 3 December" in message["text"]
    ids = _action_ids(message)
    for action in (blocks.CHECKIN_MET, blocks.CHECKIN_MISSED, blocks.CHECKIN_RESCHEDULED):
        assert action in ids


def test_pulse_offers_one_to_five() -> None:
    ids = _action_ids(build_delivery_message(_ctx("pulse")))
    assert [i for i in ids if i.startswith(blocks.PULSE_PREFIX)] == [
        f"{blocks.PULSE_PREFIX}{n}" for n in range(1, 6)
    ]


def test_intro_expiry_is_gentle_to_each_side() -> None:
    to_mentee = build_delivery_message(_ctx("intro_expiry", recipient="UE"))["text"]
    to_mentor = build_delivery_message(_ctx("intro_expiry", recipient="UM"))["text"]
    assert "/find-mentor" in to_mentee and "says nothing about you" in to_mentee
    assert "nothing left to answer" in to_mentor


def test_a_programs_expired_request_says_what_the_program_does_next() -> None:
    from dataclasses import replace

    ctx = replace(_ctx("intro_expiry"), program_name="Spring <!here>", program_mode="round")
    round_text = build_delivery_message(ctx)["text"]
    assert "introduces you to its next best mentor" in round_text
    assert "/find-mentor" not in round_text and "<!here>" not in round_text
    chosen = build_delivery_message(replace(ctx, program_mode="mentees_choose"))["text"]
    assert "/find-mentor: the mentors of *Spring &lt;!here&gt;* with room come first" in chosen


def test_user_text_is_escaped() -> None:
    message = blocks.build_questions_message("UE", "UM", "<!channel> and <@U1> & co")
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "&lt;!channel&gt;" in rendered
    thanks = blocks.build_thanks_message("UE", "UM", "<https://evil|click>")
    assert "<https://evil" not in str(thanks["blocks"])


@pytest.mark.parametrize(
    "view",
    [
        blocks.build_checkin_view(7, 42, "UM"),
        blocks.build_checkin_view(7, None, "UM"),
        blocks.build_thanks_view(7, "Maria " * 100),
        blocks.build_pulse_view(42, 2),
        blocks.build_pause_view(7, date(2026, 12, 15)),
        blocks.build_end_view(7, "UM"),
        blocks.build_retro_view(7),
    ],
)
def test_modals_are_valid(view: dict) -> None:  # type: ignore[type-arg]
    assert check_view(view, expected_type="modal") == []
    assert len(view["title"]["text"]) <= 24


def test_cadence_chooser_and_offers_are_valid() -> None:
    for message in (
        blocks.build_cadence_message(7, "biweekly", 1),
        blocks.build_low_pulse_message(7, "UM"),
        blocks.build_closing_message("UM", is_mentee=True, pair_id=7),
        blocks.build_closing_message("UE", is_mentee=False, pair_id=7),
    ):
        assert message["text"] and check_blocks(message["blocks"]) == []
    mentor_closing = blocks.build_closing_message("UE", is_mentee=False, pair_id=7)
    assert blocks.GRATITUDE_OPEN not in _action_ids(mentor_closing)


def test_follow_up_messages_are_valid_and_escape_user_text() -> None:
    hostile = "<!channel> *bold* & " + "x" * 4000
    nxt = blocks.NextMentor(search_id=3, mentor_id=9, mentor_user="UN", reason=hostile)
    rows = [
        blocks.QuietRow(n, f"kind {n}", n % 2 == 0, None if n % 2 == 0 else date(2026, 12, 9))
        for n in range(1, 40)
    ]
    messages = [
        blocks.build_closing_message("UM", is_mentee=True, pair_id=7, next_mentor=nxt),
        blocks.build_paused_message("UE", 7, date(2026, 12, 21), today=date(2026, 12, 1)),
        blocks.build_resumed_message("UE", date(2026, 12, 10), today=date(2026, 12, 1)),
        blocks.build_resumed_message("UE", None, today=date(2026, 12, 1)),
        blocks.build_stopped_message("check-ins", 5),
        blocks.build_reminders_message(rows),
        blocks.build_reminders_message([]),
        blocks.build_request_expired_message("UE"),
        blocks.build_retro_saved_message(hostile, hostile),
        blocks.build_retro_saved_message("", "2 of 3"),
    ]
    for message in messages:
        assert message["text"] and check_blocks(message["blocks"]) == []
        assert len(message["blocks"]) <= 50
    closing, retro = str(messages[0]["blocks"]), str(messages[8]["blocks"])
    assert "<!channel>" not in closing and "&lt;!channel&gt;" in closing
    assert "<!channel>" not in retro and "&lt;!channel&gt;" in retro
    assert "find_mentor_request_intro" in _action_ids(messages[0])
    assert blocks.FIND_NEXT_MENTOR not in _action_ids(messages[0])
    assert blocks.RESUME_NOW in _action_ids(messages[1])
    assert blocks.REMINDERS_ON in _action_ids(messages[4])
    assert len(messages[5]["blocks"]) == 1 + blocks.MAX_QUIET_ROWS
    assert "expired" in messages[7]["text"] and _action_ids(messages[7]) == []


def test_checkin_view_carries_its_submission_token() -> None:
    import json

    view = blocks.build_checkin_view(7, None, "UM", "abc123")
    assert json.loads(view["private_metadata"])["token"] == "abc123"


def test_home_looking_back_is_escaped_and_bounded() -> None:
    from bot.services.home import HomeState, LookBack
    from handlers.home.blocks import build_home_view

    look = LookBack("UM", "mentor", date(2026, 12, 4), "<!here> " + "y" * 3000, "half")
    state = HomeState(None, False, False, [], [], [], looking_back=[look] * 3)
    view = build_home_view(state)
    assert check_view(view, expected_type="home") == []
    text = str(view["blocks"])
    assert "Looking back" in text and "&lt;!here&gt;" in text and "<!here>" not in text
    assert "ended 4 December 2026" in text
    empty = str(build_home_view(HomeState(None, False, False, [], [], [])))
    assert "Looking back" not in empty


def test_questions_preview_is_private_wording_with_ids_only() -> None:
    message = blocks.build_questions_preview(17, "UM", "max", "<!channel> help <@U1>")
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "<@U1>" not in rendered
    assert "&lt;!channel&gt;" in rendered and "<!channel>" not in message["text"]
    buttons = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"]) for b in buttons] == [
        (blocks.QUESTIONS_SHARE, "17"),
        (blocks.QUESTIONS_KEEP, "17"),
    ]
    assert buttons[0]["text"]["text"] == "Share with @max"
    assert "Nothing is shared until you press Share." in rendered


def test_questions_decision_says_what_happened() -> None:
    shared = blocks.build_questions_decided_message("UM", "shared")["text"]
    kept = blocks.build_questions_decided_message("UM", "kept")["text"]
    assert shared.startswith("Shared:") and "<@UM>" in shared
    assert kept == "Kept private: nothing was shared."


@pytest.mark.parametrize("kind", sorted(ONE_OFF))
def test_a_one_off_notice_has_nothing_to_snooze_or_stop(kind: str) -> None:
    message = build_delivery_message(_ctx(kind))
    assert message["text"] and check_blocks(message["blocks"]) == []
    assert not {blocks.SNOOZE, blocks.STOP} & set(_action_ids(message))
