"""Block Kit hard limits: one case per rule, plus payloads that must pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from playground.blockkit_rules import check_blocks, check_text_object, check_view


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def section(text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text), **extra}


def button(action_id: str = "go", **extra: Any) -> dict[str, Any]:
    return {"type": "button", "text": plain("Go"), "action_id": action_id, **extra}


def option(value: str, text: str | None = None) -> dict[str, Any]:
    return {"text": plain(text or value), "value": value}


def select(**extra: Any) -> dict[str, Any]:
    return {
        "type": "static_select",
        "action_id": "pick",
        "placeholder": plain("Pick one"),
        "options": [option("a"), option("b")],
        **extra,
    }


def input_block(element: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "input", "block_id": "in", "label": plain("Goal"), **extra}
    block["element"] = element or {"type": "plain_text_input", "action_id": "goal"}
    return block


def modal(blocks: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "type": "modal",
        "title": plain("Set a goal"),
        "submit": plain("Save"),
        "close": plain("Cancel"),
        "blocks": blocks if blocks is not None else [section()],
        **extra,
    }


def message(*blocks: dict[str, Any]) -> list[str]:
    return check_blocks(list(blocks))


def in_actions(*elements: dict[str, Any]) -> list[str]:
    return message({"type": "actions", "elements": list(elements)})


def test_a_realistic_message_is_valid() -> None:
    blocks = [
        {"type": "header", "text": plain("Your mentoring week")},
        section("*Goals*", accessory=button("open_goals", style="primary")),
        {"type": "divider"},
        {"type": "section", "fields": [mrkdwn("*Mentor*"), mrkdwn("Ada")]},
        {"type": "context", "elements": [mrkdwn("Updated today")]},
        {"type": "actions", "elements": [button("a"), button("b", url="https://x.test"), select()]},
        {"type": "image", "image_url": "https://x.test/a.png", "alt_text": "chart"},
        {"type": "rich_text", "elements": []},
        {"type": "markdown", "text": "**hi**"},
    ]
    assert check_blocks(blocks) == []


def test_a_realistic_modal_and_home_are_valid() -> None:
    form = modal(
        [
            input_block(),
            input_block(
                {"type": "datepicker", "action_id": "when", "initial_date": "2025-01-31"},
                block_id="date",
            ),
            input_block(
                {
                    "type": "radio_buttons",
                    "action_id": "pace",
                    "options": [{"text": mrkdwn("*Weekly*"), "value": "w"}],
                },
                block_id="pace",
            ),
            input_block(select(initial_option=option("b")), block_id="sel"),
        ],
        private_metadata="x" * 3000,
        callback_id="goal_modal",
    )
    assert check_view(form, expected_type="modal") == []
    home = {"type": "home", "blocks": [section() for _ in range(100)]}
    assert check_view(home, expected_type="home") == []


def test_fifty_message_blocks_pass() -> None:
    assert check_blocks([{"type": "divider"}] * 50) == []


Case = tuple[Callable[[], list[str]], str]

REFUSALS: dict[str, Case] = {
    "message_over_50_blocks": (
        lambda: check_blocks([{"type": "divider"}] * 51),
        "must be less than 51 items [json-pointer:/blocks]",
    ),
    "view_over_100_blocks": (
        lambda: check_view(modal([{"type": "divider"}] * 101)),
        "must be less than 101 items [json-pointer:/view/blocks]",
    ),
    "blocks_not_a_list": (lambda: check_blocks({"type": "divider"}), "must be an array"),
    "modal_title_over_24": (
        lambda: check_view(modal(title=plain("x" * 25))),
        "must be less than 25 characters [json-pointer:/view/title/text]",
    ),
    "modal_title_missing": (
        lambda: check_view({"type": "modal", "blocks": []}),
        "missing required field: title",
    ),
    "modal_title_mrkdwn": (
        lambda: check_view(modal(title=mrkdwn("Hi"))),
        "must be one of plain_text [json-pointer:/view/title/type]",
    ),
    "modal_submit_over_24": (
        lambda: check_view(modal(submit=plain("x" * 25))),
        "[json-pointer:/view/submit/text]",
    ),
    "modal_close_over_24": (
        lambda: check_view(modal(close=plain("x" * 25))),
        "[json-pointer:/view/close/text]",
    ),
    "modal_input_without_submit": (
        lambda: check_view({"type": "modal", "title": plain("T"), "blocks": [input_block()]}),
        "submit is required",
    ),
    "view_without_blocks": (
        lambda: check_view({"type": "home"}),
        "missing required field: blocks",
    ),
    "view_wrong_type": (
        lambda: check_view(modal(), expected_type="home"),
        "must be one of home [json-pointer:/view/type]",
    ),
    "private_metadata_over_3000": (
        lambda: check_view(modal(private_metadata="x" * 3001)),
        "must be less than 3001 characters [json-pointer:/view/private_metadata]",
    ),
    "callback_id_over_255": (
        lambda: check_view(modal(callback_id="x" * 256)),
        "[json-pointer:/view/callback_id]",
    ),
    "block_id_over_255": (
        lambda: message(section(block_id="x" * 256)),
        "must be less than 256 characters [json-pointer:/blocks/0/block_id]",
    ),
    "action_id_over_255": (
        lambda: in_actions(button("x" * 256)),
        "[json-pointer:/blocks/0/elements/0/action_id]",
    ),
    "duplicate_block_id": (
        lambda: message(section(block_id="a"), section(block_id="a")),
        "duplicate block_id: a [json-pointer:/blocks/1/block_id]",
    ),
    "duplicate_action_id_in_block": (
        lambda: in_actions(button("same"), button("same")),
        "duplicate action_id: same",
    ),
    "section_text_over_3000": (
        lambda: message(section("x" * 3001)),
        "must be less than 3001 characters [json-pointer:/blocks/0/text/text]",
    ),
    "section_over_10_fields": (
        lambda: message({"type": "section", "fields": [mrkdwn("f")] * 11}),
        "must be less than 11 items [json-pointer:/blocks/0/fields]",
    ),
    "section_field_over_2000": (
        lambda: message({"type": "section", "fields": [mrkdwn("x" * 2001)]}),
        "[json-pointer:/blocks/0/fields/0/text]",
    ),
    "section_without_text_or_fields": (
        lambda: message({"type": "section"}),
        "section must have text or fields",
    ),
    "header_over_150": (
        lambda: message({"type": "header", "text": plain("x" * 151)}),
        "must be less than 151 characters",
    ),
    "header_mrkdwn": (
        lambda: message({"type": "header", "text": mrkdwn("Hi")}),
        "must be one of plain_text",
    ),
    "context_over_10_elements": (
        lambda: message({"type": "context", "elements": [mrkdwn("c")] * 11}),
        "must be less than 11 items [json-pointer:/blocks/0/elements]",
    ),
    "actions_over_25_elements": (
        lambda: in_actions(*[button(f"b{i}") for i in range(26)]),
        "must be less than 26 items [json-pointer:/blocks/0/elements]",
    ),
    "actions_empty": (lambda: in_actions(), "must provide at least 1 item"),
    "button_text_over_75": (
        lambda: in_actions(button(text=plain("x" * 76))),
        "must be less than 76 characters",
    ),
    "button_text_mrkdwn": (
        lambda: in_actions(button(text=mrkdwn("Go"))),
        "must be one of plain_text",
    ),
    "button_value_over_2000": (
        lambda: in_actions(button(value="x" * 2001)),
        "[json-pointer:/blocks/0/elements/0/value]",
    ),
    "button_url_over_3000": (
        lambda: in_actions(button(url="https://x.test/" + "x" * 3000)),
        "[json-pointer:/blocks/0/elements/0/url]",
    ),
    "button_bad_style": (
        lambda: in_actions(button(style="secondary")),
        "must be one of primary, danger",
    ),
    "select_over_100_options": (
        lambda: in_actions(select(options=[option(str(i)) for i in range(101)])),
        "must be less than 101 items [json-pointer:/blocks/0/elements/0/options]",
    ),
    "option_text_over_75": (
        lambda: in_actions(select(options=[option("a", "x" * 76)])),
        "[json-pointer:/blocks/0/elements/0/options/0/text/text]",
    ),
    "option_value_over_150": (
        lambda: in_actions(select(options=[option("x" * 151)])),
        "[json-pointer:/blocks/0/elements/0/options/0/value]",
    ),
    "option_text_mrkdwn_in_select": (
        lambda: in_actions(select(options=[{"text": mrkdwn("a"), "value": "a"}])),
        "must be one of plain_text",
    ),
    "initial_option_not_an_option": (
        lambda: in_actions(select(initial_option=option("zzz"))),
        "initial_option must exactly match one of the options",
    ),
    "initial_options_not_options": (
        lambda: in_actions(select(type="multi_static_select", initial_options=[option("q")])),
        "initial_options must exactly match the options",
    ),
    "select_without_options": (
        lambda: in_actions({"type": "static_select", "action_id": "s", "placeholder": plain("P")}),
        "missing required field: options",
    ),
    "placeholder_over_150": (
        lambda: in_actions(select(placeholder=plain("x" * 151))),
        "[json-pointer:/blocks/0/elements/0/placeholder/text]",
    ),
    "overflow_over_5_options": (
        lambda: in_actions(
            {"type": "overflow", "action_id": "o", "options": [option(str(i)) for i in range(6)]}
        ),
        "must be less than 6 items",
    ),
    "plain_text_input_max_length_zero": (
        lambda: message(input_block({"type": "plain_text_input", "max_length": 0})),
        "max_length must be between 1 and 3000",
    ),
    "plain_text_input_max_length_over_3000": (
        lambda: message(input_block({"type": "plain_text_input", "max_length": 3001})),
        "max_length must be between 1 and 3000",
    ),
    "plain_text_input_min_over_max": (
        lambda: message(
            input_block({"type": "plain_text_input", "min_length": 10, "max_length": 5})
        ),
        "min_length must not exceed max_length",
    ),
    "input_without_label": (
        lambda: message({"type": "input", "element": {"type": "plain_text_input"}}),
        "missing required field: label",
    ),
    "input_label_over_2000": (
        lambda: message(input_block(label=plain("x" * 2001))),
        "[json-pointer:/blocks/0/label/text]",
    ),
    "input_without_element": (
        lambda: message({"type": "input", "label": plain("L")}),
        "missing required field: element",
    ),
    "input_with_element_list": (
        lambda: message(input_block(element=None) | {"element": [button()]}),
        "input block takes exactly one element",
    ),
    "input_element_outside_input_block": (
        lambda: in_actions({"type": "plain_text_input", "action_id": "t"}),
        "plain_text_input is only allowed in an input block",
    ),
    "unknown_block_type": (
        lambda: message({"type": "carousel"}),
        "unsupported block type: 'carousel'",
    ),
    "unknown_element_type": (
        lambda: in_actions({"type": "slider", "action_id": "s"}),
        "unsupported element type: 'slider'",
    ),
    "text_object_empty": (
        lambda: message(section("")),
        "must be more than 0 characters [json-pointer:/blocks/0/text/text]",
    ),
    "text_object_bad_type": (
        lambda: message({"type": "section", "text": {"type": "markdown", "text": "x"}}),
        "must be one of plain_text, mrkdwn",
    ),
    "datepicker_bad_initial_date": (
        lambda: message(input_block({"type": "datepicker", "initial_date": "31/01/2025"})),
        "initial_date must be YYYY-MM-DD",
    ),
    "timepicker_bad_initial_time": (
        lambda: message(input_block({"type": "timepicker", "initial_time": "25:00"})),
        "initial_time must be HH:mm",
    ),
    "image_without_alt_text": (
        lambda: message({"type": "image", "image_url": "https://x.test/a.png"}),
        "missing required field: alt_text",
    ),
}


@pytest.mark.parametrize("case", REFUSALS.values(), ids=REFUSALS.keys())
def test_refusal(case: Case) -> None:
    check, expected = case
    errors = check()
    assert any(expected in e for e in errors), errors
    assert all(e.startswith("[ERROR] ") for e in errors)


def test_text_object_checks_stand_alone() -> None:
    assert check_text_object(plain("ok"), "/x", plain_only=True) == []
    assert check_text_object("not an object", "/x") == [
        "[ERROR] must be a text object [json-pointer:/x]"
    ]
