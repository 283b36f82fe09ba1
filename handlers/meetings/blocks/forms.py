"""The pieces the meetings' modals share: a text input, a modal, the pair's metadata (the notice
and the ephemeral answer are the edge's, handlers.slack.replies)."""

from __future__ import annotations

import json
from typing import Any

from handlers.slack.mrkdwn import clip, plain
from handlers.slack.origin import OPENER_KEY, ORIGIN_KEY, Origin


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


def pair_meta(pair_id: int, origin: Origin, opener: str) -> dict[str, Any]:
    """`opener`, the person the form is for: nobody else may submit it."""
    meta: dict[str, Any] = {"pair": pair_id, ORIGIN_KEY: origin.as_meta()}
    return {**meta, OPENER_KEY: opener} if opener else meta
