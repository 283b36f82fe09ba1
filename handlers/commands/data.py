"""/mentor data export | delete: a person's own data, nobody else's."""

from __future__ import annotations

import json

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.data_rights import export
from handlers.blocks import data as blocks
from handlers.commands.router import SubcommandCall, SubcommandRouter
from handlers.people import dm_channel, ensure_person
from storage.models import Person
from storage.repositories import people as people_repo


def register_subcommands(router: SubcommandRouter, deps: Deps) -> None:
    router.add("data", handle_data_help)
    router.add("data export", lambda call: handle_data_export(call, deps))
    router.add("data delete", lambda call: handle_data_delete(call, deps))


def handle_data_help(call: SubcommandCall) -> None:
    message = blocks.build_data_help_message()
    call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")


def handle_data_export(call: SubcommandCall, deps: Deps) -> None:
    message = blocks.build_export_started_message()
    call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
    send_export(call.client, deps, ensure_person(call.client, deps, call.team_id, call.user_id))


def send_export(client: WebClient, deps: Deps, person: Person) -> None:
    """Everything stored about the person, as a JSON file in their DM with the app."""
    assert person.id is not None
    with deps.db.begin() as session:
        exported = export.export_person(
            session, team_id=person.team_id, person_id=person.id, now=deps.clock.now()
        )
    client.files_upload_v2(
        channel=dm_channel(client, deps, person),
        content=json.dumps(exported, indent=2, ensure_ascii=False, sort_keys=True),
        filename=f"mentorbot-data-{person.slack_user_id}.json",
        title="Your Mentorbot data",
        initial_comment=blocks.EXPORT_COMMENT,
    )


def handle_data_delete(call: SubcommandCall, deps: Deps) -> None:
    """Ask first; the button carries only the person's id and is checked against the clicker."""
    with deps.db.begin() as session:
        person = people_repo.get_person(session, team_id=call.team_id, slack_user_id=call.user_id)
    if person is None or person.id is None:
        message = blocks.build_nothing_stored_message()
    else:
        message = blocks.build_delete_confirm_message(person.id)
    call.ack(text=message["text"], blocks=message["blocks"], response_type="ephemeral")
