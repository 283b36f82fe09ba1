"""The response_url the emulator hands out: what `respond()` may post there."""

from __future__ import annotations

import json

from slack_sdk.webhook import WebhookClient

from playground.emulator import SlackEmulator
from tests.playground.emulator.helpers import TEXT_BLOCK, raw


def test_response_url_records_respond_posts(emulator: SlackEmulator) -> None:
    url = emulator.response_url("cmd-1")
    webhook = WebhookClient(url)
    response = webhook.send(
        text="Saved", blocks=TEXT_BLOCK, response_type="ephemeral", replace_original=True
    )
    assert response.status_code == 200
    assert webhook.send_dict({"delete_original": True}).status_code == 200
    calls = emulator.calls_to("response_url")
    assert [c.ok for c in calls] == [True, True]
    assert calls[0].args["key"] == "cmd-1"
    assert calls[0].args["blocks"] == TEXT_BLOCK
    assert calls[0].args["replace_original"] is True
    assert emulator.response_url() != emulator.response_url()


def test_refuses_response_url_blocks_without_text_with_no_text(emulator: SlackEmulator) -> None:
    status, body, _ = raw(
        emulator.response_url(),
        json.dumps({"blocks": TEXT_BLOCK}).encode(),
        {"Content-Type": "application/json"},
    )
    assert (status, body["error"]) == (200, "no_text")


def test_refuses_response_url_invalid_blocks_with_invalid_blocks(emulator: SlackEmulator) -> None:
    _, body, _ = raw(
        emulator.response_url(),
        json.dumps({"text": "t", "blocks": [{"type": "nope"}]}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["error"] == "invalid_blocks"


def test_refuses_response_url_bad_response_type_with_invalid_arguments(
    emulator: SlackEmulator,
) -> None:
    _, body, _ = raw(
        emulator.response_url(),
        json.dumps({"text": "t", "response_type": "loud"}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["error"] == "invalid_arguments"
