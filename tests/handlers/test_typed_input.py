"""The choke point: every typed text of a Slack payload is cleaned before a listener reads it."""

from __future__ import annotations

from typing import Any

from handlers.slack.typed_input import clean_body

DIRTY, CLEAN = " a\x00b\r\nCafe\u0301 \ud83d ", " ab\nCafé \ufffd "


def test_slash_command_text() -> None:
    body: dict[str, Any] = {"command": "/mentor", "text": DIRTY, "user_id": "U1"}
    clean_body(body)
    assert body["text"] == CLEAN


def test_dm_message_text() -> None:
    body: dict[str, Any] = {"type": "event_callback", "event": {"type": "message", "text": DIRTY}}
    clean_body(body)
    assert body["event"]["text"] == CLEAN


def test_every_input_of_a_modal_and_of_a_message_state() -> None:
    state = {
        "values": {
            "b1": {"a1": {"type": "plain_text_input", "value": DIRTY}},
            "b2": {"a2": {"value": DIRTY}},  # whatever its type says, a state value is typed
            "b3": {"a3": {"type": "static_select", "selected_option": {"value": "x\x00"}}},
        }
    }
    body: dict[str, Any] = {"type": "view_submission", "view": {"state": state}}
    clean_body(body)
    values = body["view"]["state"]["values"]
    assert values["b1"]["a1"]["value"] == values["b2"]["a2"]["value"] == CLEAN
    assert values["b3"]["a3"]["selected_option"]["value"] == "x\x00"  # our own option values
    message: dict[str, Any] = {"type": "block_actions", "state": {"values": {"b": {"a": {}}}}}
    message["state"]["values"]["b"]["a"] = {"type": "plain_text_input", "value": DIRTY}
    clean_body(message)
    assert message["state"]["values"]["b"]["a"]["value"] == CLEAN


def test_a_dispatched_input_but_not_a_button_value() -> None:
    body: dict[str, Any] = {
        "type": "block_actions",
        "actions": [
            {"type": "plain_text_input", "value": DIRTY},
            {"type": "button", "value": "7"},
        ],
    }
    clean_body(body)
    assert [a["value"] for a in body["actions"]] == [CLEAN, "7"]
