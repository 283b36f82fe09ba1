"""The "Post to channel" button under a private summary."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.people import is_admin
from bot.services.roles import can_read_summaries
from bot.services.summaries import digests
from handlers.slack.clicks import Click, on_click
from handlers.slack.payload import first_action, team_of, user_of
from handlers.slack.people import ensure_person
from handlers.summaries import blocks, delivery


@on_click
def handle_action_post_summary(click: Click) -> None:
    try:
        answer, posted = post_from_button(click.client, click.deps, click.body)
    except SlackApiError as error:  # users.info or conversations.info refused
        answer, posted = blocks.build_slack_error_message(delivery.slack_error(error)), False
    # Once posted, the preview becomes a note, so its button cannot be clicked again.
    click.respond(replace_original=posted, **answer)


def post_from_button(
    client: WebClient, deps: Deps, body: dict[str, Any]
) -> tuple[dict[str, Any], bool]:
    """Post once per button (answer, posted): the role is checked again, figures recomputed."""
    parsed = blocks.parse_post_button_value(str(first_action(body).get("value") or ""))
    team_id, user_id = team_of(body), user_of(body)
    if parsed is None:
        return blocks.build_post_failed_message("invalid_button"), False
    period_key, channel_id, token = parsed
    person = ensure_person(client, deps, team_id, user_id)
    with deps.db.begin() as session:
        allowed = can_read_summaries(session, person)
        admin = allowed and is_admin(session, person)
    if not allowed:
        return blocks.build_not_allowed_message(), False
    if delivery.channel_problem(client, channel_id) is not None:
        return blocks.build_not_in_channel_message(), False
    try:
        delivery.refresh_members(client, deps, team_id, channel_id)
    except delivery.MemberListFailed as failure:
        return blocks.build_members_failed_message(failure.error), False
    if not admin and not delivery.is_member(deps, team_id, channel_id, user_id):
        return blocks.build_lead_not_member_message(), False
    return _post_once(client, deps, team_id, channel_id, period_key, token, person.tz, user_id)


def _post_once(
    client: WebClient,
    deps: Deps,
    team_id: str,
    channel_id: str,
    period_key: str,
    token: str,
    tz_name: str,
    user_id: str,
) -> tuple[dict[str, Any], bool]:
    now = deps.clock.now()
    with deps.db.begin() as session:
        post_id = digests.claim(
            session,
            team_id=team_id,
            channel_id=channel_id,
            post_key=digests.click_key(token),
            now=now,
        )
    if post_id is None:
        return blocks.build_already_posted_message(), False
    summary = delivery.summarize(
        deps,
        team_id=team_id,
        channel_id=channel_id,
        period_key=period_key,
        tz_name=tz_name,
        now=now,
    )
    try:
        ts = delivery.post_summary(client, summary, posted_by=user_id)
    except SlackApiError as error:
        with deps.db.begin() as session:
            digests.release(session, post_id=post_id)  # a person is waiting: let them retry
        return blocks.build_post_failed_message(delivery.slack_error(error)), False
    with deps.db.begin() as session:
        digests.mark_sent(session, post_id=post_id, message_ts=ts, now=deps.clock.now())
    return blocks.build_posted_note(channel_id), True
