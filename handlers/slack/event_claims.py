"""Events are done at least once, and what a person sent is stored once, even across a crash.

Before the ack the middleware claims the event with its payload, as Bolt verified it; the work
runs after the ack and finishes the claim, which drops the payload. A claim left unfinished
(the process died between the ack and the work, or the work failed) is taken over once its
lease is up: by Slack's retry, or by the scheduler pass (and `mentorbot serve` at start-up),
which run the same work on the stored payload; never on anything that was not verified when it
arrived. Doing the work twice stores nothing twice: a DM answer is keyed by its message ts.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_bolt import BoltContext, BoltResponse
from slack_sdk import WebClient

from bot.deps import Deps
from bot.logs import new_request_id
from handlers.slack.context import deps_in
from handlers.slack.payload import team_of
from storage.repositories import events as events_repo

logger = logging.getLogger("mentorbot.events")

EventWork = Callable[[WebClient, Deps, dict[str, Any]], None]
# (client, deps, the verified request body) -> None: what a listener does after the ack.

EDGE = "mentorbot_edge"


@dataclass
class Edge:
    """What the edge's middleware keeps for one app between requests (in the context, EDGE)."""

    # Event type -> its work after the ack: such events are claimed with their payload.
    event_work: Mapping[str, EventWork]
    known_teams: set[str] = field(default_factory=set)  # workspace rows known to exist


def edge_in(context: BoltContext) -> Edge:
    edge = context[EDGE]
    assert isinstance(edge, Edge)
    return edge


# Longer than an event's work ever takes, so a claim is only taken over when its work died.
CLAIM_LEASE = timedelta(minutes=2)
MOST_ATTEMPTS = 3  # a claim whose work failed this often is given up (the failure is logged)
# How long a unit of work on a request's path before its ack waits for a database lock: a
# lock held for a second is waited for, a longer one gets a 503 well inside Slack's 3 s.
ACK_LOCK_WAIT = 1.25  # seconds


def claim_event_work(deps: Deps, body: dict[str, Any], *, team_id: str, event_id: str) -> bool:
    """True when this delivery is to do the event's work (it raises DatabaseBusy when the
    database keeps it waiting: the caller answers 503 and Slack retries)."""
    now = deps.clock.now()
    with deps.db.begin_quickly(lock_wait=ACK_LOCK_WAIT) as session:
        return events_repo.claim_event_work(
            session,
            team_id=team_id,
            event_id=event_id,
            payload=json.dumps(body),
            now=now,
            stale_before=now - CLAIM_LEASE,
            most_attempts=MOST_ATTEMPTS,
        )


def handle_claimed_event(body: dict[str, Any], client: WebClient, context: BoltContext) -> None:
    """The one listener of every event type with work: the work (its claim was taken before
    the ack), then the claim finished."""
    work = edge_in(context).event_work[str((body.get("event") or {}).get("type") or "")]
    run_claimed(client, deps_in(context), body, work)


def run_claimed(client: WebClient, deps: Deps, body: dict[str, Any], work: EventWork) -> None:
    """Do the event's work, then finish its claim. A failure leaves the claim unfinished (and
    raises): the next pass after the lease does the work again."""
    work(client, deps, body)
    with deps.db.begin() as session:
        events_repo.finish_event_work(
            session, team_id=team_of(body), event_id=str(body.get("event_id") or "")
        )


def finish_unfinished_events(
    client: WebClient,
    deps: Deps,
    now: datetime,
    work_for: Callable[[str], EventWork | None],
    client_for: Callable[[str], WebClient | None],
    *,
    limit: int = 100,
) -> int:
    """Do the work of claims left unfinished past their lease; returns how many failed."""
    stale_before = now - CLAIM_LEASE
    with deps.db.begin() as session:
        keys = events_repo.unfinished_events(session, stale_before=stale_before, limit=limit)
    failed = 0
    for team_id, event_id in keys:
        with deps.db.begin() as session:
            payload = events_repo.take_unfinished_event(
                session,
                team_id=team_id,
                event_id=event_id,
                now=now,
                stale_before=stale_before,
                most_attempts=MOST_ATTEMPTS,
            )
        if payload is None:
            logger.info(
                "an unfinished event was taken elsewhere, or given up", extra={"event_id": event_id}
            )
            continue
        new_request_id(event_id)
        body = json.loads(payload)
        work = work_for(str((body.get("event") or {}).get("type") or ""))
        team_client = client_for(team_id)
        try:
            if work is None or team_client is None:  # nothing to do, or uninstalled
                work, team_client = _nothing, client
            run_claimed(team_client, deps, body, work)
        except Exception:
            logger.exception("unfinished event failed again", extra={"event_id": event_id})
            failed += 1
    return failed


def _nothing(_client: WebClient, _deps: Deps, _body: dict[str, Any]) -> None:
    return None


def busy() -> BoltResponse:
    """The database kept the ack waiting (a lock, or it is down): Slack retries a 503."""
    logging.getLogger("mentorbot.middleware").warning("database busy before the ack; answered 503")
    return BoltResponse(status=503, body="busy, please retry")
