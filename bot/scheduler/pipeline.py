"""The scheduler pass on the Slack side: plan, claim due deliveries, send them, record it.

A pass is a list of due-work sources run in order; each gets the client, deps, the moment and
the report. Another feature (a weekly digest, say) appends its own source to DUE_WORK_SOURCES.
"""

from __future__ import annotations

import collections
import heapq
import logging
import random
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.preflight import describe
from bot.scheduler import PassReport
from bot.services import scheduling as sched
from handlers.blocks.scheduler import (
    DeliveryContext,
    build_delivery_message,
    build_request_expired_message,
)
from handlers.events import finish_unfinished_events
from handlers.jobs_digest import run_digest_pass
from handlers.people import dm_channel
from handlers.retention import purge_expired
from handlers.scheduler_common import pair_channel
from handlers.team_clients import client_for_team, without_sleeping_retries

logger = logging.getLogger("mentorbot.scheduler")

PLAN_BATCH = 200
CLAIM_BATCH = 100
# Concurrent sends per pass. A sender is mostly waiting (a Slack round trip and two short
# transactions), so throughput is about SENDERS / time per send: 8 keep 100 posts a second going
# at 80 ms a send, which real Slack round trips reach; against the local emulator 4 and 8 measured
# the same (2,000 due: 21.7-23.5 s for 20 s, bench/bench_scale_scheduler.py). 8 senders and the
# claiming thread fit the default database pool (5, and 5 more at peaks). Slack's rate limit, not
# this, sets the pace: more senders only earn more 429s, and a run of those pauses them all.
SENDERS = 8
RATE_LIMIT_RETRIES = 3  # in-pass retries of one delivery after 429s (each after Retry-After)
SERVER_ERROR_RETRIES = 2  # ... and after 5xx, with SERVER_ERROR_BACKOFF doubling
SERVER_ERROR_BACKOFF = 0.25  # seconds
RETRY_JITTER = 0.1  # seconds, so retries of one busy moment do not arrive together
GATE_AFTER_429S = 3  # 429s in a row that mean "over the limit": every sender pauses
IN_PASS_RETRY_WINDOW = sched.LEASE / 2  # never resend a claim near the end of its lease
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
    """Claim due rows in batches (memory stays flat) and keep SENDERS sends in flight. Rows of
    one batch for the same person go in separate rounds (sched.waves), so their messages arrive
    in a stable order: a round starts when the one before it has finished, retries included.

    A 429 or 5xx does not put a sender to sleep: the delivery keeps its claim and waits in an
    in-pass retry queue until its Retry-After (or a short backoff) has passed, while the other
    senders keep the pipeline full. Only a run of 429s pauses every sender (SendGate).
    """
    pipeline = _Pipeline(
        TeamClients(without_sleeping_retries(client), deps),
        deps,
        token=str(uuid.uuid4()),
        now=now,
    )
    with ThreadPoolExecutor(max_workers=SENDERS, thread_name_prefix="scheduler-send") as pool:
        pipeline.run(pool, report)


