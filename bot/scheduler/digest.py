"""The weekly digest as a source of due work for the scheduler pass (see passes.py)."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.scheduler.report import PassReport
from bot.services.summaries import digests
from handlers.summaries import delivery

logger = logging.getLogger("mentorbot.digests")


def run_digest_pass(client: WebClient, deps: Deps, now: datetime, report: PassReport) -> None:
    """Post each due weekly digest once; what happened goes into the pass report."""
    with deps.db.begin() as session:
        due = digests.due_digests(session, now=now)
    for digest in due:
        try:
            _send(client, deps, now, digest, report)
        except Exception:  # noqa: BLE001 - one workspace's failure must not stop the others
            logger.exception("digest failed", extra={"channel_id": digest.channel_id})
            report.failed += 1


def _send(
    client: WebClient, deps: Deps, now: datetime, digest: digests.DueDigest, report: PassReport
) -> None:
    with deps.db.begin() as session:
        post_id = digests.claim(
            session,
            team_id=digest.team_id,
            channel_id=digest.channel_id,
            post_key=digest.post_key,
            now=now,
        )
    if post_id is None:
        report.skipped += 1  # another process has it
        return
    error = _post(client, deps, now, digest, post_id)
    if error is not None:
        with deps.db.begin() as session:
            final = digests.settle_failure(session, post_id=post_id, error=error, now=now)
        logger.warning(
            "digest not sent",
            extra={"channel_id": digest.channel_id, "error": error, "until_next_week": final},
        )
        report.failed += 1
        return
    report.sent.append(f"weekly digest to {digest.channel_id} ({digest.post_key})")


def _post(
    client: WebClient, deps: Deps, now: datetime, digest: digests.DueDigest, post_id: int
) -> str | None:
    """Send the digest; the Slack error code when it could not be sent."""
    try:
        if delivery.channel_problem(client, digest.channel_id) is not None:
            return "not_in_channel"
        delivery.refresh_members(client, deps, digest.team_id, digest.channel_id)
        summary = delivery.summarize(
            deps,
            team_id=digest.team_id,
            channel_id=digest.channel_id,
            period_key=digests.DIGEST_PERIOD,
            tz_name=digest.tz_name,
            now=now,
        )
        ts = delivery.post_summary(client, summary, posted_by=None)
    except delivery.MemberListFailed as failure:
        return failure.error
    except SlackApiError as error:
        return delivery.slack_error(error)
    with deps.db.begin() as session:
        digests.mark_sent(session, post_id=post_id, message_ts=ts, now=deps.clock.now())
    return None
