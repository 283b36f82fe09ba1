"""The scheduler pass on the Slack side: plan, claim due deliveries, send them, record it.

A pass is a list of due-work sources run in order; each gets the client, deps, the moment and
the report. Another feature (a weekly digest, say) appends its own source to DUE_WORK_SOURCES.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.scheduler import PassReport
from bot.services import scheduling as sched
from handlers.blocks.scheduler import (
    DeliveryContext,
    build_delivery_message,
    build_request_expired_message,
)
from handlers.jobs_digest import run_digest_pass
from handlers.people import dm_channel
from handlers.retention import purge_expired
from handlers.scheduler_common import pair_channel
from handlers.team_clients import client_for_team

logger = logging.getLogger("mentorbot.scheduler")

PLAN_BATCH = 200
CLAIM_BATCH = 100
SENDERS = 4  # concurrent sends per pass; Slack's rate limit, not this, sets the pace
MAX_PLAN_BATCHES = 10_000  # a guard against a planner that never runs dry
HISTORY_LOOKBACK = 200
METADATA_EVENT = "mentorbot_delivery"

DueWorkSource = Callable[[WebClient, Deps, datetime, PassReport], None]


def run_scheduler_pass(client: WebClient, deps: Deps, now: datetime) -> PassReport:
    """One pass as if it were `now`; returns what it sent."""
    report = PassReport(at=now)
    for source in DUE_WORK_SOURCES:
        try:
            source(client, deps, now, report)
        except Exception:
            logger.exception("scheduler source failed", extra={"source": source.__name__})
            report.failed += 1
    return report


def plan_due_work(client: WebClient, deps: Deps, now: datetime, _report: PassReport) -> None:
    """Bring the delivery table up to date: resumed pauses, new pairs, expired requests."""
    with deps.db.begin() as session:
        sched.resume_paused_pairs(session, now=now)
    for kind in ("meeting_prompt", "pulse"):
        for _ in range(MAX_PLAN_BATCHES):
            with deps.db.begin() as session:
                planned = sched.plan_batch(session, kind=kind, now=now, limit=PLAN_BATCH)
            if planned < PLAN_BATCH:
                break
    for _ in range(MAX_PLAN_BATCHES):
        with deps.db.begin() as session:
            expired = sched.expire_intro_requests(session, now=now, limit=PLAN_BATCH)
        mark_expired_for_mentors(client, deps, expired)
        if len(expired) < PLAN_BATCH:
            break


def mark_expired_for_mentors(
    client: WebClient, deps: Deps, expired: list[sched.ExpiredRequest]
) -> None:
    """Replace Accept / Not now / Decline on each mentor's copy: nothing is left to answer.
    Best effort: the gentle expiry note (a delivery) still goes if an update fails."""
    clients = TeamClients(client, deps)
    for request in expired:
        team_client = clients.get(request.team_id)
        if team_client is None or not request.mentor_channel_id or not request.mentor_message_ts:
            continue
        message = build_request_expired_message(request.mentee_user)
        try:
            team_client.chat_update(
                channel=request.mentor_channel_id,
                ts=request.mentor_message_ts,
                text=message["text"],
                blocks=message["blocks"],
            )
        except SlackApiError as error:
            logger.warning(
                "cannot mark an expired request on the mentor's copy",
                extra={"error": error.response.get("error")},
            )


def send_due_deliveries(client: WebClient, deps: Deps, now: datetime, report: PassReport) -> None:
    """Claim due rows in batches (memory stays flat) and send each batch with a few threads,
    so one slow Slack round trip does not hold up the rest. Rows for the same person go in
    separate rounds, so their messages arrive in a stable order."""
    token = str(uuid.uuid4())
    clients = TeamClients(client, deps)
    with ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="scheduler-send") as pool:
        while True:
            # The lease runs from the real clock too, so a long pass holds no expired leases.
            lease_start = max(now, deps.clock.now())
            with deps.db.begin() as session:
                ids = sched.claim_due(
                    session, now=now, lease_start=lease_start, token=token, limit=CLAIM_BATCH
                )
                rounds = sched.waves(session, ids=ids)
            if not ids:
                return
            send = partial(deliver, clients, deps, token=token, now=now)
            for members in rounds:
                for outcome in pool.map(send, members):
                    _count(report, outcome)


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed delivery: sent, skipped, failed, or left for later."""

    status: str
    line: str = ""


def _count(report: PassReport, outcome: Outcome) -> None:
    if outcome.status == "sent":
        report.sent.append(outcome.line)
    elif outcome.status == "skipped":
        report.skipped += 1
    elif outcome.status == "failed":
        report.failed += 1


class TeamClients:
    """One WebClient per workspace for the length of a pass (multi-workspace installs)."""

    def __init__(self, base: WebClient, deps: Deps) -> None:
        self._base, self._deps = base, deps
        self._clients: dict[str, WebClient | None] = {}
        self._lock = threading.Lock()

    def get(self, team_id: str) -> WebClient | None:
        with self._lock:
            if team_id not in self._clients:
                self._clients[team_id] = client_for_team(self._base, self._deps, team_id)
            return self._clients[team_id]


