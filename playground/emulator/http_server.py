"""The emulator's HTTP side: a threading server on loopback, and decoding what clients send."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from email.message import Message
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playground.emulator.wire import Reply, SlackRefusal

# path, query, lower-cased headers, body -> the answer
Route = Callable[[str, str, Mapping[str, str], bytes], Reply]

_JSON_FIELDS = {
    "blocks": "invalid_blocks_format",
    "attachments": "invalid_attachments",
    "metadata": "invalid_metadata_format",
    "view": "invalid_arguments",
    "files": "invalid_arguments",
}


class Server(ThreadingHTTPServer):
    daemon_threads = True
    # Bursts of parallel clients (the benchmark) overflow the default backlog of 5, and a
    # dropped SYN costs the client a one-second retransmit.
    request_queue_size = 128


def parse_multipart(content_type: str, body: bytes) -> dict[str, Any]:
    """Form fields of a multipart body; file parts as bytes, others as str."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser().parsebytes(head + body)
    fields: dict[str, Any] = {}
    if not message.is_multipart():
        return fields
    parts = message.get_payload()
    assert isinstance(parts, list)
    for part in parts:
        if not isinstance(part, Message):
            continue
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        fields[name] = payload if part.get_filename() else payload.decode("utf-8")
    return fields


def decode_args(query: str, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """Query string and body (JSON, multipart or form-encoded) as one dict of arguments."""
    query_args = parse_qs(query, keep_blank_values=True)
    args: dict[str, Any] = {key: values[0] for key, values in query_args.items()}
    content_type = headers.get("content-type", "")
    if not body:
        return args
    if content_type.startswith("application/json"):
        try:
            decoded = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SlackRefusal("invalid_json", "[ERROR] the body is not valid JSON") from exc
        if not isinstance(decoded, dict):
            raise SlackRefusal("json_not_object", "[ERROR] the JSON body must be an object")
        args.update(decoded)
    elif content_type.startswith("multipart/form-data"):
        args.update(parse_multipart(content_type, body))
    else:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        args.update({key: values[0] for key, values in form.items()})
    return args


def parse_json_fields(args: dict[str, Any]) -> dict[str, Any]:
    """A copy of `args` with the JSON-string fields (blocks, view, ...) parsed."""
    parsed = dict(args)
    for key, code in _JSON_FIELDS.items():
        value = parsed.get(key)
        if not isinstance(value, str) or value == "":
            continue
        try:
            parsed[key] = json.loads(value)
        except json.JSONDecodeError as exc:
            raise SlackRefusal(
                code, f"[ERROR] `{key}` is not valid JSON [json-pointer:/{key}]"
            ) from exc
    return parsed


def make_handler(route: Route) -> type[BaseHTTPRequestHandler]:
    """A request handler class answering GET and POST with what `route` returns."""

    class _Handler(BaseHTTPRequestHandler):
        server_version = "SlackEmulator/1.0"

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def log_message(self, format: str, *args: Any) -> None:
            """Stay quiet: tests and the shell print what matters."""

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            headers = {k.lower(): v for k, v in self.headers.items()}
            reply = route(parts.path, parts.query, headers, body)
            if isinstance(reply.body, dict):
                payload = json.dumps(reply.body).encode("utf-8")
                content_type = "application/json; charset=utf-8"
            else:
                payload = reply.body
                content_type = "text/plain; charset=utf-8"
            self.send_response(reply.status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

    return _Handler
