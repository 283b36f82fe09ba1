"""The confirm / keep buttons of `/mentor data delete`."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.deps import Deps
from bot.services.data_rights import erase
from handlers.blocks import data as blocks
from handlers.data_rights import erase_and_tell
from handlers.interaction import NOT_YOURS, action_value, team_of, tell_privately, user_of
from storage.models import Person
from storage.repositories import people as people_repo


def register(app: App, deps: Deps) -> None:
    app.action(blocks.DATA_DELETE_CONFIRM)(make_confirm(deps))
    app.action(blocks.DATA_DELETE_CANCEL)(make_cancel(deps))


def _target(deps: Deps, body: dict[str, Any]) -> tuple[Person | None, Person | None]:
    """(the clicker's row, the row the button names), both within the clicker's workspace."""
    value = action_value(body)
    team_id = team_of(body)
    with deps.db.begin() as session:
        clicker = people_repo.get_person(session, team_id=team_id, slack_user_id=user_of(body))
        named = (
            people_repo.get_person_by_id(session, team_id=team_id, person_id=int(value))
            if value.isdigit()
            else None
        )
    return clicker, named


def make_confirm(deps: Deps) -> Any:
    def handle_action_data_delete_confirm(
        ack: Ack, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        ack()
        clicker, named = _target(deps, body)
        if named is not None and erase.is_erased(named):
            respond(**blocks.build_already_deleted_message(), replace_original=True)
            return
        if clicker is None or named is None or clicker.id != named.id:
            tell_privately(respond, NOT_YOURS)
            return
        assert clicker.id is not None
        erasure = erase_and_tell(client, deps, team_id=clicker.team_id, person_id=clicker.id)
        message = blocks.build_deleted_message(erasure.removed, len(erasure.ended_pairs))
        respond(**message, replace_original=True)

    return handle_action_data_delete_confirm


def make_cancel(deps: Deps) -> Any:
    def handle_action_data_delete_cancel(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        clicker, named = _target(deps, body)
        if clicker is None or named is None or clicker.id != named.id:
            tell_privately(respond, NOT_YOURS)
            return
        respond(**blocks.build_delete_cancelled_message(), replace_original=True)

    return handle_action_data_delete_cancel
