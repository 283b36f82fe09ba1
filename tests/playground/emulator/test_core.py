"""The emulator's plumbing and the checks every call passes, through slack_sdk's WebClient
and raw HTTP: lifecycle, decoding, unknown methods, tokens, and the record of calls."""

from __future__ import annotations

import json
import threading
import time
from urllib.parse import urlencode

import pytest
from slack_sdk import WebClient

from playground.emulator import SlackEmulator
from playground.emulator.web_api_methods import WEB_API_METHODS
from tests.playground.emulator.helpers import TEXT_BLOCK, raw, refusal


def test_api_url_and_lifecycle() -> None:
    emu = SlackEmulator()
    with pytest.raises(RuntimeError):
        _ = emu.api_url
    with emu:
        assert emu.api_url.startswith("http://127.0.0.1:")
        assert emu.api_url.endswith("/api/")
    with pytest.raises(RuntimeError):
        _ = emu.api_url


def test_form_json_and_query_args_are_all_decoded(emulator: SlackEmulator) -> None:
    auth = {"Authorization": f"Bearer {emulator.token}"}
    form = urlencode({"channel": "C1", "text": "form", "blocks": json.dumps(TEXT_BLOCK)})
    status, body, _ = raw(
        emulator.api_url + "chat.postMessage",
        form.encode(),
        {**auth, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 200 and body["ok"], body
    call = emulator.calls_to("chat.postMessage")[-1]
    assert call.args["blocks"] == TEXT_BLOCK
    assert call.raw_args["blocks"] == json.dumps(TEXT_BLOCK)
    status, body, _ = raw(
        emulator.api_url + "chat.postMessage?channel=C1",
        json.dumps({"text": "json", "token": emulator.token}).encode(),
        {"Content-Type": "application/json"},
    )
    assert body["ok"], body
    assert [m["text"] for m in emulator.messages["C1"]] == ["form", "json"]


def test_every_known_method_answers(emulator: SlackEmulator) -> None:
    for name in WEB_API_METHODS:
        if name == "apps.uninstall":
            continue
        status, body, _ = raw(
            emulator.api_url + name, b"", {"Authorization": f"Bearer {emulator.token}"}
        )
        assert status == 200, name
        assert "ok" in body, name


def test_refuses_unknown_method_with_404(emulator: SlackEmulator) -> None:
    status, body, _ = raw(emulator.api_url + "chat.postMessageX", b"")
    assert (status, body) == (404, {"ok": False, "error": "unknown_method"})
    assert emulator.calls[-1].method == "chat.postMessageX"
    assert not emulator.calls[-1].ok


def test_refuses_missing_token_with_not_authed(emulator: SlackEmulator) -> None:
    status, body, _ = raw(emulator.api_url + "auth.test", b"")
    assert status == 200
    assert body["error"] == "not_authed"


def test_refuses_wrong_token_with_invalid_auth(emulator: SlackEmulator) -> None:
    wrong = WebClient(token="xoxb-wrong", base_url=emulator.api_url)
    assert refusal(wrong.auth_test)["error"] == "invalid_auth"


def test_refuses_after_uninstall_with_token_revoked(client: WebClient) -> None:
    client.api_call("apps.uninstall")
    assert refusal(client.auth_test)["error"] == "token_revoked"


def test_refuses_broken_json_body_with_invalid_json(emulator: SlackEmulator) -> None:
    headers = {"Authorization": f"Bearer {emulator.token}", "Content-Type": "application/json"}
    _, body, _ = raw(emulator.api_url + "auth.test", b"{nope", headers)
    assert body["error"] == "invalid_json"


def test_refuses_json_array_body_with_json_not_object(emulator: SlackEmulator) -> None:
    headers = {"Authorization": f"Bearer {emulator.token}", "Content-Type": "application/json"}
    _, body, _ = raw(emulator.api_url + "auth.test", b"[1]", headers)
    assert body["error"] == "json_not_object"


def test_calls_can_be_reset(client: WebClient, emulator: SlackEmulator) -> None:
    client.auth_test()
    emulator.reset_calls()
    assert emulator.calls == []


def test_concurrent_calls_are_all_recorded(emulator: SlackEmulator) -> None:
    emulator.set_rate_tiers(False)  # 20 posts into one channel at once: Slack's limit would bite
    client = WebClient(token=emulator.token, base_url=emulator.api_url)
    threads = [
        threading.Thread(target=client.chat_postMessage, kwargs={"channel": "C1", "text": str(i)})
        for i in range(20)
    ]
    started = time.monotonic()  # wall-clock-ok: a loose bound on the test's own duration
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert time.monotonic() - started < 5
    assert len(emulator.ok_calls_to("chat.postMessage")) == 20
    assert len({m["ts"] for m in emulator.messages["C1"]}) == 20
