"""Logging: plain text by default, one JSON object a line with LOG_FORMAT=json.

Every record carries the id of the Slack request it belongs to, and known secrets are masked
before anything is written.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Anything shaped like a Slack token is masked even when we were not told about it.
_TOKEN_SHAPE = re.compile(r"xox[abposre]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")
MASK = "[redacted]"


def new_request_id(hint: str | None = None) -> str:
    """Set and return the request id for the work that follows (Slack's id when it has one)."""
    value = hint or uuid.uuid4().hex[:16]
    request_id_var.set(value)
    return value


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class RedactSecretsFilter(logging.Filter):
    """Masks the configured secrets and anything token-shaped in the final message."""

    def __init__(self, secrets: Iterable[str | None]) -> None:
        super().__init__()
        self._secrets = sorted({s for s in secrets if s and len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return _TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = self.redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        for key, value in list(vars(record).items()):  # extra={...} fields reach JSON lines too
            if key not in _STANDARD and isinstance(value, str):
                setattr(record, key, self.redact(value))
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = self.redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({k: v for k, v in vars(record).items() if k not in _STANDARD})
        if record.exc_info:
            payload["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            payload["exc"] = record.exc_text
        return json.dumps(payload, default=str)


def make_handler(
    fmt: str, secrets: Iterable[str | None], stream: TextIO | None = None
) -> logging.Handler:
    """A stream handler with our formatter, request ids and secret masking."""
    handler: logging.Handler = logging.StreamHandler(stream)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    handler.addFilter(RequestContextFilter())
    handler.addFilter(RedactSecretsFilter(secrets))
    return handler


# At DEBUG these libraries log whole request and payload bodies, which carry people's private
# answers; they stay at INFO whatever LOG_LEVEL says. Bolt logs to the logger the app gives it
# (response bodies), the OAuth flow to ours (the callback's `code`).
QUIET_LIBRARIES = (
    "slack_sdk",
    "slack_bolt",
    "urllib3",
    "mentorbot.bolt",
    "mentorbot.oauth",
)
# SQLAlchemy logs every statement at INFO (parameters hidden) and the rows it reads at DEBUG:
# statements only when LOG_LEVEL is DEBUG, never the rows.
SILENT_LIBRARIES = ("sqlalchemy",)


def configure(
    level: str, fmt: str, secrets: Iterable[str | None] = (), *, stream: TextIO | None = None
) -> None:
    """Log to `stream` (default stderr) at `level`; the quiet libraries never below INFO."""
    root = logging.getLogger()
    root.handlers[:] = [make_handler(fmt, secrets, stream)]
    root.setLevel(level)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(max(logging.INFO, logging.getLevelName(level)))
    numeric = logging.getLevelName(level)
    for name in SILENT_LIBRARIES:
        quietest = logging.INFO if numeric == logging.DEBUG else logging.WARNING
        logging.getLogger(name).setLevel(max(quietest, numeric))
