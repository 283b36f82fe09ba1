"""`/mentor programs`: the programs a person can join or is in, with Join buttons or Leave; and
Leave itself (a mentee's waiting introductions are withdrawn, a mentor's mentees offered the
next best mentor: bot/services/programs/leaving)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.services.introductions import answering
from bot.services.programs import autoround, catalog, leaving
from bot.services.programs.rounds import RoundOutcome
from handlers.introductions.answers import update_mentor_copy
from handlers.introductions.blocks import build_mentor_answered_message
from handlers.programs.enrolment import blocks
from handlers.programs.rounds.showing import show_proposal
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.mrkdwn import actions, button, clip, confirmed, context, escape, section
from handlers.slack.pairs import post_to_person
from handlers.slack.people import ensure_person
from handlers.slack.row_ids import row_id
from handlers.slack.subcommands import SubcommandCall
from storage.models import Program
from storage.repositories import people as people_repo

logger = logging.getLogger("mentorbot.programs")

LEAVE = "program_leave"
MAX_SHOWN = 15  # two or three blocks each, inside a message's 50


def handle_subcommand_programs(call: SubcommandCall) -> None:
    call.ack()
    person = ensure_person(call.client, call.deps, call.team_id, call.user_id)
    assert person.id is not None
    with call.deps.db.begin() as session:
        views = catalog.programs_for(
            session, team_id=person.team_id, person_id=person.id, now=call.deps.clock.now()
        )
    call.respond(**build_programs_message(views))


def leave_value(program_id: int, role: str) -> str:
    return f"{program_id}:{role}"


def parse_leave_value(value: str) -> tuple[int, str] | None:
    raw_id, _, role = value.partition(":")
    program_id = row_id(raw_id)
    return (program_id, role) if program_id is not None and role in catalog.ROLES else None


def build_programs_message(views: list[catalog.ProgramView]) -> dict[str, Any]:
    """Each program with what the person can do there: Join as mentee or mentor, or Leave."""
    if not views:
        text = "No program is open to join right now, and you are in none."
        return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}
    out: list[dict[str, Any]] = [section("*Mentoring programs*")]
    for view in views[:MAX_SHOWN]:
        out.extend(_program_blocks(view))
    if len(views) > MAX_SHOWN:
        out.append(context(f"…and {len(views) - MAX_SHOWN} more programs."))
    text = f"{len(views)} mentoring program{'s' if len(views) != 1 else ''}"
    return {"response_type": "ephemeral", "text": text, "blocks": out}


def _program_blocks(view: catalog.ProgramView) -> list[dict[str, Any]]:
    program = view.program
    pid = int(program.id or 0)
    where = (
        f"you are in it as a {' and a '.join(view.roles)}" if view.roles else "you are not in it"
    )
    closes = f"enrolment closes {program.enrolment_closes_on:%-d %B %Y}"
    if not view.can_join:
        closes = "enrolment has closed"
    line = f"*{escape(program.name)}* · {closes} · {where}"
    if program.description:
        line += "\n" + escape(clip(program.description, 300))
    buttons = [_leave_button(program.name, pid, role) for role in view.roles]
    if view.can_join:
        if "mentee" not in view.roles:
            buttons.append(button("Join as mentee", blocks.JOIN_MENTEE, str(pid)))
        if "mentor" not in view.roles:
            buttons.append(button("Join as mentor", blocks.JOIN_MENTOR, str(pid)))
    found = [section(line, block_id=f"program_{pid}")]
    if buttons:
        found.append(actions(*buttons, block_id=f"program_actions_{pid}"))
    return found


def _leave_button(name: str, program_id: int, role: str) -> dict[str, Any]:
    leave = button(f"Leave (as {role})", LEAVE, leave_value(program_id, role), style="danger")
    return confirmed(
        leave,
        "Leave the program?",
        f"You leave {name} as a {role}. You can join again while it enrols.",
        "Leave",
        "Stay",
    )


@on_click
def handle_action_leave(click: Click) -> None:
    parsed = parse_leave_value(click.value)
    if parsed is None:
        raise NotYours  # a forged or broken button
    program_id, role = parsed
    person = click.person
    assert person.id is not None
    left = leaving.leave(
        click.deps.db, team_id=person.team_id, program_id=program_id, person_id=person.id,
        role=role, now=click.deps.clock.now(),
    )  # fmt: skip
    with click.deps.db.begin() as session:
        program = catalog.program_of(session, team_id=person.team_id, program_id=program_id)
    name = escape(program.name) if program is not None else "that program"
    if left.kind == "not_in":
        click.tell(f"You are not in {name} as a {role}, so nothing changed.")
        return
    click.tell(_left_text(name, role, left))
    _tell_askers(click, person.slack_user_id, name, left.undone.asked_by)
    _close_mentor_copies(click, left.undone.requests)
    if program is not None and left.solved_again and left.solved_again.kind == "proposed":
        _refresh_proposal(click, program, left.solved_again)


def _close_mentor_copies(click: Click, request_ids: tuple[int, ...]) -> None:
    """Each withdrawn introduction's message in its mentor's DM loses its buttons."""
    for request_id in request_ids:
        with click.deps.db.begin() as session:
            found = answering.request_with_mentee(
                session, team_id=click.person.team_id, request_id=request_id
            )
        if found is not None:
            request, mentee_user = found
            message = build_mentor_answered_message("left_program", mentee_slack_id=mentee_user)
            try:
                update_mentor_copy(click.client, request, message)
            except SlackApiError as error:  # a message deleted meanwhile: nothing to close
                logger.info("mentor copy not updated: %s", error.response.get("error"))


def _refresh_proposal(click: Click, program: Program, again: RoundOutcome) -> None:
    """The proposal was solved again without the person: its admin's message shows the new one
    (it says who left), or it is posted to the admin's DM."""
    if again.proposal is None:
        return
    with click.deps.db.begin() as session:
        recipients = autoround.proposal_recipients(session, program)
    if recipients:
        show_proposal(click.client, click.deps, recipients[0], again.proposal)


