"""Global middleware, before every ack: deactivated accounts are refused, the workspace row
exists, one delivery per event_id does the work. A database that keeps these waiting more than
ACK_LOCK_WAIT gets a 503 (Slack retries) instead of a late ack."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.deps import Deps
from bot.logs import new_request_id
from bot.request_checks import is_slack_url, was_verified
from bot.services import people as people_service
from handlers.events import EVENT_WORK
from handlers.slack.apology import apologize
from handlers.slack.event_claims import ACK_LOCK_WAIT, claim_event_work
from handlers.slack.mrkdwn import section
from handlers.slack.people import profile_from_user, users_info
from handlers.slack.team_clients import without_sleeping_retries
from storage.engine import DatabaseBusy
from storage.repositories import events as events_repo
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.middleware")

# Slack retries for about an hour at most; keep ids comfortably longer.
EVENT_ID_RETENTION = timedelta(days=2)


def register(app: App, deps: Deps) -> None:
    known_teams: set[str] = set()

    def ensure_workspace(team_id: str) -> None:
        if team_id not in known_teams:
            with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
                people_repo.ensure_workspace(session, team_id=team_id, now=deps.clock.now())
            known_teams.add(team_id)

    @app.middleware
    def refuse_unverified_requests(
        request: BoltRequest,
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        """Runs before everything: only what the server verified (or Socket Mode delivered)
        reaches a listener, whatever road it took to Bolt."""
        if not was_verified(request):
            logger.warning("refused a request the server did not verify")
            return BoltResponse(status=401, body="")
        return next()

    @app.middleware
    def refuse_deactivated_people(
        body: dict[str, Any],
        client: WebClient,
        respond: Respond,
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        """Runs first: nothing is stored for a deactivated account, not even its first request."""
        new_request_id(str(body.get("event_id") or body.get("trigger_id") or "") or None)
        team_id, user_id = _team_id(body), _user_id(body)
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
                return _busy()
        deps.active.saw_active(team_id, user_id, now, read_since=mark)
        return next()

    @app.middleware
    def skip_redelivered_events(
        body: dict[str, Any],
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        team_id = _team_id(body)
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        try:
            if team_id:
                ensure_workspace(team_id)
            if event_id and team_id and not _first_delivery(deps, body, team_id, str(event_id)):
                logger.info("skipping redelivered event", extra={"event_id": event_id})
                return BoltResponse(status=200, body="")
        except DatabaseBusy:
            return _busy()
        return next()

    @app.middleware
    def skip_resubmitted_views(
        body: dict[str, Any],
        context: BoltContext,
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        """A modal submitted from two tabs (same view id and hash) is handled once."""
        key = _view_key(body)
        team_id = _team_id(body)
        if key is None or team_id is None:
            return next()
        try:
            with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
                first = events_repo.claim_event(
                    session, team_id=team_id, event_id=key, now=deps.clock.now()
                )
        except DatabaseBusy:
            return _busy()
        if not first:
            logger.info("skipping a modal submitted twice", extra={"view_key": key})
            return BoltResponse(status=200, body="")
        context["ack"] = _ReleasingAck(lambda: release_view_claim(deps, body))
        return next()


def _first_delivery(deps: Deps, body: dict[str, Any], team_id: str, event_id: str) -> bool:
    """Claim the event: with its payload when it has work to do after the ack."""
    if str((body.get("event") or {}).get("type") or "") in EVENT_WORK:
        return claim_event_work(deps, body, team_id=team_id, event_id=event_id)
    with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
        return events_repo.claim_event(
            session, team_id=team_id, event_id=event_id, now=deps.clock.now()
        )


def _for_now(error: SlackApiError) -> bool:
    """A failure that says nothing about the account: Slack is busy or down."""
    status = int(error.response.status_code or 0)
    return status >= 500 or status == 429 or error.response.get("error") == "ratelimited"


def _busy() -> BoltResponse:
    """The database kept the ack waiting (a lock, or it is down): Slack retries a 503."""
    logger.warning("database busy before the ack; answered 503")
    return BoltResponse(status=503, body="busy, please retry")


class _ReleasingAck(Ack):
    """An ack that forgets the submission's claim when it sends the form back with errors:
    the person corrects it and submits the same view again."""

    def __init__(self, release: Callable[[], None]) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._release = release

    def __call__(self, *args: Any, **kwargs: Any) -> BoltResponse:
        if kwargs.get("response_action") == "errors":
            self._release()
        return super().__call__(*args, **kwargs)


def release_view_claim(deps: Deps, body: dict[str, Any]) -> None:
    """Forget that this modal submission was handled (it was refused or it failed)."""
    key, team_id = _view_key(body), _team_id(body)
    if key is not None and team_id is not None:
        with deps.db.begin() as session:
            events_repo.release_event(session, team_id=team_id, event_id=key)


def _view_key(body: dict[str, Any]) -> str | None:
    if body.get("type") != "view_submission":
        return None
    view = body.get("view") or {}
    if not view.get("id"):
        return None
    return f"view:{view['id']}:{view.get('hash') or ''}"[:64]


DEACTIVATED = "This account is deactivated, so nothing changed."


def _stored_deactivation(deps: Deps, team_id: str, user_id: str) -> bool | None:
    with deps.db.read() as connection:
        return people_repo.stored_deactivation(connection, team_id=team_id, slack_user_id=user_id)


def _refusal(body: dict[str, Any], *, api_url: str) -> BoltResponse:
    """Say so where Slack shows it: the slash command answer, the modal, or the response_url."""
    if body.get("command"):
        return BoltResponse(status=200, body={"response_type": "ephemeral", "text": DEACTIVATED})
    if body.get("type") == "view_submission":
        view = body.get("view") or {}
        inputs = [b for b in view.get("blocks") or [] if b.get("type") == "input"]
        if inputs and inputs[0].get("block_id"):
            errors = {inputs[0]["block_id"]: DEACTIVATED}
            return BoltResponse(status=200, body={"response_action": "errors", "errors": errors})
        notice = {
            "type": "modal",
            "title": {"type": "plain_text", "text": "Mentorbot"},
            "close": {"type": "plain_text", "text": "Close"},
            "blocks": [section(DEACTIVATED)],
        }
        return BoltResponse(status=200, body={"response_action": "update", "view": notice})
    response_url = str(body.get("response_url") or "")
    if response_url and is_slack_url(response_url, api_url=api_url):
        WebhookClient(response_url).send(
            text=DEACTIVATED, response_type="ephemeral", replace_original=False
        )
    return BoltResponse(status=200, body="")


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if isinstance(user, dict) and body.get("type") != "event_callback":
        return str(user.get("id") or "") or None
    if body.get("user_id"):
        return str(body["user_id"])
    event = body.get("event") or {}
    if event.get("type") == "message" and isinstance(event.get("user"), str):
        return None if event.get("bot_id") else str(event["user"])  # not a bot's post
    return None


def _team_id(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team) if team else None
