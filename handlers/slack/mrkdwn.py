"""The one place user text is made safe for Slack's mrkdwn, and small block helpers."""

from __future__ import annotations

import re
from typing import Any

# Bidi controls can make a message read differently from how it is stored.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A marker only opens or closes formatting next to a space, punctuation or the text's edge;
# between two letters or digits (New_York, node_js, 2*3) Slack leaves it alone, and so do we.
_MARKERS = re.compile(r"(?<![^\W_])([*_~`])|([*_~`])(?![^\W_])")


def escape(text: str | None) -> str:
    """Escape user text for mrkdwn: no mentions, links, broadcasts or formatting survive it.

    Slack only interprets <...> sequences and &-entities; escaping &, < and > neutralises
    <!channel>, <@U123>, <#C123> and <https://x|y>. A word joiner on each side of *, _, ~ and `
    keeps them from pairing into bold, italics, strike or code, so user text cannot dress up
    as the bot's own formatting. Control and bidi characters are dropped.
    """
    if not text:
        return ""
    cleaned = _BIDI.sub("", _CONTROL.sub("", text))
    escaped = cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKERS.sub(lambda m: f"\u2060{m.group(0)}\u2060", escaped)


def plain(text: str | None) -> str:
    """Text for plain_text fields (Slack does not parse them) without control characters."""
    return _BIDI.sub("", _CONTROL.sub("", text or ""))


def clip(text: str, limit: int) -> str:
    """Cut text to at most `limit` characters (grapheme-naive but never splits an escape)."""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def section(text: str, *, block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": clip(text, 3000)},
    }
    if block_id:
        block["block_id"] = block_id
    return block


def header(text: str) -> dict[str, Any]:
    return {"type": "header", "text": {"type": "plain_text", "text": clip(plain(text), 150)}}


def context(text: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(text, 3000)}]}


def divider() -> dict[str, Any]:
    return {"type": "divider"}


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None
) -> dict[str, Any]:
    element: dict[str, Any] = {
        "type": "button",
        "text": {"type": "plain_text", "text": clip(plain(text), 75), "emoji": True},
        "action_id": action_id,
    }
    if value:
        element["value"] = value[:2000]
    if style:
        element["style"] = style
    return element


def confirmed(element: dict[str, Any], title: str, text: str, yes: str, no: str) -> dict[str, Any]:
    """The button asks first, in Slack's own dialog (for what cannot be undone)."""
    element["confirm"] = {
        "title": {"type": "plain_text", "text": clip(plain(title), 100)},
        "text": {"type": "plain_text", "text": clip(plain(text), 300)},
        "confirm": {"type": "plain_text", "text": clip(plain(yes), 30)},
        "deny": {"type": "plain_text", "text": clip(plain(no), 30)},
    }
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "actions", "elements": list(elements)[:25]}
    if block_id:
        block["block_id"] = block_id
    return block
