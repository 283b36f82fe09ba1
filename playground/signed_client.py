"""Sends requests to the app exactly as Slack does: signed, form-encoded or JSON."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class HttpResult:
    status: int
    body: str
    headers: dict[str, str]

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """Slack's v0 signature of a request body."""
    base = b"v0:" + str(timestamp).encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SignedSlackClient:
    """A stand-in for Slack's side of the Events API, slash commands and interactivity."""

    def __init__(
        self,
        events_url: str,
        signing_secret: str,
        *,
        team_id: str,
        api_app_id: str = "A0MENTOR",
        trigger_ids: Callable[[], str] | None = None,
        response_urls: Callable[[], str] | None = None,
        event_ids: Callable[[], str] | None = None,
        wall_clock: Callable[[], float] = time.time,  # wall-clock-ok: Slack signs with real time
    ) -> None:
        self.events_url = events_url
        self.signing_secret = signing_secret
        self.team_id = team_id
        self.api_app_id = api_app_id
        self._trigger_ids = trigger_ids or (lambda: f"{next(self._seq)}.trigger")
        self._response_urls = response_urls or (lambda: "https://hooks.slack.invalid/response")
        self._wall_clock = wall_clock
        self._seq = itertools.count(1)
        # Slack's event ids are unique across everything; clients of one test share a source.
        self._event_ids = event_ids or (lambda: f"Ev{next(self._seq):08d}")

    # --- raw transport -------------------------------------------------------------------
    def post(
        self,
        body: bytes,
        content_type: str,
        *,
        extra_headers: dict[str, str] | None = None,
        timestamp: int | None = None,
        secret: str | None = None,
        signed: bool = True,
    ) -> HttpResult:
        ts = int(self._wall_clock()) if timestamp is None else timestamp
        headers = {"Content-Type": content_type}
        if signed:
            headers["X-Slack-Request-Timestamp"] = str(ts)
            headers["X-Slack-Signature"] = sign(secret or self.signing_secret, ts, body)
        headers.update(extra_headers or {})
        request = urllib.request.Request(self.events_url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return HttpResult(
                    response.status, response.read().decode(), dict(response.headers.items())
                )
        except urllib.error.HTTPError as error:
            with error:  # an HTTPError holds the open response; close it with us
                return HttpResult(error.code, error.read().decode(), dict(error.headers.items()))

    # --- what Slack sends ----------------------------------------------------------------
    def slash_command(
        self,
        user_id: str,
        command: str,
        text: str = "",
        *,
        channel_id: str = "C0GENERAL",
        channel_name: str = "general",
    ) -> HttpResult:
        form = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "team_domain": "emulated",
            "channel_id": channel_id,
            "channel_name": channel_name,
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": command,
            "text": text,
            "api_app_id": self.api_app_id,
            "is_enterprise_install": "false",
            "response_url": self._response_urls(),
            "trigger_id": self._trigger_ids(),
        }
        return self.send_command(form)

    def send_command(self, form: dict[str, str]) -> HttpResult:
        """Deliver a slash command's fields (over HTTP here; Socket Mode overrides)."""
        return self.post(urlencode(form).encode(), "application/x-www-form-urlencoded")

    def interactive(self, payload: dict[str, Any]) -> HttpResult:
        """Deliver an interaction payload (over HTTP here; Socket Mode overrides)."""
        body = urlencode({"payload": json.dumps(payload)}).encode()
        return self.post(body, "application/x-www-form-urlencoded")

    def block_action(
        self,
        user_id: str,
        action: dict[str, Any],
        *,
        channel_id: str | None = None,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        ephemeral: bool = False,
    ) -> HttpResult:
        """A click: `action` is the element as sent (action_id, block_id, value or selection).

        A click in an ephemeral message carries no `message` (Slack keeps none) and says so in
        its container.
        """
        clicked = {"action_ts": f"{self._wall_clock():.6f}", **action}
        clicked.setdefault("block_id", "b")
        clicked.setdefault("type", "button")
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": {"id": self.team_id, "domain": "emulated"},
            "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
            "api_app_id": self.api_app_id,
            "token": "deprecated-verification-token",
            "trigger_id": self._trigger_ids(),
            "response_url": self._response_urls(),
            "actions": [clicked],
        }
        if view is not None:
            payload["container"] = {"type": "view", "view_id": view.get("id", "V0")}
            payload["view"] = view
            if view.get("type") == "home":  # Slack sends no response_url from the App Home
                del payload["response_url"]
        else:
            payload["container"] = {
                "type": "message",
                "channel_id": channel_id,
                "message_ts": (message or {}).get("ts", "0"),
            }
            payload["channel"] = {"id": channel_id, "name": "directmessage"}
            if ephemeral:
                payload["container"]["is_ephemeral"] = True
            else:
                payload["message"] = message or {"ts": "0", "text": ""}
        return self.interactive(payload)

    def view_submission(
        self, user_id: str, view: dict[str, Any], values: dict[str, dict[str, Any]]
    ) -> HttpResult:
        """Submit a modal: `values` is state.values, block_id -> action_id -> value object."""
        submitted = {**view, "state": {"values": values}}
        # Slack names every opened modal; a view passed without its id gets one derived from
        # its content, values and user, so the same form sent twice (two tabs) has one id.
        submitted.setdefault("id", _view_id_of({**submitted, "user": user_id}))
        submitted.setdefault("team_id", self.team_id)
        return self.interactive(
            {
                "type": "view_submission",
                "team": {"id": self.team_id, "domain": "emulated"},
                "user": {"id": user_id, "username": user_id.lower(), "team_id": self.team_id},
                "api_app_id": self.api_app_id,
                "token": "deprecated-verification-token",
                "trigger_id": self._trigger_ids(),
                "view": submitted,
                "response_urls": [],
            }
        )

    def view_closed(self, user_id: str, view: dict[str, Any]) -> HttpResult:
        return self.interactive(
            {
                "type": "view_closed",
                "team": {"id": self.team_id, "domain": "emulated"},
                "user": {"id": user_id, "team_id": self.team_id},
                "api_app_id": self.api_app_id,
                "view": view,
                "is_cleared": False,
            }
        )

    def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry_num: int | None = None,
        retry_reason: str = "http_timeout",
    ) -> HttpResult:
        """Deliver an Events API event; pass the same event_id and a retry_num for a retry."""
        envelope = {
            "token": "deprecated-verification-token",
            "team_id": self.team_id,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or self._event_ids(),
            "event_time": int(self._wall_clock()),
            "authorizations": [
                {
                    "team_id": self.team_id,
                    "user_id": "U0BOT",
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
        }
        return self.send_event(envelope, retry_num=retry_num, retry_reason=retry_reason)

    def send_event(
        self, envelope: dict[str, Any], *, retry_num: int | None, retry_reason: str
    ) -> HttpResult:
        """Deliver an event_callback envelope (over HTTP here; Socket Mode overrides)."""
        headers = {}
        if retry_num is not None:
            headers = {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": retry_reason}
        return self.post(json.dumps(envelope).encode(), "application/json", extra_headers=headers)

    def dm_message(
        self, user_id: str, text: str, *, channel_id: str, ts: str | None = None, **extra: Any
    ) -> HttpResult:
        """The person types `text` in their DM with the bot (a message.im event)."""
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": channel_id,
            "user": user_id,
            "text": text,
            "ts": ts or f"{self._wall_clock():.6f}",
            "event_ts": ts or f"{self._wall_clock():.6f}",
            **extra,
        }
        return self.event(event)

    def url_verification(self, challenge: str) -> HttpResult:
        body = json.dumps({"token": "x", "challenge": challenge, "type": "url_verification"})
        return self.post(body.encode(), "application/json")


def _view_id_of(view: dict[str, Any]) -> str:
    digest = hashlib.sha256(json.dumps(view, sort_keys=True, default=str).encode()).hexdigest()
    return "V" + digest[:10].upper()
