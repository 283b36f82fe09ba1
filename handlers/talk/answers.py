"""Answering what a person asks the bot in its DM, typed or by a next-step button.

Every answer goes to the person's DM with the app. Buttons that open a form (pause, log a
meeting) are offered, not pressed for them: a typed message carries no trigger_id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient

from bot.clock import format_day
from bot.deps import Deps
from bot.services import cadence, talk
from bot.services.goals import tracking as goals_service
from bot.services.meetings import pair_access, reminders
from handlers.data_rights.rights import send_export
from handlers.goals.blocks import build_goals_message
from handlers.matching.blocks import build_find_mentor_message
from handlers.matching.channels import refresh_channels_if_stale
from handlers.matching.search import run_search
from handlers.meetings import blocks as scheduler_blocks
from handlers.meetings.reminders import quiet_rows
from handlers.reflection.dm import start_in_dm
from handlers.slack.people import dm_channel
from handlers.talk import blocks
from storage.models import Person

Answer = Callable[[WebClient, Deps, Person], "dict[str, Any] | None"]


def answer_request(client: WebClient, deps: Deps, person: Person, request: str) -> None:
    """Do what the request asks and post the answer in the DM (a reflection posts its own)."""
    message = _ANSWERS[request](client, deps, person)
    if message is not None:
        client.chat_postMessage(
            channel=dm_channel(client, deps, person), text=message["text"], blocks=message["blocks"]
        )


def _help(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    assert person.id is not None
    with deps.db.begin() as session:
        standing = talk.standing(session, team_id=person.team_id, person_id=person.id)
    return blocks.build_help_message(standing)


def _reflect(client: WebClient, deps: Deps, person: Person) -> None:
    start_in_dm(client, deps, person)


def _find_mentor(client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    refresh_channels_if_stale(client, deps, person.team_id)
    found = build_find_mentor_message(run_search(client, deps, person, ""), typed=False)
    return {"text": found["text"], "blocks": found["blocks"]}


def _pairs(deps: Deps, person: Person, *, pausing: bool) -> dict[str, Any]:
    today = cadence.local_day(deps.clock.now(), person.tz)
    with deps.db.begin() as session:
        views = pair_access.live_pair_views(session, team_id=person.team_id, person=person)
    lines = [
        blocks.PairLine(
            v.pair.id or 0,
            v.other(person.id or 0).slack_user_id,
            v.pair.cadence,
            format_day(v.pair.paused_until, today=today)
            if v.pair.status == "paused" and v.pair.paused_until
            else "",
        )
        for v in views
    ]
    return blocks.build_pairs_message(lines, pausing=pausing)


def _my_pairs(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    return _pairs(deps, person, pausing=False)


def _pause(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    return _pairs(deps, person, pausing=True)


def _goals(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    with deps.db.begin() as session:
        goals = goals_service.list_goals(session, team_id=person.team_id, person_id=person.id or 0)
    return build_goals_message(goals)


def _reminders(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    return scheduler_blocks.build_reminders_message(quiet_rows(deps, person))


def _stop_reminders(_client: WebClient, deps: Deps, person: Person) -> dict[str, Any]:
    with deps.db.begin() as session:
        preference_id = reminders.stop_all(
            session, team_id=person.team_id, person=person, now=deps.clock.now()
        )
    return blocks.build_stopped_message(preference_id)


def _export(client: WebClient, deps: Deps, person: Person) -> None:
    note = blocks.build_export_note()
    client.chat_postMessage(
        channel=dm_channel(client, deps, person), text=note["text"], blocks=note["blocks"]
    )
    send_export(client, deps, person)


_ANSWERS: dict[str, Answer] = {
    talk.HELP: _help,
    talk.REFLECT: _reflect,
    talk.FIND_MENTOR: _find_mentor,
    talk.MY_PAIRS: _my_pairs,
    talk.PAUSE: _pause,
    talk.GOALS: _goals,
    talk.REMINDERS: _reminders,
    talk.STOP_REMINDERS: _stop_reminders,
    talk.EXPORT: _export,
}
