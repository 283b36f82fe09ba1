"""Nothing is stored or done for a deactivated account, not even its first request: the middleware
asks Slack about anyone new (or stored as deactivated) before the ack, and refuses where Slack
shows it."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.deps import Deps
from bot.logs import new_request_id
from bot.request_checks import is_slack_url
from bot.services import people as people_service
from handlers.slack.apology import apologize
from handlers.slack.context import deps_in
from handlers.slack.event_claims import ACK_LOCK_WAIT, busy
from handlers.slack.payload import team_of, user_of
from handlers.slack.people import profile_from_user, users_info
from handlers.slack.replies import form_refusal
from handlers.slack.team_clients import without_sleeping_retries
from storage.engine import DatabaseBusy
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.middleware")

DEACTIVATED = "This account is deactivated, so nothing changed."


def refuse_deactivated_people(
    body: dict[str, Any],
    client: WebClient,
    respond: Respond,
    context: BoltContext,
    next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
) -> BoltResponse | None:
    """Bolt middleware: refuse a deactivated account's request before anything is stored."""
    new_request_id(str(body.get("event_id") or body.get("trigger_id") or "") or None)
    deps = deps_in(context)
    team_id, user_id = team_of(body), acting_user(body)
    if not team_id or not user_id:
        return next()
    now = deps.clock.now()
    if deps.active.is_known_active(team_id, user_id, now):
        return next()
    mark = deps.active.mark()
    stored = _stored_deactivation(deps, team_id, user_id)
    if stored is False:
        deps.active.saw_active(team_id, user_id, now, read_since=mark)
        return next()
    # Someone new (their first request), or stored as deactivated (stale flags: a
    # reactivated account): ask Slack before anything is stored or done.
    try:  # before the ack: no sleeping on a 429 or 5xx
        user = users_info(without_sleeping_retries(client), deps, team_id, user_id)
    except SlackApiError as error:
        logger.warning("users.info failed", extra={"error": error.response.get("error")})
        if not _for_now(error):
            return next()  # Slack answered (no such user, say): as before, the listener decides
        # Slack cannot say who this is for now, so nothing is done: the person is asked
        # to try again in a minute, as when a listener fails.
        apologize(body, respond, client, api_url=deps.settings.api_url)
        return BoltResponse(status=200, body="")
    if user.get("deleted"):
        logger.info("refused a deactivated account", extra={"team_id": team_id})
        return _refusal(body, api_url=deps.settings.api_url)
    if stored:
        try:
            with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
                people_service.apply_profile(
                    session, team_id=team_id, profile=profile_from_user(user), now=now
                )
        except DatabaseBusy:
            return busy()
    deps.active.saw_active(team_id, user_id, now, read_since=mark)
    return next()


def acting_user(body: dict[str, Any]) -> str | None:
    """Whose request this is: the person of a command or an interaction, or the author of a
    message event (not a bot's post); None for other events."""
    if body.get("type") != "event_callback":
        return user_of(body) or None
    event = body.get("event") or {}
    if event.get("type") == "message" and isinstance(event.get("user"), str):
        return None if event.get("bot_id") else str(event["user"])
    return None


def _for_now(error: SlackApiError) -> bool:
    """A failure that says nothing about the account: Slack is busy or down."""
    status = int(error.response.status_code or 0)
    return status >= 500 or status == 429 or error.response.get("error") == "ratelimited"


def _stored_deactivation(deps: Deps, team_id: str, user_id: str) -> bool | None:
    with deps.db.read() as connection:
        return people_repo.stored_deactivation(connection, team_id=team_id, slack_user_id=user_id)


def _refusal(body: dict[str, Any], *, api_url: str) -> BoltResponse:
    """Say so where Slack shows it: the slash command answer, the modal, or the response_url."""
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": DEACTIVATED})
    if body.get("type") == "view_submission":
        return BoltResponse(status=200, body=form_refusal(body.get("view") or {}, DEACTIVATED))
    response_url = str(body.get("response_url") or "")
    if response_url and is_slack_url(response_url, api_url=api_url):
        WebhookClient(response_url).send(
            text=DEACTIVATED, response_type="ephemeral", replace_original=False
        )
    return BoltResponse(status=200, body="")
