"""The confirm / keep buttons of `/mentor data delete`."""

from __future__ import annotations

from bot.services.data_rights import erase
from handlers.data_rights import blocks
from handlers.data_rights.rights import erase_and_tell
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.row_ids import row_id
from storage.models import Person
from storage.repositories import people as people_repo


def _named(click: Click) -> Person | None:
    """The person the button names, within the clicker's workspace."""
    person_id = row_id(click.value)
    if person_id is None:
        return None
    with click.deps.db.begin() as session:
        return people_repo.get_person_by_id(session, team_id=click.team_id, person_id=person_id)


def _own(click: Click, named: Person | None) -> Person:
    """The clicker, when the button names them (by database alone); else NotYours."""
    clicker = click.stored_person
    if named is None or clicker.id != named.id:
        raise NotYours
    return clicker


@on_click
def handle_action_data_delete_confirm(click: Click) -> None:
    named = _named(click)
    if named is not None and erase.is_erased(named):
        click.respond(**blocks.build_already_deleted_message(), replace_original=True)
        return
    clicker = _own(click, named)
    assert clicker.id is not None
    erasure = erase_and_tell(
        click.client, click.deps, team_id=clicker.team_id, person_id=clicker.id
    )
    message = blocks.build_deleted_message(erasure.removed, len(erasure.ended_pairs))
    click.respond(**message, replace_original=True)


@on_click
def handle_action_data_delete_cancel(click: Click) -> None:
    _own(click, _named(click))
    click.respond(**blocks.build_delete_cancelled_message(), replace_original=True)
