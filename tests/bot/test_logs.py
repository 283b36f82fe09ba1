from __future__ import annotations

import io
import json
import logging

from bot.logs import MASK, make_handler, new_request_id


def _logger(fmt: str, secrets: tuple[str, ...]) -> tuple[logging.Logger, io.StringIO]:
    stream = io.StringIO()
    logger = logging.getLogger(f"test.logs.{fmt}.{id(stream)}")
    logger.handlers[:] = [make_handler(fmt, secrets, stream)]
    logger.propagate = False
    logger.setLevel(logging.INFO)
    return logger, stream


def test_json_lines_carry_the_request_id() -> None:
    logger, stream = _logger("json", ())
    new_request_id("Ev123")
    logger.info("hello %s", "world", extra={"team_id": "T1"})
    line = json.loads(stream.getvalue())
    assert line["message"] == "hello world"
    assert line["request_id"] == "Ev123"
    assert line["team_id"] == "T1"
    assert line["level"] == "INFO"


def test_secrets_and_token_shapes_are_masked() -> None:
    logger, stream = _logger("text", ("the-signing-secret",))
    logger.info("secret=%s token=%s", "the-signing-secret", "xoxb-123-456-abc")
    try:
        raise ValueError("bad token xoxp-9-9-9")
    except ValueError:
        logger.exception("failed with xapp-1-A1-abc")
    out = stream.getvalue()
    assert "the-signing-secret" not in out
    assert "xoxb-123" not in out and "xoxp-9" not in out and "xapp-1" not in out
    assert out.count(MASK) >= 4
    assert "ValueError" in out


def test_secrets_in_extra_fields_are_masked_in_json_lines() -> None:
    logger, stream = _logger("json", ("the-signing-secret",))
    logger.info("calling", extra={"detail": "secret the-signing-secret", "url": "xoxb-1-2-abc"})
    line = json.loads(stream.getvalue())
    assert line["detail"] == f"secret {MASK}" and line["url"] == MASK


def test_debug_level_keeps_slack_libraries_quiet() -> None:
    from bot.logs import configure

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure("DEBUG", "json")
        assert root.level == logging.DEBUG
        assert not logging.getLogger("slack_sdk").isEnabledFor(logging.DEBUG)
        assert not logging.getLogger("slack_bolt").isEnabledFor(logging.DEBUG)
        assert logging.getLogger("mentorbot").isEnabledFor(logging.DEBUG)
    finally:
        root.handlers[:], level = saved
        root.setLevel(level)
        for name in ("slack_sdk", "slack_bolt", "urllib3"):
            logging.getLogger(name).setLevel(logging.NOTSET)
