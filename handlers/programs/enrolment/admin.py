"""`/mentor admin program [NAME]`: the program modal, for admins (checked on the stored person:
the trigger lives 3 seconds), its submission (checked again), and the announcement it posts in
the program's channel or updates there."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.clock import local
from bot.deps import Deps
from bot.services.people import is_admin
from bot.services.programs import autoround, catalog
from handlers.admin.blocks import build_admin_refusal_message
from handlers.programs.enrolment import blocks
from handlers.slack.clicks import NotYours
from handlers.slack.confirm import confirm_saved
from handlers.slack.forms import Form, on_submit
from handlers.slack.mrkdwn import escape
from handlers.slack.origin import OPENER_KEY, ORIGIN_KEY, origin_of_command
from handlers.slack.people import ensure_person, known_person
from handlers.slack.replies import build_ephemeral, form_refusal
from handlers.slack.subcommands import SubcommandCall
from handlers.summaries.delivery import slack_error
from storage.models import Person, Program

logger = logging.getLogger("mentorbot.programs")

NOT_ADMIN = (
    "Creating and editing programs is for mentoring admins (workspace admins and owners, and "
    "people they name), so nothing changed."
)
NOT_THERE = ("not_in_channel", "channel_not_found", "is_archived")


def open_program_form(call: SubcommandCall, name: str) -> None:
    """Open the create modal, or the edit modal of the program named (after the ack)."""
    deps = call.deps
    person = known_person(deps, call.team_id, call.user_id)
    if person is None:  # never seen: Slack says whether they are an admin
        person = ensure_person(call.client, deps, call.team_id, call.user_id)
    with deps.db.begin() as session:
        allowed = is_admin(session, person)
        program = catalog.program_named(session, team_id=call.team_id, name=name) if name else None
    if not allowed:
        call.respond(**build_admin_refusal_message())
        return
    if name and program is None:
        text = (
            f"There is no program named {escape(name[:80])}. `/mentor admin program` creates one."
        )
        call.respond(**build_ephemeral(text))
        return
    meta: dict[str, Any] = {
        OPENER_KEY: call.user_id,
        ORIGIN_KEY: origin_of_command(call.body).as_meta(),
    }
    if program is not None:
        meta["program"] = program.id
        defaults = blocks.ProgramDefaults.of(program)
    else:
        defaults = blocks.ProgramDefaults.new(local(deps.clock.now(), person.tz).date())
    call.client.views_open(
        trigger_id=call.trigger_id, view=blocks.build_program_modal(defaults, meta)
    )


@on_submit
def handle_view_program(form: Form) -> None:
    program_id = form.meta.get("program")
    if program_id is not None and not (
        isinstance(program_id, int) and not isinstance(program_id, bool) and 0 < program_id < 10**9
    ):
        raise NotYours  # a forged id no row can have
    with form.deps.db.begin() as session:
        allowed = is_admin(session, form.person)
    if not allowed:
        form.ack(**form_refusal(form.body.get("view") or {}, NOT_ADMIN))
        return
    parsed = blocks.form_from_state(
        (form.body.get("view") or {}).get("state", {}).get("values") or {}
    )
    if not isinstance(parsed, catalog.ProgramForm):
        form.ack(response_action="errors", errors=parsed)
        return
    created = _save(form, form.person, program_id, parsed)
    if created.program is None:
        form.ack(**blocks.build_program_errors(created.errors))
        return
    form.ack()
    program, verb = created.program, "updated" if program_id else "created"
    note = f"Program *{escape(program.name)}* {verb}. " + announce(form.client, form.deps, program)
    confirm_saved(form.client, form.deps, form.person, form.origin, build_ephemeral(note))


def _save(
    form: Form, person: Person, program_id: int | None, parsed: catalog.ProgramForm
) -> catalog.Created:
    now = form.deps.clock.now()
    with form.deps.db.begin() as session:
        if program_id is None:
            return catalog.create_program(
                session, team_id=person.team_id, form=parsed, admin_id=person.id,
                admin_tz=person.tz, now=now,
            )  # fmt: skip
        return catalog.update_program(
            session, team_id=person.team_id, program_id=program_id, form=parsed,
            admin_tz=person.tz, now=now,
        )  # fmt: skip


def announce(client: WebClient, deps: Deps, program: Program) -> str:
    """Post the announcement in the program's channel, or update the one posted there; what
    happened, in a sentence for the admin."""
    channel = program.announce_channel_id
    if not channel or program.id is None:
        return "It has no channel to announce in: people join it with `/mentor programs`."
    with deps.db.begin() as session:  # the Join buttons go when enrolment closes in its zone
        today = autoround.program_today(session, program, deps.clock.now())
    message = blocks.build_announcement(program, today=today)
    try:
        if program.announce_ts:
            try:
                client.chat_update(channel=channel, ts=program.announce_ts, **message)
                return f"I updated its announcement in <#{channel}>."
            except SlackApiError as error:
                if slack_error(error) not in ("message_not_found", "cant_update_message"):
                    raise
        posted = client.chat_postMessage(channel=channel, unfurl_links=False, **message)
    except SlackApiError as error:
        if slack_error(error) not in NOT_THERE:
            raise
        logger.info("cannot announce a program: %s", slack_error(error))
        return (
            f"I could not post its announcement in <#{channel}>: I'm not a member there. "
            "Invite me to the channel (`/invite @Mentorbot`), then save the program again."
        )
    with deps.db.begin() as session:
        catalog.remember_announcement(
            session, team_id=program.team_id, program_id=program.id,
            channel_id=str(posted["channel"]), ts=str(posted["ts"]),
        )  # fmt: skip
    return f"I announced it in <#{channel}> with Join as mentee and Join as mentor."
