"""The pieces the meetings' modals share: a text input, a modal, a notice, an ephemeral."""

from __future__ import annotations

import json
from typing import Any

from handlers.blocks.mrkdwn import clip, plain, section
from handlers.blocks.origin import ORIGIN_KEY, Origin

OPENER_KEY = "by"  # in a form's private_metadata: the Slack user it was opened for


def text_input(
    block_id: str,
    action_id: str,
    label: str,
    *,
    multiline: bool = True,
    optional: bool = True,
    initial: str = "",
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": action_id,
        "multiline": multiline,
        "max_length": 2000,
    }
    if initial:
        element["initial_value"] = clip(plain(initial), 2000)
    return {
        "type": "input",
        "block_id": block_id,
        "optional": optional,
        "label": {"type": "plain_text", "text": label},
        "element": element,
    }


def modal(
    callback_id: str, title: str, submit: str, blocks: list[dict[str, Any]], meta: dict[str, Any]
) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": submit},
        "close": {"type": "plain_text", "text": "Cancel"},
        "private_metadata": json.dumps(meta),
        "blocks": blocks,
    }


def build_notice_view(text: str) -> dict[str, Any]:
    """A modal that only says something (it replaces a form that cannot be used)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Mentorbot"},
        "close": {"type": "plain_text", "text": "Close"},
        "blocks": [section(text)],
    }


def build_ephemeral(text: str) -> dict[str, Any]:
    return {"text": text, "blocks": [section(text)], "response_type": "ephemeral"}


def pair_meta(pair_id: int, origin: Origin, opener: str) -> dict[str, Any]:
    """`opener`, the person the form is for: nobody else may submit it."""
    meta: dict[str, Any] = {"pair": pair_id, ORIGIN_KEY: origin.as_meta()}
    return {**meta, OPENER_KEY: opener} if opener else meta
