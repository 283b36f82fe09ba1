"""/mentor data export | delete: a person's own data, nobody else's."""

from __future__ import annotations

from handlers.data_rights import blocks
from handlers.data_rights.rights import send_export
from handlers.slack.people import ensure_person, known_person
from handlers.slack.subcommands import SubcommandCall


def handle_subcommand_data(call: SubcommandCall) -> None:
    call.answer(blocks.build_data_help_message())


def handle_subcommand_data_export(call: SubcommandCall) -> None:
    call.answer(blocks.build_export_started_message())
    send_export(
        call.client, call.deps, ensure_person(call.client, call.deps, call.team_id, call.user_id)
    )


def handle_subcommand_data_delete(call: SubcommandCall) -> None:
    """Ask first; the button carries only the person's id and is checked against the clicker."""
    person = known_person(call.deps, call.team_id, call.user_id)
    if person is None or person.id is None:
        call.answer(blocks.build_nothing_stored_message())
    else:
        call.answer(blocks.build_delete_confirm_message(person.id))
