"""/mentoring-summary [7d|30d|90d]: aggregate figures for the channel it is run in."""

from __future__ import annotations

import uuid
from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.people import is_admin
from bot.services.roles import can_read_summaries
from bot.services.summaries.periods import UnknownPeriod, parse_period
from handlers.slack.after_ack import after_ack
from handlers.slack.context import deps_in
from handlers.slack.people import ensure_person
from handlers.summaries import blocks, delivery

SUMMARY = "/mentoring-summary"


def handle_command_summary(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    typed = str(body.get("text") or "").strip()
    try:
        period_key = parse_period(typed)
    except UnknownPeriod:
        ack(**blocks.build_unknown_period_message(typed))
        return
    ack()
    deps = deps_in(context)

    def answer() -> None:
        try:
            message = answer_summary(client, deps, body, period_key)
        except SlackApiError as error:  # users.info or conversations.info refused
            message = blocks.build_slack_error_message(delivery.slack_error(error))
        respond(**message)

    # Member lists, a summary over thousands of rows and a chart: the deferred lane, so
    # the acks of the requests behind this one are not kept waiting.
    after_ack(deps, body, respond, client, answer)


def answer_summary(
    client: WebClient, deps: Deps, body: dict[str, Any], period_key: str
) -> dict[str, Any]:
    """The private answer: the summary with its button, or why there is none."""
    team_id, user_id = str(body["team_id"]), str(body["user_id"])
    channel_id = str(body.get("channel_id") or "")
    person = ensure_person(client, deps, team_id, user_id)
    with deps.db.begin() as session:
        allowed = can_read_summaries(session, person)
        admin = allowed and is_admin(session, person)
    if not allowed:
        return blocks.build_not_allowed_message()
    problem = delivery.channel_problem(client, channel_id, str(body.get("channel_name") or ""))
    if problem is not None:
        return (
            blocks.build_dm_message() if problem == "dm" else blocks.build_not_in_channel_message()
        )
    try:
        delivery.refresh_members(client, deps, team_id, channel_id)
    except delivery.MemberListFailed as failure:
        return blocks.build_members_failed_message(failure.error)
    if not admin and not delivery.is_member(deps, team_id, channel_id, user_id):
        return blocks.build_lead_not_member_message()
    summary = delivery.summarize(
        deps,
        team_id=team_id,
        channel_id=channel_id,
        period_key=period_key,
        tz_name=person.tz,
        now=deps.clock.now(),
    )
    return blocks.build_summary_preview(summary, token=uuid.uuid4().hex)