def deliver(
    clients: TeamClients, deps: Deps, delivery_id: int, *, token: str, now: datetime
) -> Outcome:
    """Send one claimed delivery, or record why not."""
    with deps.db.begin() as session:
        decision = sched.begin_send(session, delivery_id=delivery_id, token=token, now=now)
    if isinstance(decision, sched.Verdict):
        return Outcome("skipped" if decision.action == "skip" else decision.action)
    client = clients.get(decision.team_id)
    if client is None:  # the workspace uninstalled the app: nothing can be sent there
        with deps.db.begin() as session:
            sched.skip_claimed(
                session, delivery_id=delivery_id, token=token, reason="workspace not installed"
            )
        return Outcome("skipped")
    try:
        channel, ts = _post(client, deps, decision)
    except SlackApiError as error:
        return _record_slack_error(deps, decision, token, error, now)
    except Exception as error:  # noqa: BLE001 - one bad delivery must not stop the pass
        logger.exception("delivery failed", extra={"delivery_id": delivery_id})
        return _record_failure(deps, decision, token, repr(error), now)
    with deps.db.begin() as session:
        sched.finish_sent(
            session,
            delivery_id=delivery_id,
            token=token,
            channel_id=channel,
            message_ts=ts,
            now=now,
        )
    return Outcome("sent", _sent_line(decision, channel, now))


def _post(client: WebClient, deps: Deps, plan: sched.SendPlan) -> tuple[str, str]:
    # The channel is cached on the pair or person once opened, so a resend finds it again.
    channel = plan.known_channel or _open_channel(client, deps, plan)
    if plan.attempts > 1:
        # An earlier try may have posted before it crashed or timed out: look before resending.
        found = find_posted(client, channel, plan.delivery_id)
        if found is not None:
            logger.info("delivery already posted", extra={"delivery_id": plan.delivery_id})
            return channel, found
    message = build_delivery_message(_context(plan))
    response = client.chat_postMessage(
        channel=channel,
        text=message["text"],
        blocks=message["blocks"],
        metadata={
            "event_type": METADATA_EVENT,
            "event_payload": {"delivery_id": plan.delivery_id, "kind": plan.kind},
        },
        unfurl_links=False,
    )
    return str(response["channel"]), str(response["ts"])


def _open_channel(client: WebClient, deps: Deps, plan: sched.SendPlan) -> str:
    if plan.recipient is not None:
        return dm_channel(client, deps, plan.recipient)
    assert plan.pair is not None
    channel = pair_channel(client, deps, plan.pair.id or 0)
    if channel is None:
        raise LookupError(f"pair {plan.pair.id} is gone")
    return channel


def find_posted(client: WebClient, channel: str, delivery_id: int) -> str | None:
    """The ts of a message in `channel` carrying this delivery id in its metadata, if any."""
    try:
        response = client.conversations_history(
            channel=channel, limit=HISTORY_LOOKBACK, include_all_metadata=True
        )
    except SlackApiError as error:
        logger.warning(
            "cannot check for an earlier post; sending",
            extra={"delivery_id": delivery_id, "error": error.response.get("error")},
        )
        return None
    for message in response.get("messages") or []:
        metadata: dict[str, Any] = message.get("metadata") or {}
        payload = metadata.get("event_payload") or {}
        if (
            metadata.get("event_type") == METADATA_EVENT
            and payload.get("delivery_id") == delivery_id
        ):
            return str(message["ts"])
    return None


def _context(plan: sched.SendPlan) -> DeliveryContext:
    return DeliveryContext(
        kind=plan.kind,
        delivery_id=plan.delivery_id,
        pair_id=plan.pair.id if plan.pair else None,
        mentor_user=plan.mentor.slack_user_id if plan.mentor else "",
        mentee_user=plan.mentee.slack_user_id if plan.mentee else "",
        recipient_user=plan.recipient.slack_user_id if plan.recipient else "",
        occurrence=plan.occurrence,
        cadence=plan.pair.cadence if plan.pair else "",
        weekday=plan.pair.meeting_weekday if plan.pair else 0,
        adapt_kind_label=sched.KIND_LABELS.get(plan.adapt_kind, "reminders"),
        skill_label=plan.skill_label,
    )


def _record_slack_error(
    deps: Deps, plan: sched.SendPlan, token: str, error: SlackApiError, now: datetime
) -> Outcome:
    code = str(error.response.get("error") or f"http_{error.response.status_code}")
    if code not in sched.UNDELIVERABLE:
        logger.warning(
            "delivery failed; will retry", extra={"delivery_id": plan.delivery_id, "error": code}
        )
        return _record_failure(deps, plan, token, code, now)
    logger.warning(
        "recipient cannot get messages; stopping their deliveries",
        extra={"delivery_id": plan.delivery_id, "error": code},
    )
    with deps.db.begin() as session:
        if plan.recipient is not None:
            sched.stop_person(
                session,
                delivery_id=plan.delivery_id,
                token=token,
                person=plan.recipient,
                error=code,
                now=now,
            )
        else:
            sched.stop_pair_channel(session, delivery_id=plan.delivery_id, token=token, error=code)
    return Outcome("skipped")


def _record_failure(
    deps: Deps, plan: sched.SendPlan, token: str, error: str, now: datetime
) -> Outcome:
    people = [p.id or 0 for p in (plan.recipient, plan.mentor, plan.mentee) if p is not None]
    with deps.db.begin() as session:
        sched.finish_failed(
            session,
            delivery_id=plan.delivery_id,
            token=token,
            error=error,
            now=now,
            recipients=people,
        )
    return Outcome("failed")


def _sent_line(plan: sched.SendPlan, channel: str, now: datetime) -> str:
    who = (
        plan.recipient.slack_user_id
        if plan.recipient
        else f"pair {plan.pair.id if plan.pair else '?'}"
    )
    return f"{now.isoformat()} sent {plan.kind} #{plan.delivery_id} to {who} in {channel}"


DUE_WORK_SOURCES: list[DueWorkSource] = [
    plan_due_work,
    send_due_deliveries,
    run_digest_pass,  # weekly channel digests (handlers/jobs_digest.py)
    purge_expired,  # retention: old searches and once-only keys (handlers/retention.py)
]
