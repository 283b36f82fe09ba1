"""One scheduler pass: plan, claim due deliveries, send them, record it.

A pass is a list of due-work sources run in order; each gets the client, deps, the moment and
the report. Another feature (a weekly digest, say) appends its own source to DUE_WORK_SOURCES.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.scheduler import planning
from bot.scheduler.digest import run_digest_pass
from bot.scheduler.pipeline import send_due_deliveries
from bot.scheduler.program_circles import (
    bring_in_program_circles,
    close_ended_program_circles,
)
from bot.scheduler.program_rounds import match_closed_programs, offer_next_program_mentors
from bot.scheduler.program_terms import advance_program_terms, tend_quiet_program_pairs
from bot.scheduler.registry import CIRCLE_PLANNED, PLANNED
from bot.scheduler.report import PassReport
from bot.scheduler.resumed_series import restart_resumed_series
from bot.scheduler.sending import TeamClients
from handlers.data_rights.retention import purge_expired
from handlers.events import finish_unfinished_events
from handlers.meetings.blocks.notices import build_request_expired_message

logger = logging.getLogger("mentorbot.scheduler")

PLAN_BATCH = 200
MAX_PLAN_BATCHES = 10_000  # a guard against a planner that never runs dry

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
        planning.resume_paused_pairs(session, now=now)
    for kind in PLANNED:
        for _ in range(MAX_PLAN_BATCHES):
            with deps.db.begin() as session:
                planned = planning.plan_batch(session, kind=kind.name, now=now, limit=PLAN_BATCH)
            if planned < PLAN_BATCH:
                break
    for kind in CIRCLE_PLANNED:  # a circle's prompt and pulse (bot/services/circles/rhythm.py)
        for _ in range(MAX_PLAN_BATCHES):
            with deps.db.begin() as session:
                planned = planning.plan_circle_batch(
                    session, kind=kind.name, now=now, limit=PLAN_BATCH
                )
            if planned < PLAN_BATCH:
                break
    for _ in range(MAX_PLAN_BATCHES):
        with deps.db.begin() as session:
            expired = planning.expire_intro_requests(session, now=now, limit=PLAN_BATCH)
        mark_expired_for_mentors(client, deps, expired)
        if len(expired) < PLAN_BATCH:
            break


def mark_expired_for_mentors(
    client: WebClient, deps: Deps, expired: list[planning.ExpiredRequest]
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


DUE_WORK_SOURCES: list[DueWorkSource] = [
    finish_unfinished_events,  # events acked but never done: a crash (handlers/event_claims.py)
    plan_due_work,
    restart_resumed_series,  # pauses that ran out: the series back in both calendars
    offer_next_program_mentors,  # after requests expired (bot/services/programs/followups.py)
    match_closed_programs,  # enrolment closed: match once, proposal to the admin (autoround.py)
    advance_program_terms,  # programs open and close with their term; checkpoints planned
    bring_in_program_circles,  # a published circles round: people into their circle (Slack)
    close_ended_program_circles,  # a circles program's term ended: its circles close
    tend_quiet_program_pairs,  # 60 silent days: a kind nudge; 7 more: ended gracefully
    send_due_deliveries,
    run_digest_pass,  # weekly channel digests (bot/scheduler/digest.py)
    purge_expired,  # retention: old searches and once-only keys (handlers/retention.py)
]
