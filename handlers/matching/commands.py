"""/find-mentor [words]: ranked mentors, privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltContext, Respond
from slack_sdk import WebClient

from bot.services.typed_text import clean
from handlers.matching.blocks import build_find_mentor_message
from handlers.matching.channels import refresh_channels_if_stale
from handlers.matching.search import run_search
from handlers.slack.after_ack import after_ack
from handlers.slack.context import deps_in
from handlers.slack.people import ensure_person

FIND_MENTOR = "/find-mentor"


def handle_command_find_mentor(
    ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient, context: BoltContext
) -> None:
    # Ack at once, and rank on the deferred lane: users.info, conversations.list and the
    # ranking may take longer than Slack waits, and must not delay other requests' acks.
    ack()
    deps = deps_in(context)
    team_id, words = str(body["team_id"]), clean(str(body.get("text") or ""))

    def answer() -> None:
        person = ensure_person(client, deps, team_id, str(body["user_id"]))
        refresh_channels_if_stale(client, deps, team_id)
        result = run_search(client, deps, person, words)
        respond(**build_find_mentor_message(result, typed=bool(words)))

    after_ack(deps, body, respond, client, answer)
