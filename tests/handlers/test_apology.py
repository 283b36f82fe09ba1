"""The apology is sent only when it is true: never beside a reply that arrived."""

from __future__ import annotations

from typing import Any
from urllib.error import URLError

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from handlers.slack.apology import APOLOGY, apologize, may_have_arrived

API = "https://slack.com/api/"
DM_EVENT = {
    "event": {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "5.0"}
}


class FakeClient:
    timeout = 0  # no waiting for a slow Slack in these tests

    def __init__(self, history: list[dict[str, Any]] | Exception) -> None:
        self.history = history
        self.posted: list[dict[str, Any]] = []
        self.looked: list[dict[str, Any]] = []

    def conversations_history(self, **kwargs: Any) -> dict[str, Any]:
        self.looked.append(kwargs)
        if isinstance(self.history, Exception):
            raise self.history
        return {"ok": True, "messages": self.history}

    def chat_postMessage(self, **kwargs: Any) -> None:  # noqa: N802 - slack_sdk's name
        self.posted.append(kwargs)


def _slack_error(code: str) -> SlackApiError:
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url=API,
        req_args={},
        data={"ok": False, "error": code},
        headers={},
        status_code=200,
    )
    return SlackApiError(code, response)


def _timed_out() -> Exception:
    try:
        try:
            raise TimeoutError("timed out")
        except TimeoutError as inner:
            raise RuntimeError("while posting") from inner
    except RuntimeError as outer:
        return outer


@pytest.mark.parametrize(
    ("error", "maybe"),
    [
        (TimeoutError(), True),
        (URLError(TimeoutError()), True),
        (_timed_out(), True),
        (URLError(ConnectionRefusedError()), False),
        (_slack_error("channel_not_found"), False),
        (ValueError("a bug of ours"), False),
    ],
)
def test_which_failures_may_have_reached_slack(error: BaseException, maybe: bool) -> None:
    assert may_have_arrived(error) is maybe


def test_a_timeout_in_the_dm_is_answered_when_no_reply_arrived() -> None:
    client = FakeClient(history=[{"user": "U1", "text": "my answer", "ts": "5.0"}])
    apologize(DM_EVENT, None, client, api_url=API, error=TimeoutError())  # type: ignore[arg-type]
    assert client.looked[0]["oldest"] == "5.0"
    assert client.posted == [{"channel": "D1", "text": APOLOGY}]


def test_a_timeout_in_the_dm_whose_reply_arrived_gets_no_apology() -> None:
    client = FakeClient(history=[{"bot_id": "B1", "text": "Weaknesses?", "ts": "5.1"}])
    apologize(DM_EVENT, None, client, api_url=API, error=TimeoutError())  # type: ignore[arg-type]
    assert client.posted == []


def test_a_timeout_whose_look_fails_gets_no_apology() -> None:
    client = FakeClient(history=_slack_error("ratelimited"))
    apologize(DM_EVENT, None, client, api_url=API, error=TimeoutError())  # type: ignore[arg-type]
    assert client.posted == []


def test_a_refusal_from_slack_is_apologised_for_without_looking() -> None:
    client = FakeClient(history=[])
    error = _slack_error("invalid_auth")
    apologize(DM_EVENT, None, client, api_url=API, error=error)  # type: ignore[arg-type]
    assert client.looked == []
    assert client.posted == [{"channel": "D1", "text": APOLOGY}]


def test_a_timeout_behind_a_response_url_gets_no_apology() -> None:
    said: list[dict[str, Any]] = []
    body = {"response_url": "https://hooks.slack.com/commands/T1/1/x"}
    apologize(body, lambda **kw: said.append(kw), FakeClient([]), api_url=API, error=TimeoutError())  # type: ignore[arg-type]
    assert said == []
    apologize(body, lambda **kw: said.append(kw), FakeClient([]), api_url=API, error=ValueError())  # type: ignore[arg-type]
    assert [s["text"] for s in said] == [APOLOGY]


def test_no_apology_to_a_response_url_that_is_not_slacks() -> None:
    said: list[dict[str, Any]] = []
    body = {"response_url": "http://169.254.169.254/latest/meta-data"}
    apologize(body, lambda **kw: said.append(kw), FakeClient([]), api_url=API)  # type: ignore[arg-type]
    assert said == []
