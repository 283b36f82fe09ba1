"""Where a modal was opened from, carried in its private_metadata so that the submission can
replace the clicked message with what was recorded. Pure: reads payloads, writes dicts."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ORIGIN_KEY = "from"
OPENER_KEY = "by"  # in a form's private_metadata: the Slack user it was opened for
MAX_URL = 500  # Slack's response URLs are about 100 characters; private_metadata holds 3000
_CHANNEL = re.compile(r"[CDG][A-Z0-9]{1,30}")
_TS = re.compile(r"\d{1,12}\.\d{1,9}")


@dataclass(frozen=True)
class Origin:
    """A bot message (channel and ts, for chat.update) or a response_url: an ephemeral
    message to replace (`replace`), or a slash command to answer under."""

    channel: str = ""
    ts: str = ""
    url: str = ""
    replace: bool = False

    def as_meta(self) -> dict[str, Any]:
        if self.channel:
            return {"c": self.channel, "ts": self.ts}
        return {"url": self.url, "r": self.replace} if self.url else {}


NOWHERE = Origin()


def origin_of_click(body: dict[str, Any]) -> Origin:
    """The message a block_actions click came from; ephemeral ones only have a response_url."""
    container = body.get("container") or {}
    if container.get("type") != "message":
        return NOWHERE
    url = str(body.get("response_url") or "")
    if container.get("is_ephemeral"):
        return Origin(url=url, replace=True) if 0 < len(url) <= MAX_URL else NOWHERE
    channel, ts = str(container.get("channel_id") or ""), str(container.get("message_ts") or "")
    return _message(channel, ts)


def origin_of_command(body: dict[str, Any]) -> Origin:
    """A slash command that opened a modal: its answer goes under the command."""
    url = str(body.get("response_url") or "")
    return Origin(url=url) if 0 < len(url) <= MAX_URL else NOWHERE


def read_origin(meta: dict[str, Any]) -> Origin:
    """The origin stored by `Origin.as_meta`; anything malformed is no origin."""
    raw = meta.get(ORIGIN_KEY)
    if not isinstance(raw, dict):
        return NOWHERE
    if "c" in raw:
        return _message(str(raw.get("c")), str(raw.get("ts")))
    url = raw.get("url")
    if isinstance(url, str) and 0 < len(url) <= MAX_URL:
        return Origin(url=url, replace=raw.get("r") is True)
    return NOWHERE


def _message(channel: str, ts: str) -> Origin:
    if _CHANNEL.fullmatch(channel) and _TS.fullmatch(ts):
        return Origin(channel=channel, ts=ts)
    return NOWHERE
