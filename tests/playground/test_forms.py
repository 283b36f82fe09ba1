"""Filling modal fields from typed answers, with the Slack client's own checks."""

from __future__ import annotations

from typing import Any

import pytest

from playground.forms import (
    AnswerError,
    Directory,
    Field,
    fields_of,
    parse_answer,
    question,
    state_values,
)


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text}, "value": value}


OPTIONS = [_option("Weekly", "weekly"), _option("Every two weeks", "biweekly")]


def _field(element: dict[str, Any], *, optional: bool = False) -> Field:
    return Field("b", "a", "Goal", optional, {"action_id": "a", **element})


def test_fields_of_reads_input_blocks_only_in_order() -> None:
    view = {
        "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": "hi"}},
            {
                "type": "input",
                "block_id": "g",
                "label": {"type": "plain_text", "text": "Goal &amp; why"},
                "element": {"type": "plain_text_input", "action_id": "text"},
            },
            {
                "type": "input",
                "optional": True,
                "label": {"type": "plain_text", "text": "When"},
                "element": {"type": "datepicker", "action_id": "d"},
            },
        ]
    }
    fields = fields_of(view)
    assert [(f.block_id, f.action_id, f.label, f.optional) for f in fields] == [
        ("g", "text", "Goal & why", False),
        ("block-2", "d", "When", True),
    ]


def test_text_answer_and_required_check() -> None:
    field = _field({"type": "plain_text_input"})
    assert parse_answer(field, " Ship it ") == {"type": "plain_text_input", "value": "Ship it"}
    assert parse_answer(field, "two\\nlines")["value"] == "two\nlines"
    with pytest.raises(AnswerError, match="'Goal' is required"):
        parse_answer(field, "")
    with pytest.raises(AnswerError, match="required"):
        parse_answer(field, "-")


def test_optional_text_may_stay_empty_and_initial_value_is_kept() -> None:
    assert parse_answer(_field({"type": "plain_text_input"}, optional=True), "") == {
        "type": "plain_text_input",
        "value": None,
    }
    kept = _field({"type": "plain_text_input", "initial_value": "draft"}, optional=True)
    assert parse_answer(kept, "")["value"] == "draft"
    assert parse_answer(kept, "-")["value"] is None


def test_text_length_limits() -> None:
    field = _field({"type": "plain_text_input", "min_length": 3, "max_length": 5})
    with pytest.raises(AnswerError, match="at least 3"):
        parse_answer(field, "ab")
    with pytest.raises(AnswerError, match="at most 5 characters \\(that was 6\\)"):
        parse_answer(field, "abcdef")


def test_number_email_and_url_inputs() -> None:
    number = _field({"type": "number_input", "is_decimal_allowed": False, "min_value": "1"})
    assert parse_answer(number, "3") == {"type": "number_input", "value": "3"}
    for bad, reason in (("x", "not a number"), ("2.5", "whole number"), ("0", "at least 1")):
        with pytest.raises(AnswerError, match=reason):
            parse_answer(number, bad)
    with pytest.raises(AnswerError, match="not an email"):
        parse_answer(_field({"type": "email_text_input"}), "ana")
    with pytest.raises(AnswerError, match="not a link"):
        parse_answer(_field({"type": "url_text_input"}), "example.com")


def test_select_and_radio_by_number_or_label() -> None:
    select = _field({"type": "static_select", "options": OPTIONS})
    assert parse_answer(select, "2")["selected_option"] == OPTIONS[1]
    assert parse_answer(select, "weekly")["selected_option"] == OPTIONS[0]
    with pytest.raises(AnswerError, match="not one of the 2 choices"):
        parse_answer(select, "9")
    radio = _field({"type": "radio_buttons", "options": OPTIONS, "initial_option": OPTIONS[0]})
    assert parse_answer(radio, "")["selected_option"] == OPTIONS[0]


def test_multi_select_and_checkboxes() -> None:
    multi = _field({"type": "multi_static_select", "options": OPTIONS, "max_selected_items": 1})
    assert parse_answer(multi, "1")["selected_options"] == [OPTIONS[0]]
    with pytest.raises(AnswerError, match="at most 1"):
        parse_answer(multi, "1, 2")
    boxes = _field({"type": "checkboxes", "options": OPTIONS}, optional=True)
    assert parse_answer(boxes, "1,2")["selected_options"] == OPTIONS
    assert parse_answer(boxes, "-") == {"type": "checkboxes", "selected_options": []}
    with pytest.raises(AnswerError, match="required"):
        parse_answer(_field({"type": "checkboxes", "options": OPTIONS}), "")


def test_dates_times_people_and_channels() -> None:
    assert parse_answer(_field({"type": "datepicker"}), "2026-12-07")["selected_date"] == (
        "2026-12-07"
    )
    with pytest.raises(AnswerError, match="YYYY-MM-DD"):
        parse_answer(_field({"type": "datepicker"}), "7 Dec")
    assert parse_answer(_field({"type": "timepicker"}), "09:30")["selected_time"] == "09:30"
    with pytest.raises(AnswerError, match="HH:MM"):
        parse_answer(_field({"type": "timepicker"}), "9.30")
    directory = Directory(users={"ben": "U2"}, channels={"general": "C1"})
    assert parse_answer(_field({"type": "users_select"}), "@Ben", directory) == {
        "type": "users_select",
        "selected_user": "U2",
    }
    with pytest.raises(AnswerError, match="nobody called @zoe"):
        parse_answer(_field({"type": "users_select"}), "@zoe", directory)
    chosen = parse_answer(_field({"type": "conversations_select"}), "#general", directory)
    assert chosen["selected_conversation"] == "C1"


def test_unsupported_elements_say_so() -> None:
    with pytest.raises(AnswerError, match="cannot fill a external_select"):
        parse_answer(_field({"type": "external_select"}), "x")


def test_question_lists_choices_and_defaults() -> None:
    prompt, choices = question(
        _field({"type": "static_select", "options": OPTIONS, "initial_option": OPTIONS[1]})
    )
    assert prompt == "Goal (a number; Enter keeps \"Every two weeks\"; '-' clears): "
    assert choices == ["    1) Weekly", "    2) Every two weeks"]
    assert question(_field({"type": "plain_text_input"}))[0] == "Goal: "


def test_state_values_groups_by_block_and_action() -> None:
    first = Field("b1", "x", "X", False, {"type": "plain_text_input"})
    second = Field("b2", "y", "Y", False, {"type": "datepicker"})
    values = state_values(
        [(first, {"type": "plain_text_input", "value": "v"}), (second, {"selected_date": None})]
    )
    assert values == {
        "b1": {"x": {"type": "plain_text_input", "value": "v"}},
        "b2": {"y": {"selected_date": None}},
    }


def test_a_channel_chosen_before_is_kept_on_enter_and_cleared_with_dash() -> None:
    # Editing a program: its announce channel is already chosen in the modal.
    kept = _field({"type": "conversations_select", "initial_conversation": "C0GEN"}, optional=True)
    assert parse_answer(kept, "") == {
        "type": "conversations_select",
        "selected_conversation": "C0GEN",
    }
    assert parse_answer(kept, "-")["selected_conversation"] is None
    picked = parse_answer(kept, "#random", Directory({}, {"random": "C0RAND"}))
    assert picked["selected_conversation"] == "C0RAND"
