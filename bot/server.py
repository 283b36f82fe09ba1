"""HTTP mode: a WSGI app for POST /slack/events and GET /healthz, served by waitress."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.app import deps_of
from bot.payload_shapes import odd_shape
from bot.request_checks import VERIFIED, nested_too_deeply, unverified_reason

logger = logging.getLogger("mentorbot.server")

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
# Slack's own payloads are far smaller; anything this big is not from Slack.
MAX_BODY_BYTES = 512 * 1024

StartResponse = Callable[..., Any]


class SlackWsgiApp:
    """Routes Slack requests into Bolt; never answers 500 with a stack trace."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.deps = deps_of(app)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == HEALTH_PATH and method in ("GET", "HEAD"):
            return self._health(start_response)
        flow = self.app.oauth_flow
        if (
            flow is not None
            and method == "GET"
            and path in (flow.install_path, flow.redirect_uri_path)
        ):
            request = BoltRequest(
                body="", query=environ.get("QUERY_STRING", ""), headers=_headers(environ)
            )
            if path == flow.install_path:
                return _bolt(start_response, flow.handle_installation(request))
            return _bolt(start_response, flow.handle_callback(request))
        if path != EVENTS_PATH:
            return _plain(start_response, 404, "not found")
        if method != "POST":
            return _plain(start_response, 405, "use POST")
        return self._slack_event(environ, start_response)

    def _slack_event(
        self, environ: dict[str, Any], start_response: StartResponse
    ) -> Iterable[bytes]:
        """Verify, then parse, then dispatch: nothing reads a body whose signature failed."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, 400, "bad content length")
        if length > MAX_BODY_BYTES:
            return _plain(start_response, 413, "request body too large")
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        headers = _headers(environ)
        refusal = unverified_reason(
            self.deps.settings.signing_secret or "",
            raw,
            {k: v if isinstance(v, str) else ",".join(v) for k, v in headers.items()},
            now=time.time(),  # wall-clock-ok: Slack signs requests with real time
        )
        if refusal is not None:
            logger.warning("refused an unverified request: %s", refusal)
            return _plain(start_response, 401, "invalid request")
        body = _readable_body(raw, str(environ.get("CONTENT_TYPE") or ""))
        if body is None:
            logger.warning("refused a signed request whose body is not a Slack payload")
            return _plain(start_response, 400, "malformed body")
        if body.oddity is not None:
            # Slack retries only event callbacks, and an odd one would be odd again: a 200.
            logger.warning("ignored a signed payload of an odd shape: %s", body.oddity)
            return _plain(start_response, 200, "")
        query = environ.get("QUERY_STRING", "")
        request = BoltRequest(
            body=body.text, query=query, headers=headers, context={VERIFIED: True}
        )
        try:
            response = self.app.dispatch(request)
        except Exception:
            logger.exception("dispatch failed")
            return _plain(start_response, 500, "internal error")
        return _bolt(start_response, response)

    def _health(self, start_response: StartResponse) -> Iterable[bytes]:
        if self.deps.db.ping():
            # Work acked but not finished: a replica's backlog, for operators and for tests
            # that must wait for another process's post-ack work.
            pending = self.deps.executor.pending
            return _json(start_response, 200, {"ok": True, "database": "ok", "pending": pending})
        return _json(start_response, 503, {"ok": False, "database": "unreachable"})


def _bolt(start_response: StartResponse, response: BoltResponse) -> list[bytes]:
    out = response.body.encode("utf-8")
    headers = [(k, v) for k, vs in response.headers.items() for v in vs]
    if not any(k.lower() == "content-length" for k, _ in headers):
        headers.append(("Content-Length", str(len(out))))
    start_response(f"{response.status} {_reason(response.status)}", headers)
    return [out]


@dataclass(frozen=True)
class _Body:
    text: str
    oddity: str | None


def _readable_body(raw: bytes, content_type: str) -> _Body | None:
    """The body as text with what is odd about its payload, or None when Bolt cannot read it."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    payload = _parse(text, content_type)
    return None if payload is None else _Body(text, odd_shape(payload))


def _parse(body: str, content_type: str) -> dict[str, Any] | None:
    """The payload of a body Bolt can read (JSON, or a form with `payload=` or a command)."""
    stripped = body.strip()
    if not stripped:
        return None
    if "application/json" in content_type or stripped.startswith("{"):
        return _json_object(stripped)
    try:
        pairs = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    if "payload" in pairs:
        return _json_object(pairs["payload"])
    return pairs if "command" in pairs or "ssl_check" in pairs else None


def _json_object(text: str) -> dict[str, Any] | None:
    if nested_too_deeply(text):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _headers(environ: dict[str, Any]) -> dict[str, str | Sequence[str]]:
    headers: dict[str, str | Sequence[str]] = {}
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            headers[key[5:].replace("_", "-").lower()] = [value]
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = [environ["CONTENT_TYPE"]]
    return headers


def _plain(start_response: StartResponse, status: int, text: str) -> list[bytes]:
    out = text.encode()
    start_response(
        f"{status} {_reason(status)}",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(out)))],
    )
    return [out]


def _json(start_response: StartResponse, status: int, payload: dict[str, Any]) -> list[bytes]:
    out = json.dumps(payload).encode()
    start_response(
        f"{status} {_reason(status)}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(out)))],
    )
    return [out]


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class BackgroundServer:
    """Waitress in a thread on 127.0.0.1:0, for tests and the playground."""

    def __init__(self, wsgi: SlackWsgiApp, *, host: str = "127.0.0.1", port: int = 0) -> None:
        from waitress.server import create_server

        self._server = create_server(wsgi, host=host, port=port, threads=8)
        self._stopping = False
        self._thread = threading.Thread(target=self._run, daemon=True, name="http")

    def _run(self) -> None:
        try:
            self._server.run()
        except (OSError, ValueError):
            # Closing the listening socket under the poll loop surfaces here; only then is it fine.
            if not self._stopping:
                raise

    @property
    def url(self) -> str:
        port = self._server.effective_port
        return f"http://127.0.0.1:{port}"

    def start(self) -> BackgroundServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        from waitress import wasyncore

        self._stopping = True
        sockets = self._server._map
        # Close every socket (listener, open connections, trigger) from inside the loop thread,
        # so the loop sees an empty map and returns instead of tripping over closed sockets.
        try:
            self._server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))
        except OSError:
            pass  # the trigger is already closed: the loop has finished
        self._thread.join(timeout=5)
        self._server.task_dispatcher.shutdown()
        wasyncore.close_all(sockets)


def serve_forever(wsgi: SlackWsgiApp, *, port: int, threads: int = 8) -> None:
    """Run waitress in the foreground (production HTTP mode)."""
    from waitress import serve

    serve(wsgi, host="0.0.0.0", port=port, threads=threads, ident="mentorbot")  # noqa: S104
