"""The edge's middleware, before every ack: the app's deps go into Bolt's context, typed text is
cleaned, unverified requests and deactivated accounts are refused, the workspace row exists,
one delivery per event_id does the work, a modal submitted twice is handled once. A database
that keeps these waiting more than ACK_LOCK_WAIT gets a 503 (Slack retries) instead of a late
ack."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

from bot.deps import Deps
from bot.request_checks import was_verified
from handlers.slack.context import DEPS, deps_in
from handlers.slack.deactivated import refuse_deactivated_people
from handlers.slack.event_claims import (
    ACK_LOCK_WAIT,
    EDGE,
    Edge,
    EventWork,
    busy,
    claim_event_work,
    edge_in,
)
from handlers.slack.payload import team_of
from handlers.slack.typed_input import clean_typed_text
from storage.engine import DatabaseBusy
from storage.repositories import events as events_repo
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.middleware")

# Slack retries for about an hour at most; keep ids comfortably longer.
EVENT_ID_RETENTION = timedelta(days=2)


def register(app: App, deps: Deps, *, event_work: Mapping[str, EventWork]) -> None:
    """Every middleware of the edge, in the order they run; `event_work` is every event type's
    work after the ack (the claimed listener runs it)."""
    app.middleware(ProvideDeps(deps, Edge(event_work)))
    app.middleware(clean_typed_text)  # before anything reads typed text
    app.middleware(refuse_unverified_requests)
    app.middleware(refuse_deactivated_people)
    app.middleware(skip_redelivered_events)
    app.middleware(skip_resubmitted_views)


class ProvideDeps(Middleware):
    """The one middleware that puts the app's Deps in the context (handlers.slack.context)."""

    def __init__(self, deps: Deps, edge: Edge) -> None:
        self.deps, self.edge = deps, edge

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,  # noqa: ARG002 - Bolt's signature
        next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
    ) -> BoltResponse | None:
        req.context[DEPS] = self.deps
        req.context[EDGE] = self.edge
        return next()


def refuse_unverified_requests(
    request: BoltRequest,
    next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
) -> BoltResponse | None:
    """Only what the server verified (or Socket Mode delivered) reaches a listener, whatever
    road it took to Bolt."""
    if not was_verified(request):
        logger.warning("refused a request the server did not verify")
        return BoltResponse(status=401, body="")
    return next()


def skip_redelivered_events(
    body: dict[str, Any],
    context: BoltContext,
    next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
) -> BoltResponse | None:
    deps, edge = deps_in(context), edge_in(context)
    team_id = team_of(body)
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    try:
        if team_id:
            _ensure_workspace(deps, edge, team_id)
        if event_id and team_id and not _first_delivery(deps, edge, body, team_id, str(event_id)):
            logger.info("skipping redelivered event", extra={"event_id": event_id})
            return BoltResponse(status=200, body="")
    except DatabaseBusy:
        return busy()
    return next()


def _ensure_workspace(deps: Deps, edge: Edge, team_id: str) -> None:
    if team_id not in edge.known_teams:
        with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
            people_repo.ensure_workspace(session, team_id=team_id, now=deps.clock.now())
        edge.known_teams.add(team_id)


def _first_delivery(
    deps: Deps, edge: Edge, body: dict[str, Any], team_id: str, event_id: str
) -> bool:
    """Claim the event: with its payload when it has work to do after the ack."""
    if str((body.get("event") or {}).get("type") or "") in edge.event_work:
        return claim_event_work(deps, body, team_id=team_id, event_id=event_id)
    with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
        return events_repo.claim_event(
            session, team_id=team_id, event_id=event_id, now=deps.clock.now()
        )


def skip_resubmitted_views(
    body: dict[str, Any],
    context: BoltContext,
    next: Callable[[], BoltResponse],  # noqa: A002 - Bolt's name
) -> BoltResponse | None:
    """A modal submitted from two tabs (same view id and hash) is handled once."""
    deps = deps_in(context)
    key, team_id = _view_key(body), team_of(body)
    if key is None or not team_id:
        return next()
    try:
        with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
            first = events_repo.claim_event(
                session, team_id=team_id, event_id=key, now=deps.clock.now()
            )
    except DatabaseBusy:
        return busy()
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
    key, team_id = _view_key(body), team_of(body)
    if key is not None and team_id:
        with deps.db.begin() as session:
            events_repo.release_event(session, team_id=team_id, event_id=key)


def _view_key(body: dict[str, Any]) -> str | None:
    if body.get("type") != "view_submission":
        return None
    view = body.get("view") or {}
    if not view.get("id"):
        return None
    return f"view:{view['id']}:{view.get('hash') or ''}"[:64]
