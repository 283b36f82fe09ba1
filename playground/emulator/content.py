"""What a message may carry: text, blocks within Block Kit's limits, attachments, metadata."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from playground import blockkit_rules
from playground.emulator.arguments import flag, present
from playground.emulator.wire import SlackRefusal

MAX_ATTACHMENTS = 100


def check_content(
    args: Mapping[str, Any], *, strict: bool, pointer_prefix: str = ""
) -> tuple[str, Any]:
    """Text (truncated to 40,000) and blocks of a message, or `no_text` / `invalid_blocks`."""
    text = args.get("text")
    text = "" if text is None else str(text)
    blocks = args.get("blocks")
    attachments = args.get("attachments")
    if not text and not present(blocks) and not present(attachments):
        raise SlackRefusal("no_text", "[ERROR] no text, blocks or attachments given")
    if strict and present(blocks) and not text.strip():
        # Real Slack accepts this with a warning; strict mode insists on a notification
        # fallback so screen readers and notifications always have text.
        raise SlackRefusal(
            "no_text",
            "[ERROR] strict mode: blocks need a non-empty `text` fallback [json-pointer:/text]",
        )
    if blocks is not None:
        errors = blockkit_rules.check_blocks(blocks, pointer=f"{pointer_prefix}/blocks")
        if errors:
            raise SlackRefusal("invalid_blocks", *errors)
    if isinstance(attachments, list) and len(attachments) > MAX_ATTACHMENTS:
        raise SlackRefusal("too_many_attachments", "[ERROR] at most 100 attachments")
    return text[: blockkit_rules.MAX_MESSAGE_TEXT], blocks


def check_metadata(metadata: Any) -> dict[str, Any] | None:
    """Message metadata: an event_type (string) and an event_payload (object), or none."""
    if not present(metadata):
        return None
    if (
        not isinstance(metadata, dict)
        or not isinstance(metadata.get("event_type"), str)
        or not metadata["event_type"]
        or not isinstance(metadata.get("event_payload"), dict)
    ):
        raise SlackRefusal(
            "invalid_metadata_format",
            "[ERROR] metadata needs event_type (string) and event_payload (object)",
        )
    return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}


def check_response(args: Mapping[str, Any], *, strict: bool) -> None:
    """A post to a response_url: its response_type, and its content unless it deletes."""
    response_type = args.get("response_type")
    if response_type not in (None, "in_channel", "ephemeral"):
        raise SlackRefusal(
            "invalid_arguments", "[ERROR] response_type must be in_channel or ephemeral"
        )
    if not flag(args.get("delete_original")):
        check_content(args, strict=strict)
