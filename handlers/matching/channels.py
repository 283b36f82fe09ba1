"""The workspace's public channels, read with conversations.list into the cache."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import network

logger = logging.getLogger("mentorbot.channels")
MAX_PAGES = 25  # 5,000 channels: enough to point people somewhere, bounded in time
PAGE_LIMIT = 200


def refresh_channels_if_stale(client: WebClient, deps: Deps, team_id: str) -> None:
    """Refill the cache when it is a few hours old; on a Slack error keep the old one."""
    now = deps.clock.now()
    with deps.db.begin() as session:
        if not network.channels_stale(session, team_id=team_id, now=now):
            return
    try:
        channels = list_public_channels(client)
    except SlackApiError as error:
        logger.warning("conversations.list failed: %s", error.response.get("error"))
        return
    with deps.db.begin() as session:
        network.replace_channels(session, team_id=team_id, channels=channels, now=now)


def list_public_channels(client: WebClient) -> list[network.ChannelInfo]:
    """Every unarchived public channel, page by page with the cursor."""
    found: list[network.ChannelInfo] = []
    cursor: str | None = None
    for _ in range(MAX_PAGES):
        response = client.conversations_list(
            types="public_channel", exclude_archived=True, limit=PAGE_LIMIT, cursor=cursor
        )
        found += [_info(c) for c in response.get("channels") or []]
        cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    return found


def _info(channel: dict[str, Any]) -> network.ChannelInfo:
    def text_of(field: str) -> str:
        value = channel.get(field)
        return str(value.get("value") or "") if isinstance(value, dict) else str(value or "")

    return network.ChannelInfo(
        channel_id=str(channel.get("id", "")),
        name=str(channel.get("name", "")),
        topic=text_of("topic"),
        purpose=text_of("purpose"),
        num_members=int(channel.get("num_members") or 0),
    )