class SendGate:
    """Pauses every sender together when Slack keeps answering 429: a lone 429 (a busy moment)
    only delays its own delivery, but GATE_AFTER_429S in a row mean we are over the limit, and
    then nobody sends until the Retry-After has passed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._in_a_row = 0
        self._closed_until = 0.0

    def wait(self) -> None:
        while True:
            with self._lock:
                pause = self._closed_until - time.monotonic()
            if pause <= 0:
                return
            time.sleep(pause)

    def rate_limited(self, retry_after: float) -> None:
        with self._lock:
            self._in_a_row += 1
            if self._in_a_row >= GATE_AFTER_429S:
                self._closed_until = max(self._closed_until, time.monotonic() + retry_after)

    def passed(self) -> None:
        with self._lock:
            self._in_a_row = 0


@dataclass(frozen=True)
class Attempt:
    """A claimed delivery on its way: the plan once begin_send allowed it, the retries it has
    used in this pass, and the earliest moment (monotonic) it may be tried again."""

    delivery_id: int
    claimed_at: float
    round: int = 0  # rounds of one batch go one after another (see _Pipeline)
    plan: sched.SendPlan | None = None
    rate_limited: int = 0
    server_errors: int = 0
    not_before: float = 0.0

    @property
    def may_have_posted(self) -> bool:
        # A 5xx from chat.postMessage almost always means nothing was posted, but not surely:
        # look in the channel (find_posted) before resending after one.
        return self.server_errors > 0


class _Pipeline:
    """Feeds claimed deliveries and due retries to the senders; counts the outcomes."""

    def __init__(self, clients: TeamClients, deps: Deps, *, token: str, now: datetime) -> None:
        self.clients, self.deps, self.token, self.now = clients, deps, token, now
        self.gate = SendGate()
        # The current batch's rounds still to hand out: (round number, ids), in order.
        self.rounds: collections.deque[tuple[int, list[int]]] = collections.deque()
        self.unfinished: collections.Counter[int] = collections.Counter()  # per round
        self.round_count = 0
        self.claimed_at = 0.0
        self.retries: list[tuple[float, int, Attempt]] = []  # a heap on not_before
        self.ran_dry = False

    def run(self, pool: ThreadPoolExecutor, report: PassReport) -> None:
        in_flight: dict[Future[Outcome | Attempt], Attempt] = {}
        while True:
            while len(in_flight) < SENDERS and (item := self._next(idle=not in_flight)):
                in_flight[pool.submit(self._send, item)] = item
            if not in_flight and not self.retries:
                return
            timeout = self._until_next_retry() if self.retries else None
            if not in_flight:  # only retries left, none due yet
                time.sleep(timeout or 0.0)
                continue
            done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
            for future in done:
                sent, result = in_flight.pop(future), future.result()
                if isinstance(result, Attempt):
                    heapq.heappush(self.retries, (result.not_before, result.delivery_id, result))
                else:
                    self.unfinished[sent.round] -= 1
                    _count(report, result)

    def _next(self, *, idle: bool) -> Attempt | None:
        """A retry whose time has come first, then a fresh claim (claiming more if need be).

        A send can make new work due now (an adapt_ask after a nudge): so once a claim came
        back empty, claim again only when no send is in flight, and the pass ends only after
        such a claim finds nothing."""
        if self.retries and self.retries[0][0] <= time.monotonic():
            return heapq.heappop(self.retries)[2]
        while self.rounds and not self.rounds[0][1]:  # this round is all handed out
            if len(self.rounds) > 1 and self.unfinished[self.rounds[0][0]]:
                return None  # the next round waits until this one has finished
            self.rounds.popleft()
        if not self.rounds and (idle or not self.ran_dry):
            self._claim()
        if not self.rounds:
            return None
        number, ids = self.rounds[0]
        self.unfinished[number] += 1
        return Attempt(ids.pop(0), claimed_at=self.claimed_at, round=number)

    def _claim(self) -> None:
        # The lease runs from the real clock too, so a long pass holds no expired leases.
        lease_start = max(self.now, self.deps.clock.now())
        with self.deps.db.begin() as session:
            ids = sched.claim_due(
                session, now=self.now, lease_start=lease_start, token=self.token, limit=CLAIM_BATCH
            )
            rounds = sched.waves(session, ids=ids)
        self.claimed_at = time.monotonic()
        for members in rounds:
            self.round_count += 1
            self.rounds.append((self.round_count, members))
        self.ran_dry = not ids

    def _until_next_retry(self) -> float:
        return max(0.0, self.retries[0][0] - time.monotonic())

    def _send(self, attempt: Attempt) -> Outcome | Attempt:
        return deliver(
            self.clients, self.deps, attempt, token=self.token, now=self.now, gate=self.gate
        )


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
    clients: TeamClients,
    deps: Deps,
    attempt: Attempt,
    *,
    token: str,
    now: datetime,
    gate: SendGate | None = None,
) -> Outcome | Attempt:
    """Send one claimed delivery, or record why not; or hand it back (an Attempt) to be
    retried later in this pass after a 429 or 5xx."""
    delivery_id = attempt.delivery_id
    decision: sched.SendPlan | sched.Verdict | None = attempt.plan
    if decision is None:
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
        if gate is not None:
            gate.wait()
        channel, ts = _post(client, deps, decision, look_first=attempt.may_have_posted)
    except SlackApiError as error:
        retry = _retry_later(replace(attempt, plan=decision), error, gate)
        if retry is not None:
            return retry
        return _record_slack_error(deps, decision, token, error, now)
    except (OSError, TimeoutError) as error:  # Slack unreachable (URLError is an OSError)
        return _record_failure(deps, decision, token, describe(error), now)
    except Exception as error:  # noqa: BLE001 - one bad delivery must not stop the pass
        logger.exception("delivery failed", extra={"delivery_id": delivery_id})
        return _record_failure(deps, decision, token, repr(error), now)
    if gate is not None:
        gate.passed()
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


def _retry_later(attempt: Attempt, error: SlackApiError, gate: SendGate | None) -> Attempt | None:
    """The attempt to queue again after a 429 or 5xx, or None when its retries in this pass
    are used up (or would outlast a safe share of the lease): then it fails as before and a
    later pass retries it."""
    status = error.response.status_code
    if status == 429:
        if attempt.rate_limited >= RATE_LIMIT_RETRIES:
            return None
        wait_s = _retry_after(error)
        if gate is not None:
            gate.rate_limited(wait_s)
        retry = replace(attempt, rate_limited=attempt.rate_limited + 1)
    elif status >= 500:
        if attempt.server_errors >= SERVER_ERROR_RETRIES:
            return None
        wait_s = SERVER_ERROR_BACKOFF * 2**attempt.server_errors
        retry = replace(attempt, server_errors=attempt.server_errors + 1)
    else:
        return None
    not_before = time.monotonic() + wait_s + random.uniform(0, RETRY_JITTER)  # noqa: S311
    if not_before - attempt.claimed_at > IN_PASS_RETRY_WINDOW.total_seconds():
        return None  # the lease must outlive every send of this claim
    return replace(retry, not_before=not_before)


def _worth_retrying(error: SlackApiError) -> bool:
    status = int(error.response.status_code)
    return status == 429 or status >= 500


def _retry_after(error: SlackApiError) -> float:
    headers = error.response.headers or {}
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "1")
    if isinstance(value, list):
        value = value[0] if value else "1"
    try:
        return max(0.0, float(value))
    except (TypeError, ValueError):
        return 1.0


def _post(
    client: WebClient, deps: Deps, plan: sched.SendPlan, *, look_first: bool = False
) -> tuple[str, str]:
    # The channel is cached on the pair or person once opened, so a resend finds it again.
    channel = plan.known_channel or _open_channel(client, deps, plan)
    if plan.attempts > 1 or look_first:
        # An earlier try may have posted before it crashed, timed out or got a 5xx: look
        # before resending.
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
        if _worth_retrying(error):  # busy Slack: retry the look later, do not send blind
            raise
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
        today=plan.today,
    )


def _record_slack_error(
    deps: Deps, plan: sched.SendPlan, token: str, error: SlackApiError, now: datetime
) -> Outcome:
    code = str(error.response.get("error") or f"http_{error.response.status_code}")
    if code not in sched.UNDELIVERABLE:
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
        status = sched.finish_failed(
            session,
            delivery_id=plan.delivery_id,
            token=token,
            error=error,
            now=now,
            recipients=people,
        )
    if status == "pending":
        then = f"trying again at {(now + sched.RETRY_AFTER_FAILURE).isoformat()}"
    elif status == "failed":
        then = f"given up after {plan.attempts} attempts"
    else:
        then = "its claim had lapsed; another pass owns it"
    # One line, whatever went wrong: an unreachable Slack fails every delivery of a pass.
    logger.warning(
        "delivery %s (%s) failed: %s; %s",
        plan.delivery_id,
        plan.kind,
        error,
        then,
        extra={"delivery_id": plan.delivery_id, "kind": plan.kind, "error": error},
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
    finish_unfinished_events,  # events acked but never done: a crash (handlers/event_claims.py)
    plan_due_work,
    send_due_deliveries,
    run_digest_pass,  # weekly channel digests (handlers/jobs_digest.py)
    purge_expired,  # retention: old searches and once-only keys (handlers/retention.py)
]
