"""The slow part of a listener, run after its ack on the executor's deferred lane."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Respond
from slack_sdk import WebClient

from bot.deps import Deps
from handlers.slack.apology import apologize

logger = logging.getLogger("mentorbot.after_ack")


def after_ack(
    deps: Deps,
    body: dict[str, Any],
    respond: Respond,
    client: WebClient,
    work: Callable[[], None],
) -> None:
    """Run `work` off the listener thread, so the acks of the requests behind it are not kept
    waiting; a failure is logged and the person gets the same apology as for a listener."""

    def run() -> None:
        try:
            work()
        except Exception as error:
            logger.exception("work after ack failed", extra={"payload_type": body.get("type")})
            apologize(body, respond, client, api_url=deps.settings.api_url, error=error)

    deps.executor.defer(run)
