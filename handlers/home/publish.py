"""Publishing a person's App Home, only when it changed since the last time (on app_home_opened,
and whenever another feature changes what it shows)."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services.home import home_state
from handlers.home.blocks import build_home_view
from handlers.slack.retry_after import retry_after_seconds
from storage.models import Person

logger = logging.getLogger("mentorbot.home")

MAX_LATER_ATTEMPTS = 3  # after the client's own Retry-After retries, this many more, later


def publish_home(client: WebClient, deps: Deps, person: Person, attempt: int = 0) -> None:
    """views.publish the Home built from this person's own data only, unless the person
    already has exactly this Home (Slack keeps it); a rate-limited publish is tried again."""
    with deps.db.begin() as session:
        state = home_state(session, team_id=person.team_id, person=person, now=deps.clock.now())
        stored = session.get(Person, person.id)
        published = stored.home_hash if stored is not None else None
    view = build_home_view(state)
    digest = home_digest(view)
    if digest == published:
        return
    try:
        client.views_publish(user_id=person.slack_user_id, view=view)
    except SlackApiError as error:
        if error.response.get("error") != "ratelimited" or attempt >= MAX_LATER_ATTEMPTS:
            raise
        wait = retry_after_seconds(error.response.headers)
        logger.warning("views.publish rate limited; trying again in %.0f s", wait)
        deps.executor.defer(_publish_later, client, deps, person, attempt + 1, wait)
        return
    with deps.db.begin() as session:
        stored = session.get(Person, person.id)
        if stored is not None:
            stored.home_hash = digest
            session.add(stored)


def _publish_later(
    client: WebClient, deps: Deps, person: Person, attempt: int, wait: float
) -> None:
    time.sleep(wait)  # wall-clock-ok: Slack's Retry-After is real seconds
    publish_home(client, deps, person, attempt)


def home_digest(view: dict[str, Any]) -> str:
    """A stable hash of a Home view's content."""
    return hashlib.sha256(json.dumps(view, sort_keys=True).encode()).hexdigest()
