"""HTTP mode: a WSGI app for POST /slack/events and GET /healthz, served by waitress."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from slack_bolt import App
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

from bot.app import deps_of

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
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, 400, "bad content length")
        if length > MAX_BODY_BYTES:
            return _plain(start_response, 413, "request body too large")
        raw = environ["wsgi.input"].read(length) if length > 0 else b""
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            return _plain(start_response, 400, "body is not UTF-8")
        headers = _headers(environ)
        if not _well_formed(body, str(environ.get("CONTENT_TYPE") or "")):
            # Checked after Bolt's signature check would be nicer, but Bolt parses first.
            if not self._signature_ok(body, headers):
                return _plain(start_response, 401, "invalid request")
            return _plain(start_response, 400, "malformed body")
        try:
            response = self.app.dispatch(
                BoltRequest(body=body, query=environ.get("QUERY_STRING", ""), headers=headers)
            )
        except Exception:
            logger.exception("dispatch failed")
            return _plain(start_response, 500, "internal error")
        return _bolt(start_response, response)

    def _signature_ok(self, body: str, headers: dict[str, str | Sequence[str]]) -> bool:
        from slack_sdk.signature import SignatureVerifier

        verifier = SignatureVerifier(self.deps.settings.signing_secret or "")
        flat = {k: v if isinstance(v, str) else next(iter(v), "") for k, v in headers.items()}
        return verifier.is_valid_request(body, flat)

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


def _well_formed(body: str, content_type: str) -> bool:
    """Reject bodies Bolt would choke on: bad JSON, bad payload= JSON, unknown shapes."""
    stripped = body.strip()
    if not stripped:
        return False
    if "application/json" in content_type or stripped.startswith("{"):
        try:
            return _known_shape(json.loads(stripped))
        except ValueError:
            return False
    try:
        pairs = dict(parse_qsl(body, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return False
    if "payload" in pairs:
        try:
            return _known_shape(json.loads(pairs["payload"]))
        except ValueError:
            return False
    return "command" in pairs or "ssl_check" in pairs


# Parts of a payload Bolt reads without checking their type; Slack always sends these shapes.
_OBJECT_PARTS = ("event", "view", "team", "channel", "container", "message")


def _known_shape(payload: Any) -> bool:
    """A JSON object whose parts have the types Slack sends (Bolt trusts them blindly)."""
    if not isinstance(payload, dict):
        return False
    if any(k in payload and not isinstance(payload[k], dict) for k in _OBJECT_PARTS):
        return False
    view = payload.get("view")
    if isinstance(view, dict) and "callback_id" in view and not isinstance(view.get("type"), str):
        return False
    actions = payload.get("actions")
    if actions is not None and not (
        isinstance(actions, list) and all(isinstance(a, dict) for a in actions)
    ):
        return False
    return not ("user" in payload and not isinstance(payload["user"], dict | str))


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