def _tell_askers(click: Click, mentor_user: str, name: str, mentee_ids: tuple[int, ...]) -> None:
    """Each mentee whose request to the leaving mentor was withdrawn hears it, kindly."""
    if not mentee_ids:
        return
    team_id = click.person.team_id
    with click.deps.db.begin() as session:
        found = [
            people_repo.get_person_by_id(session, team_id=team_id, person_id=i) for i in mentee_ids
        ]
    mentees = [p for p in found if p is not None and not p.is_deleted]
    message = build_mentor_left_message(mentor_user, name)
    for mentee in mentees:
        post_to_person(click.client, click.deps, mentee, message)


def build_mentor_left_message(mentor_user: str, escaped_name: str) -> dict[str, Any]:
    """To a mentee of a "mentees choose" program whose chosen mentor left it."""
    text = f"<@{mentor_user}> has left *{escaped_name}*, so your request to them was withdrawn."
    body = (
        f"{text} It was not about you. `/find-mentor` shows the program's other mentors with "
        "room first; ask whichever fits."
    )
    return {"text": text, "blocks": [section(body)]}


def _left_text(name: str, role: str, left: leaving.Left) -> str:
    text = f"You left *{name}* as a {role}."
    withdrawn = left.undone.withdrawn
    if role == "mentee" and withdrawn:
        text += f" Your waiting introduction{'s were' if withdrawn != 1 else ' was'} withdrawn."
    elif withdrawn:
        text += (
            f" The {withdrawn} introduction{'s' if withdrawn != 1 else ''} waiting for your "
            f"answer {'were' if withdrawn != 1 else 'was'} withdrawn."
        )
        if left.undone.reoffered:
            offered = sum(1 for r in left.undone.reoffered if r.mentor_id is not None)
            text += f" {offered} of the round's mentees were introduced to another mentor."
        if left.undone.asked_by:
            text += " The mentees who asked you were told, and can choose another mentor."
    return text
