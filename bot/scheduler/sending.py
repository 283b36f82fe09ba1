"""Sending one claimed delivery: decide it, post it (looking first when an earlier try may have
posted), and record the outcome; a 429 or 5xx hands it back for the in-pass retry queue."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.preflight import describe
from bot.scheduler import bookkeeping, claims
from bot.scheduler.gate import SendGate
from bot.scheduler.messages import build_delivery_message, context_for
from bot.scheduler.plans import SendPlan, Verdict
from bot.scheduler.registry import kind_of
from bot.scheduler.retries import Attempt, retry_later, worth_retrying
from handlers.slack.pairs import pair_channel
from handlers.slack.people import dm_channel
from handlers.slack.team_clients import client_for_team

logger = logging.getLogger("mentorbot.scheduler")

HISTORY_LOOKBACK = 200
METADATA_EVENT = "mentorbot_delivery"


@dataclass(frozen=True)
class Outcome:
    """What became of one claimed delivery: sent, skipped, failed, or left for later."""

    status: str
    line: str = ""


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
    decision: SendPlan | Verdict | None = attempt.plan
    if decision is None:
        with deps.db.begin() as session:
            decision = claims.begin_send(session, delivery_id=delivery_id, token=token, now=now)
    if isinstance(decision, Verdict):
        return Outcome("skipped" if decision.action == "skip" else decision.action)
    client = clients.get(decision.team_id)
    if client is None:  # the workspace uninstalled the app: nothing can be sent there
        with deps.db.begin() as session:
            bookkeeping.skip_claimed(
                session, delivery_id=delivery_id, token=token, reason="workspace not installed"
            )
        return Outcome("skipped")
    return _send(client, deps, replace(attempt, plan=decision), token=token, now=now, gate=gate)


def _send(
    client: WebClient,
    deps: Deps,
    attempt: Attempt,
    *,
    token: str,
    now: datetime,
    gate: SendGate | None,
) -> Outcome | Attempt:
    plan = attempt.plan
    assert plan is not None
    try:
        if gate is not None:
            gate.wait()
        channel, ts = _post(client, deps, plan, look_first=attempt.may_have_posted)
    except SlackApiError as error:
        retry = retry_later(attempt, error, gate)
        if retry is not None:
            return retry
        return _record_slack_error(deps, plan, token, error, now)
    except (OSError, TimeoutError) as error:  # Slack unreachable (URLError is an OSError)
        return _record_failure(deps, plan, token, describe(error), now)
    except Exception as error:  # noqa: BLE001 - one bad delivery must not stop the pass
        logger.exception("delivery failed", extra={"delivery_id": plan.delivery_id})
        return _record_failure(deps, plan, token, repr(error), now)
    if gate is not None:
        gate.passed()
    with deps.db.begin() as session:
        finished = bookkeeping.finish_sent(
            session,
            delivery_id=plan.delivery_id,
            token=token,
            channel_id=channel,
            message_ts=ts,
            now=now,
        )
        kind = kind_of(plan.kind)
        if finished and kind.sent is not None:
            kind.sent(session, plan, channel, ts, now)
    return Outcome("sent", _sent_line(plan, channel, now))


def _post(
    client: WebClient, deps: Deps, plan: SendPlan, *, look_first: bool = False
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
    message = build_delivery_message(context_for(plan))
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
    if plan.attachment is not None:  # after the message: a resend that finds it sends neither
        client.files_upload_v2(
            channel=str(response["channel"]),
            content=plan.attachment.content,
            filename=plan.attachment.filename,
            title=plan.attachment.title,
            initial_comment=plan.attachment.comment,
        )
    return str(response["channel"]), str(response["ts"])


def _open_channel(client: WebClient, deps: Deps, plan: SendPlan) -> str:
    if plan.recipient is not None:
        return dm_channel(client, deps, plan.recipient)
    if plan.pair is None:  # a circle's conversation is opened when someone joins it
        raise LookupError(f"delivery {plan.delivery_id} has nowhere to go")
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
        if worth_retrying(error):  # busy Slack: retry the look later, do not send blind
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


def _record_slack_error(
    deps: Deps, plan: SendPlan, token: str, error: SlackApiError, now: datetime
) -> Outcome:
    code = str(error.response.get("error") or f"http_{error.response.status_code}")
    if code not in bookkeeping.UNDELIVERABLE:
        return _record_failure(deps, plan, token, code, now)
    logger.warning(
        "recipient cannot get messages; stopping their deliveries",
        extra={"delivery_id": plan.delivery_id, "error": code},
    )
    with deps.db.begin() as session:
        if plan.recipient is not None:
            bookkeeping.stop_person(
                session,
                delivery_id=plan.delivery_id,
                token=token,
                person=plan.recipient,
                error=code,
                now=now,
            )
        else:
            bookkeeping.stop_pair_channel(
                session, delivery_id=plan.delivery_id, token=token, error=code
            )
    return Outcome("skipped")


def _record_failure(deps: Deps, plan: SendPlan, token: str, error: str, now: datetime) -> Outcome:
    people = [p.id or 0 for p in (plan.recipient, plan.mentor, plan.mentee) if p is not None]
    with deps.db.begin() as session:
        status = bookkeeping.finish_failed(
            session,
            delivery_id=plan.delivery_id,
            token=token,
            error=error,
            now=now,
            recipients=people,
        )
    if status == "pending":
        then = f"trying again at {(now + bookkeeping.RETRY_AFTER_FAILURE).isoformat()}"
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


def _sent_line(plan: SendPlan, channel: str, now: datetime) -> str:
    who = (
        plan.recipient.slack_user_id
        if plan.recipient
        else f"circle {plan.circle.circle_id}"
        if plan.circle
        else f"pair {plan.pair.id if plan.pair else '?'}"
    )
    return f"{now.isoformat()} sent {plan.kind} #{plan.delivery_id} to {who} in {channel}"
