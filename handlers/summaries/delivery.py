"""The Slack side of channel summaries, shared by the command, the button and the digest:
can we use the channel, who is in it (every page, or nothing), and posting with the chart."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services.summaries import channel_members, charts
from bot.services.summaries.channel import compute_summary
from bot.services.summaries.figures import ChannelSummary
from handlers.summaries.blocks import build_posted_summary, chart_title
from storage.models import Workspace

logger = logging.getLogger("mentorbot.summaries")

MEMBERS_PAGE = 1000  # the most conversations.members returns per page


class MemberListFailed(Exception):
    """Slack refused a page of the member list; nothing was stored."""

    def __init__(self, error: str) -> None:
        super().__init__(error)
        self.error = error


def slack_error(error: SlackApiError) -> str:
    return str(error.response.get("error") or "unknown_error")


# Slash commands name a DM "directmessage" and a group DM "mpdm-..."; asking conversations.info
# about a group DM would need mpim:read, a scope the app does not ask for.
_DM_NAMES = ("directmessage", "mpdm-")


def channel_problem(client: WebClient, channel_id: str, channel_name: str = "") -> str | None:
    """None when the bot is in this channel; "dm" for direct messages; "not_in" otherwise."""
    if channel_id.startswith("D") or channel_name.startswith(_DM_NAMES):
        return "dm"
    try:
        channel = client.conversations_info(channel=channel_id)["channel"]
    except SlackApiError as error:
        if slack_error(error) == "channel_not_found":
            return "not_in"
        raise
    if channel.get("is_im") or channel.get("is_mpim"):
        return "dm"
    return None if channel.get("is_member") else "not_in"


def bot_user_id(client: WebClient, deps: Deps, team_id: str) -> str | None:
    """The bot's own user id (auth.test once, then kept on the workspace row)."""
    with deps.db.begin() as session:
        workspace = session.get(Workspace, team_id)
        if workspace is not None and workspace.bot_user_id:
            return workspace.bot_user_id
    user_id = str(client.auth_test().get("user_id") or "") or None
    with deps.db.begin() as session:
        workspace = session.get(Workspace, team_id)
        if workspace is not None and user_id:
            workspace.bot_user_id = user_id
            session.add(workspace)
    return user_id


def refresh_members(client: WebClient, deps: Deps, team_id: str, channel_id: str) -> None:
    """Make sure a complete, recent member list of the channel is stored.

    Reads every page (cursor) before storing anything, so a failure half-way leaves the old
    list alone and raises MemberListFailed: figures are never computed from part of a channel.
    """
    with deps.db.begin() as session:
        if channel_members.is_fresh(
            session, team_id=team_id, channel_id=channel_id, now=deps.clock.now()
        ):
            return
    members: list[str] = []
    cursor: str | None = None
    try:
        while True:
            page = client.conversations_members(
                channel=channel_id, limit=MEMBERS_PAGE, cursor=cursor
            )
            members.extend(str(m) for m in page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                break
    except SlackApiError as error:
        raise MemberListFailed(slack_error(error)) from error
    bot_id = bot_user_id(client, deps, team_id)
    with deps.db.begin() as session:
        channel_members.store(
            session,
            team_id=team_id,
            channel_id=channel_id,
            slack_user_ids=[m for m in members if m != bot_id],
            now=deps.clock.now(),
        )


def is_member(deps: Deps, team_id: str, channel_id: str, user_id: str) -> bool:
    with deps.db.begin() as session:
        return channel_members.has_member(
            session, team_id=team_id, channel_id=channel_id, slack_user_id=user_id
        )


def summarize(
    deps: Deps, *, team_id: str, channel_id: str, period_key: str, tz_name: str, now: datetime
) -> ChannelSummary:
    """The summary over the stored member list; "today" is the reader's local date."""
    with deps.db.begin() as session:
        return compute_summary(
            session,
            team_id=team_id,
            channel_id=channel_id,
            period_key=period_key,
            today=local(now, tz_name).date(),
            tz_name=tz_name,
            beside=deps.db if _second_connection_is_cheap(deps) else None,
        )


def _second_connection_is_cheap(deps: Deps) -> bool:
    """The tally beside takes a second connection while the first is held: only when the pool
    has one for every listener thread (else summaries at once could wait on each other), and
    never for an in-memory SQLite database (a second connection would see another one)."""
    settings = deps.settings
    return not deps.db.is_in_memory and settings.db_pool_size >= settings.threads


def post_summary(
    client: WebClient, summary: ChannelSummary, *, posted_by: str | None
) -> str | None:
    """Post the summary in its channel, the chart (when matplotlib is there) in its thread.

    Returns the message ts. A chart that fails to upload is logged, not fatal: the figures are
    already posted.
    """
    png = charts.meetings_per_week_png(summary.weeks, title=chart_title(summary))
    message = build_posted_summary(summary, posted_by=posted_by, with_chart=png is not None)
    posted = client.chat_postMessage(channel=summary.channel_id, **message)
    ts = str(posted.get("ts") or "") or None
    if png is not None:
        try:
            client.files_upload_v2(
                channel=summary.channel_id,
                thread_ts=ts,
                content=png,
                filename="meetings-per-week.png",
                title=chart_title(summary),
            )
        except Exception:  # noqa: BLE001 - the summary is out; a missing chart is not worth failing
            logger.exception("chart upload failed", extra={"channel_id": summary.channel_id})
    return ts
