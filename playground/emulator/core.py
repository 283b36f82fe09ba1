"""`SlackEmulator`: the server, the checks every call passes, and the record of calls.

A request to /api/<method> is decoded, then held to Slack's rules in Slack's order: a queued
failure or token bucket, the token, its scopes, the method's rate tier, its required arguments;
only then does the method's handler (playground/emulator/methods/) run. Every answer, refusals
included, is recorded in `calls`. /response_url/<key> and /upload/<file id> stand in for the
URLs Slack hands out for `respond()` and file uploads.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from types import TracebackType
from typing import Any

from playground.emulator.access import check_access, check_required, check_token
from playground.emulator.content import check_response
from playground.emulator.http_server import (
    Server,
    decode_args,
    make_handler,
    parse_json_fields,
)
from playground.emulator.methods import HANDLERS, files
from playground.emulator.web_api_method import WebApiMethod
from playground.emulator.web_api_methods import WEB_API_METHODS
from playground.emulator.wire import RecordedCall, Reply, SlackRefusal
from playground.emulator.workspace import Workspace

# serve_forever checks for shutdown this often; the default 0.5 s makes every stop() slow.
SHUTDOWN_POLL_SECONDS = 0.05


class SlackEmulator(Workspace):
    """A loopback Slack Web API with realistic workspace state and strict refusals."""

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> SlackEmulator:
        """Serve on 127.0.0.1 at a free port, in a daemon thread."""
        if self._server is not None:
            return self
        server = Server(("127.0.0.1", 0), make_handler(self._handle))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS},
            name="slack-emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, thread = self._server, self._thread
        self._server, self._thread = None, None
        if server is not None:
            server.shutdown()
            server.server_close()
        if thread is not None:
            thread.join(timeout=5)
        if self._socket_mode is not None:
            self._socket_mode.stop()

    def __enter__(self) -> SlackEmulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # --- recorded calls -----------------------------------------------------------------------

    def calls_to(self, method: str) -> list[RecordedCall]:
        with self._lock:
            return [call for call in self.calls if call.method == method]

    def ok_calls_to(self, method: str) -> list[RecordedCall]:
        return [call for call in self.calls_to(method) if call.ok]

    def reset_calls(self) -> None:
        with self._lock:
            self.calls.clear()

    def quiet_for(self) -> float:
        """Seconds since the last request ended; 0 while one is being answered or a client
        told to wait by a 429 is still due back."""
        with self._lock:
            now = self.clock()
            if self._in_flight or now < self._retry_expected_until:
                return 0.0
            return now - max(self._last_activity, self._retry_expected_until)

    def _record(
        self, method: str, args: dict[str, Any], raw: dict[str, Any], reply: Reply
    ) -> Reply:
        response = reply.body if isinstance(reply.body, dict) else {"ok": reply.status == 200}
        if reply.status == 429:
            wait = float(reply.headers.get("Retry-After", "1"))
            self._retry_expected_until = max(self._retry_expected_until, self.clock() + wait)
        self.calls.append(RecordedCall(method, args, response, reply.status, raw, self.caller))
        self.caller = None
        return reply

    # --- HTTP dispatch ------------------------------------------------------------------------

    def _handle(self, path: str, query: str, headers: Mapping[str, str], body: bytes) -> Reply:
        with self._lock:
            self._in_flight += 1
        try:
            return self._route(path, query, headers, body)
        finally:
            with self._lock:
                self._in_flight -= 1
                self._last_activity = self.clock()

    def _route(self, path: str, query: str, headers: Mapping[str, str], body: bytes) -> Reply:
        self._stall(path.removeprefix("/api/"))
        if path.startswith("/api/"):
            return self._handle_api(path[len("/api/") :], query, headers, body)
        if path.startswith("/response_url/"):
            return self._handle_response_url(path[len("/response_url/") :], headers, body)
        if path.startswith("/upload/"):
            return self._handle_upload(path[len("/upload/") :], headers, body)
        return Reply(404, {"ok": False, "error": "not_found"})

    def _handle_api(self, name: str, query: str, headers: Mapping[str, str], body: bytes) -> Reply:
        with self._lock:
            spec = WEB_API_METHODS.get(name)
            raw: dict[str, Any] = {}
            args: dict[str, Any] = {}
            try:
                raw = decode_args(query, headers, body)
                args = raw
                if spec is None:
                    reply = Reply(404, {"ok": False, "error": "unknown_method"})
                    return self._record(name, args, raw, reply)
                args = parse_json_fields(raw)
                reply = self._held_back(spec, headers, args) or self._answer(spec, args)
            except SlackRefusal as refusal:
                reply = Reply(200, refusal.body())
            except Exception as exc:  # an emulator bug: answer it rather than drop the socket
                reply = Reply(500, {"ok": False, "error": "emulator_bug", "detail": repr(exc)})
            return self._record(name, args, raw, reply)

    def _held_back(
        self, spec: WebApiMethod, headers: Mapping[str, str], args: Mapping[str, Any]
    ) -> Reply | None:
        """A queued failure or a limit, in Slack's order; a bad token or scope raises."""
        injected = self._take_injection(spec.name, api=True) or self._rate_limited(spec.name)
        if injected is not None:
            return injected
        if spec.needs_token:
            check_access(self, spec.name, check_token(self, headers, args), args)
        return self._tier_limited(spec, args, team_id=self.caller or self.team_id)

    def _answer(self, spec: WebApiMethod, args: dict[str, Any]) -> Reply:
        check_required(spec, args)
        return Reply(200, {"ok": True, **HANDLERS[spec.name](self, args)})

    def _handle_upload(self, file_id: str, headers: Mapping[str, str], body: bytes) -> Reply:
        with self._lock:
            args: dict[str, Any] = {"file_id": file_id, "length": len(body)}
            reply = self._take_injection("upload_url", api=False)
            if reply is None:
                reply = files.receive_upload(self, args, headers, body)
            return self._record("upload_url", args, dict(args), reply)

    def _handle_response_url(self, key: str, headers: Mapping[str, str], body: bytes) -> Reply:
        with self._lock:
            raw: dict[str, Any] = {"key": key}
            args: dict[str, Any] = raw
            try:
                raw = {**decode_args("", headers, body), "key": key}
                args = raw
                injected = self._take_injection("response_url", api=False)
                if injected is not None:
                    return self._record("response_url", args, raw, injected)
                args = parse_json_fields(raw)
                check_response(args, strict=self.strict)
                reply = Reply(200, {"ok": True})
            except SlackRefusal as refusal:
                reply = Reply(200, refusal.body())
            return self._record("response_url", args, raw, reply)
