"""Global middleware: one delivery per event_id, and the workspace row exists."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltResponse
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from bot.deps import Deps
from bot.logs import new_request_id
from bot.request_checks import is_slack_url
from bot.services import people as people_service
from handlers.blocks.mrkdwn import section
from handlers.people import profile_from_user
from storage.repositories import events as events_repo
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.middleware")

# Slack retries for about an hour at most; keep ids comfortably longer.
EVENT_ID_RETENTION = timedelta(days=2)


def register(app: App, deps: Deps) -> None:
    known_teams: set[str] = set()

    @app.middleware
    def skip_redelivered_events(
        body: dict[str, Any],
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        new_request_id(str(body.get("event_id") or body.get("trigger_id") or "") or None)
        team_id = _team_id(body)
        if team_id and team_id not in known_teams:
            with deps.db.begin() as session:
                people_repo.ensure_workspace(session, team_id=team_id, now=deps.clock.now())
            known_teams.add(team_id)
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and team_id:
            with deps.db.begin() as session:
                first = events_repo.claim_event(
                    session, team_id=team_id, event_id=str(event_id), now=deps.clock.now()
                )
            if not first:
                logger.info("skipping redelivered event", extra={"event_id": event_id})
                return BoltResponse(status=200, body="")
        return next()

    @app.middleware
    def refuse_deactivated_people(
        body: dict[str, Any],
        client: WebClient,
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        team_id, user_id = _team_id(body), _user_id(body)
        if not team_id or not user_id:
            return next()
        now = deps.clock.now()
        if deps.active.is_known_active(team_id, user_id, now):
            return next()
        mark = deps.active.mark()
        if not _stored_as_deactivated(deps, team_id, user_id):
            deps.active.saw_active(team_id, user_id, now, read_since=mark)
            return next()
        # Stored flags can be stale (a reactivated account): ask Slack before refusing.
        user = client.users_info(user=user_id)["user"]
        if not user.get("deleted"):
            with deps.db.begin() as session:
                people_service.apply_profile(
                    session, team_id=team_id, profile=profile_from_user(user), now=now
                )
            deps.active.saw_active(team_id, user_id, now, read_since=mark)
            return next()
        logger.info("refused a deactivated account", extra={"team_id": team_id})
        return _refusal(body, api_url=deps.settings.api_url)

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
        with deps.db.begin() as session:
            first = events_repo.claim_event(
                session, team_id=team_id, event_id=key, now=deps.clock.now()
            )
        if not first:
            logger.info("skipping a modal submitted twice", extra={"view_key": key})
            return BoltResponse(status=200, body="")
        context["ack"] = _ReleasingAck(lambda: release_view_claim(deps, body))
        return next()


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


def _stored_as_deactivated(deps: Deps, team_id: str, user_id: str) -> bool:
    with deps.db.read() as connection:
        return people_repo.is_deactivated(connection, team_id=team_id, slack_user_id=user_id)


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
        return str(event["user"])
    return None


def _team_id(body: dict[str, Any]) -> str | None:
    team = body.get("team_id") or body.get("team")
    if isinstance(team, dict):
        team = team.get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team) if team else None
