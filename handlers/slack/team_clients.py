"""A WebClient carrying the right workspace's bot token, for work outside a request (jobs)."""

from __future__ import annotations

import copy

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from bot.deps import Deps
from storage.models import Workspace


def client_for_team(base: WebClient, deps: Deps, team_id: str) -> WebClient | None:
    """`base` in single-workspace mode; else a client with that workspace's installed token,
    or None when the workspace has no installation (uninstalled)."""
    if deps.installations is None:
        return base
    with deps.db.begin() as session:
        workspace = session.get(Workspace, team_id)
        enterprise_id = workspace.enterprise_id if workspace is not None else None
    bot = deps.installations.find_bot(enterprise_id=enterprise_id, team_id=team_id)
    if bot is None or not bot.bot_token:
        return None
    return WebClient(
        token=bot.bot_token,
        base_url=base.base_url,
        timeout=base.timeout,
        retry_handlers=list(base.retry_handlers),
        team_id=team_id,
    )


def without_sleeping_retries(client: WebClient) -> WebClient:
    """`client` minus the handlers that sleep in the calling thread on a 429 or 5xx: the pass
    retries those itself, and a request's path before its ack cannot wait. Connection-error
    retries stay (rare, and they need no Retry-After)."""
    quick = copy.copy(client)
    quick.retry_handlers = [
        handler
        for handler in client.retry_handlers
        if not isinstance(handler, RateLimitErrorRetryHandler | ServerErrorRetryHandler)
    ]
    return quick
