"""The proposal's buttons (Swap, Remove, Match again, Publish) and App Home's Match now and View
proposal. Every one is for admins, checked again on each click; a button of a round that was
published or replaced meanwhile says so and changes nothing."""

from __future__ import annotations

from bot.services.programs import edits, publishing, review, rounds
from bot.services.programs.proposals import Proposal, read_proposal
from handlers.home.publish import publish_home
from handlers.programs.rounds import blocks
from handlers.programs.rounds.showing import show_proposal
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.origin import origin_of_click
from handlers.slack.row_ids import row_id
from storage.models import Person

STALE = "This proposal is no longer open to changes ({status}), so nothing changed."
AGAIN_NOTE = "Solved again by an admin (Match again): earlier changes were dropped."


class _NotAdmin(Exception):
    """The clicker is not (or no longer) a mentoring admin."""


def _admin(click: Click, *, stored: bool = False) -> Person | None:
    """The clicker when they are an admin now; otherwise they are told, and None."""
    person = click.stored_person if stored else click.person
    with click.deps.db.begin() as session:
        allowed = review.admin_of(session, person)
    if not allowed:
        click.tell(blocks.NOT_ADMIN)
        return None
    return person


def _round_value(click: Click) -> tuple[int, int]:
    parsed = blocks.parse_pair_value(click.value)
    if parsed is None:
        raise NotYours
    return parsed


def _id_value(click: Click) -> int:
    found = row_id(click.value)
    if found is None:
        raise NotYours
    return found


def _open_proposal(click: Click, person: Person, round_id: int) -> Proposal | None:
    """The round when it still waits for review; else the clicker is told why not."""
    with click.deps.db.begin() as session:
        proposal = read_proposal(session, team_id=person.team_id, round_id=round_id)
    if proposal is None:
        raise NotYours  # another workspace's round, or a forged id
    if proposal.status != "proposed":
        click.tell(STALE.format(status=proposal.status))
        return None
    return proposal


@on_click
def handle_action_swap(click: Click) -> None:
    round_id, pair_id = _round_value(click)
    person = _admin(click, stored=True)  # the database only: views.open's trigger lasts 3 s
    if person is None:
        return
    with click.deps.db.begin() as session:
        found = review.swap_choices(
            session, team_id=person.team_id, round_id=round_id, pair_id=pair_id,
            now=click.deps.clock.now(),
        )  # fmt: skip
    if isinstance(found, edits.EditOutcome):
        click.tell(found.message + " Nothing changed.")
        return
    modal = blocks.build_swap_modal(found, origin_of_click(click.body), person.slack_user_id)
    click.client.views_open(trigger_id=click.trigger_id, view=modal)


@on_click
def handle_action_remove(click: Click) -> None:
    round_id, pair_id = _round_value(click)
    person = _admin(click)
    if person is None:
        return
    with click.deps.db.begin() as session:
        outcome = edits.remove_pair(
            session, team_id=person.team_id, round_id=round_id, pair_id=pair_id,
            now=click.deps.clock.now(),
        )  # fmt: skip
        proposal = read_proposal(session, team_id=person.team_id, round_id=round_id)
    if outcome.kind != "removed" or proposal is None:
        click.tell(outcome.message + " Nothing changed.")
        return
    show_proposal(click.client, click.deps, person, proposal, origin=origin_of_click(click.body))


@on_click
def handle_action_match_again(click: Click) -> None:
    person = _admin(click)
    if person is None:
        return
    proposal = _open_proposal(click, person, _id_value(click))
    if proposal is not None:
        click.later(lambda later: _solve(later, person, proposal.program_id, proposal.round_id))


@on_click
def handle_action_publish(click: Click) -> None:
    person = _admin(click)
    if person is None:
        return
    proposal = _open_proposal(click, person, _id_value(click))
    if proposal is not None:
        click.later(lambda later: _publish(later, person, proposal.round_id))


@on_click
def handle_action_home_match_now(click: Click) -> None:
    person = _admin(click)
    if person is None:
        return
    program_id = _id_value(click)
    click.tell(blocks.WORKING)  # a big cohort takes seconds: say so, then solve after the ack
    click.later(lambda later: _solve(later, person, program_id, None))


@on_click
def handle_action_home_view_proposal(click: Click) -> None:
    person = _admin(click)
    if person is None:
        return
    with click.deps.db.begin() as session:
        proposal = read_proposal(session, team_id=person.team_id, round_id=_id_value(click))
    if proposal is None:
        raise NotYours
    show_proposal(click.client, click.deps, person, proposal, fresh=True)


def _solve(click: Click, person: Person, program_id: int, replacing: int | None) -> None:
    """Match now (from App Home) or Match again (on the proposal), after the ack: a big
    cohort takes seconds. The proposal goes to the clicked message, or to the DM."""
    outcome = rounds.match_now(
        click.deps.db,
        team_id=person.team_id,
        program_id=program_id,
        admin_id=person.id,
        now=click.deps.clock.now(),
        replacing=replacing,
        note=AGAIN_NOTE if replacing is not None else "",
    )
    if outcome.proposal is None:
        click.tell(outcome.message)
    else:
        origin = origin_of_click(click.body)
        notice = outcome.message if outcome.kind == "already_proposed" else ""
        show_proposal(
            click.client, click.deps, person, outcome.proposal,
            origin=origin, notice=notice, fresh=not origin.channel,
        )  # fmt: skip
    publish_home(click.client, click.deps, person)


def _publish(click: Click, person: Person, round_id: int) -> None:
    """Publish once, however many admins press it: the second is told it is done already."""
    outcome = publishing.publish(
        click.deps.db,
        team_id=person.team_id,
        round_id=round_id,
        admin_id=person.id,
        now=click.deps.clock.now(),
    )
    if outcome.kind in ("published", "solved_again") and outcome.proposal is not None:
        notice = (
            blocks.published_notice(
                outcome.offered,
                outcome.unsent,
                len(outcome.seated),
                in_circles=bool(outcome.proposal.circle_size),
            )
            if outcome.kind == "published"
            else outcome.message
        )
        show_proposal(
            click.client, click.deps, person, outcome.proposal,
            origin=origin_of_click(click.body), notice=notice,
        )  # fmt: skip
        publish_home(click.client, click.deps, person)
    else:
        click.tell(outcome.message + " Nothing changed.")
