"""Answers only the person sees: the private note under a click, the ephemeral answer to a
command, and the one text for a click or a form that isn't theirs."""

from __future__ import annotations

from typing import Any

from slack_bolt import Respond

from handlers.slack.mrkdwn import escape, section

NOT_YOURS = "This button isn't for you, so nothing changed."
NOT_OPEN = "This request is no longer open ({status}), so nothing changed."


def private_note(text: str) -> dict[str, Any]:
    """A note to whoever clicked; the message they clicked stays as it was."""
    return {"response_type": "ephemeral", "replace_original": False, "text": text}


def reply_privately(respond: Respond, text: str) -> None:
    """Send `private_note(text)` through the click's response_url."""
    respond(**private_note(text))


def build_ephemeral(text: str) -> dict[str, Any]:
    """An ephemeral answer (a slash command's) of one section."""
    return {"text": text, "blocks": [section(text)], "response_type": "ephemeral"}


def not_open_text(status: str | None) -> str:
    return NOT_OPEN.format(status=escape(status or "gone"))


def build_notice_view(text: str) -> dict[str, Any]:
    """A modal that only says something (it replaces a form that cannot be used)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Mentorbot"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(text)],
    }


def form_refusal(view: dict[str, Any], text: str) -> dict[str, Any]:
    """The answer to a modal submission that changes nothing: `text` on its first input, or
    (a modal without inputs) a notice in its place."""
    inputs = [b for b in view.get("blocks") or [] if b.get("type") == "input"]
    if inputs and inputs[0].get("block_id"):
        return {"response_action": "errors", "errors": {str(inputs[0]["block_id"]): text}}
    return {"response_action": "update", "view": build_notice_view(text)}
