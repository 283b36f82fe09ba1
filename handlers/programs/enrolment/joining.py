"""Join as mentee / Join as mentor (on the announcement and in `/mentor programs`): a program's
question is asked first (a small modal), a mentor without a profile writes it first (the
profile modal, saved with the enrolment), and a mentee without a finished reflection with skill
gaps is started on it in the DM. Every answer is private to the clicker."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from bot.deps import Deps
from bot.services import profiles
from bot.services import skills as skills_service
from bot.services.programs import autoround, catalog, joining, review
from handlers.profiles.blocks import ProfileDefaults, build_profile_errors, build_profile_view
from handlers.profiles.blocks import form_from_state as profile_form
from handlers.programs.enrolment import blocks
from handlers.programs.rounds.showing import show_proposal
from handlers.reflection.dm import start_in_dm
from handlers.slack.clicks import Click, NotYours, on_click
from handlers.slack.confirm import confirm_saved
from handlers.slack.forms import Form, on_submit
from handlers.slack.mrkdwn import escape
from handlers.slack.origin import MAX_URL, OPENER_KEY, ORIGIN_KEY, Origin
from handlers.slack.payload import user_of, view_values
from handlers.slack.people import known_person
from handlers.slack.replies import build_ephemeral
from handlers.slack.row_ids import row_id
from storage.models import Person, Program

NO_ANSWER = "Answer the program's question to join."


@on_click
def handle_action_join_mentee(click: Click) -> None:
    _join_clicked(click, "mentee")


@on_click
def handle_action_join_mentor(click: Click) -> None:
    _join_clicked(click, "mentor")


def _join_clicked(click: Click, role: str) -> None:
    program_id = row_id(click.value)
    if program_id is None:
        raise NotYours  # a forged or broken button
    # The database first: a modal may have to open within the trigger's 3 seconds.
    person = known_person(click.deps, click.team_id, user_of(click.body)) or click.person
    assert person.id is not None
    with click.deps.db.begin() as session:
        refusal = catalog.join_refusal(
            session, team_id=person.team_id, program_id=program_id, person_id=person.id,
            role=role, now=click.deps.clock.now(),
        )  # fmt: skip
        program = catalog.program_of(session, team_id=person.team_id, program_id=program_id)
        needs_profile = role == "mentor" and not joining.has_mentor_profile(
            session, team_id=person.team_id, person_id=person.id
        )
        skills = skills_service.catalog(session, team_id=person.team_id, now=click.deps.clock.now())
    if refusal is not None or program is None:
        click.tell(escape(refusal.message if refusal else "There is no such program."))
        return
    meta = _meta(click, program_id, role)
    if needs_profile:
        view = blocks.build_profile_modal(
            build_profile_view(skills, ProfileDefaults()), program, meta
        )
        click.client.views_open(trigger_id=click.trigger_id, view=view)
    elif program.question:
        click.client.views_open(
            trigger_id=click.trigger_id, view=blocks.build_answer_modal(program, role, meta)
        )
    else:
        click.tell(enrol(click.client, click.deps, person, program_id, role))


def _meta(click: Click, program_id: int, role: str) -> dict[str, Any]:
    """The form's program and role, who it is for, and the click's response_url: the answer
    goes under the clicked message, privately (never onto the announcement itself)."""
    url = str(click.body.get("response_url") or "")
    origin = Origin(url=url) if 0 < len(url) <= MAX_URL else Origin()
    return {"program": program_id, "role": role, OPENER_KEY: user_of(click.body),
            ORIGIN_KEY: origin.as_meta()}  # fmt: skip


def enrol(
    client: WebClient, deps: Deps, person: Person, program_id: int, role: str, answer: str = ""
) -> str:
    """Join, then what comes next, in a sentence for the person: a mentee's reflection is
    started in the DM when it is unfinished or names no skill gap."""
    assert person.id is not None
    with deps.db.begin() as session:
        joined = catalog.join(
            session, team_id=person.team_id, program_id=program_id, person_id=person.id,
            role=role, now=deps.clock.now(), answer=answer,
        )  # fmt: skip
        program = catalog.program_of(session, team_id=person.team_id, program_id=program_id)
        gaps = joining.reflection_gaps(session, team_id=person.team_id, person_id=person.id)
    if joined.kind != "joined" or program is None:
        return escape(joined.message or "There is no such program.")
    _tell_the_waiting_proposal(client, deps, person, program, role)
    return _joined_text(client, deps, person, program, role, gaps)


def _tell_the_waiting_proposal(
    client: WebClient, deps: Deps, person: Person, program: Program, role: str
) -> None:
    """Someone joined after the admin pressed Match now: the waiting proposal does not hold
    them, so its message says so (solving again here would undo the admin's swaps)."""
    assert program.id is not None
    with deps.db.begin() as session:
        proposal = review.latest_proposal(session, team_id=program.team_id, program_id=program.id)
        recipients = autoround.proposal_recipients(session, program) if proposal else []
    if proposal is None or proposal.status != "proposed" or not recipients:
        return
    notice = (
        f"<@{person.slack_user_id}> joined as a {role} after this proposal was made. "
        "Press *Match again* to include them."
    )
    show_proposal(client, deps, recipients[0], proposal, notice=notice)


def _joined_text(
    client: WebClient, deps: Deps, person: Person, program: Program, role: str,
    gaps: list[str] | None,
) -> str:  # fmt: skip
    name = escape(program.name)
    if role == "mentor" and program.circle_size:
        return (f":tada: You're in *{name}* as a mentor, for a circle of up to "
                f"{program.circle_size} mentees of the program who meet you together.")  # fmt: skip
    if role == "mentor":
        per = program.mentees_per_mentor
        return (f":tada: You're in *{name}* as a mentor, for up to {per} "
                f"mentee{'s' if per != 1 else ''} of the program.")  # fmt: skip
    if gaps:
        listed = escape(", ".join(gaps[:5]))
        return (f":tada: You're in *{name}* as a mentee. The program matches you on the skill "
                f"gaps of your reflection ({listed}); `/reflect` changes them.")  # fmt: skip
    start_in_dm(client, deps, person)
    return (
        f":tada: You're in *{name}* as a mentee. I started your reflection in our DM: the "
        "skill gaps and goals you choose there are what the program matches you on."
    )


def _form_target(form: Form) -> tuple[int, str]:
    program_id, role = form.id("program"), form.meta.get("role")
    if not 0 < program_id < 10**9 or role not in catalog.ROLES:
        raise NotYours  # a forged form
    return program_id, str(role)


def _answer(form: Form) -> str:
    return form.text(blocks.B_ANSWER, blocks.A_TEXT)


@on_submit
def handle_view_program_answer(form: Form) -> None:
    program_id, role = _form_target(form)
    answer = _answer(form)
    if not answer:
        form.ack(response_action="errors", errors={blocks.B_ANSWER: NO_ANSWER})
        return
    form.ack()
    text = enrol(form.client, form.deps, form.person, program_id, role, answer[: blocks.MAX_ANSWER])
    confirm_saved(form.client, form.deps, form.person, form.origin, build_ephemeral(text))


@on_submit
def handle_view_program_profile(form: Form) -> None:
    """The mentor profile saved, then the enrolment as a mentor (with the answer, if asked)."""
    program_id, role = _form_target(form)
    if role != "mentor":
        raise NotYours
    valid = profiles.validate_form(profile_form(view_values(form.body)))
    if not isinstance(valid, profiles.ValidProfile):
        form.ack(**build_profile_errors(valid))
        return
    with form.deps.db.begin() as session:
        program = catalog.program_of(session, team_id=form.person.team_id, program_id=program_id)
    answer = _answer(form)
    if program is not None and program.question and not answer:
        form.ack(response_action="errors", errors={blocks.B_ANSWER: NO_ANSWER})
        return
    form.ack()
    with form.deps.db.begin() as session:
        profiles.save_profile(session, person=form.person, valid=valid, now=form.deps.clock.now())
    text = "Your mentor profile is saved. " + enrol(
        form.client, form.deps, form.person, program_id, role, answer
    )
    confirm_saved(form.client, form.deps, form.person, form.origin, build_ephemeral(text))
