"""/mentor admin ...: leads, admins, the skill list, the default cadence and the weekly digest."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.deps import Deps
from bot.services import admin, admin_settings, roles
from bot.services.admin import AdminCommand, ChannelRef, UserRef
from bot.services.people import is_admin
from handlers.admin import blocks
from handlers.programs.enrolment.admin import open_program_form
from handlers.programs.report import commands as report_commands
from handlers.slack.people import ensure_person
from handlers.slack.subcommands import SubcommandCall
from handlers.summaries import delivery
from storage.models import Person
from storage.repositories import roles as roles_repo

# How far we page users.list / conversations.list to find a name typed without escaping.
MAX_LOOKUP_PAGES = 20


def handle_subcommand_admin(call: SubcommandCall) -> None:
    call.ack()
    command = admin.parse_admin_command(call.args)
    if command.area == "program" and command.action in ("create", "edit"):
        # A modal: its own admin check on the stored person (the trigger lives 3 s).
        open_program_form(call, command.program)
        return
    if command.area == "program" and command.action == "report":
        # Team leads read a program's report too: checked there, not refused below.
        report_commands.handle_program_report(call, command.program)
        return
    call.respond(**answer_admin(call))


def answer_admin(call: SubcommandCall) -> dict[str, Any]:
    """Check the caller is an admin, then do what the command says."""
    deps = call.deps
    actor = ensure_person(call.client, deps, call.team_id, call.user_id)
    with deps.db.begin() as session:
        if not is_admin(session, actor):
            return blocks.build_admin_refusal_message()
    command = admin.parse_admin_command(call.args)
    if command.area in ("leads", "admins"):
        return _people(call, deps, actor, command)
    if command.area == "skills":
        return _skills(deps, call.team_id, command)
    if command.area == "cadence":
        return _cadence(deps, actor, command)
    if command.area == "digest":
        return _digest(call, deps, actor, command)
    return blocks.build_admin_usage_message(command.problem, unknown=command.unknown)


def _people(
    call: SubcommandCall, deps: Deps, actor: Person, command: AdminCommand
) -> dict[str, Any]:
    role = roles.LEAD if command.area == "leads" else roles.ADMIN
    if command.action == "list":
        with deps.db.begin() as session:
            return blocks.build_role_list_message(
                roles.list_role(session, team_id=call.team_id, role=role)
            )
    assert command.user is not None
    person, problem = resolve_person(call.client, deps, call.team_id, command.user)
    if person is None:
        return blocks.build_person_problem_message(problem, "@" + (command.user.name or ""))
    now = deps.clock.now()
    with deps.db.begin() as session:
        if command.action == "add":
            change = roles.grant_role(session, actor=actor, person=person, role=role, now=now)
        else:
            change = roles.revoke_role(session, person=person, role=role)
    return blocks.build_role_change_message(change)


def resolve_person(
    client: WebClient, deps: Deps, team_id: str, ref: UserRef
) -> tuple[Person | None, str]:
    """The person an admin named (by id, or by name when Slack did not escape it)."""
    user_id = ref.user_id or _user_id_by_name(client, deps, team_id, ref.name or "")
    if user_id is None or user_id == "ambiguous":
        return None, user_id or "not_found"
    try:
        person = ensure_person(client, deps, team_id, user_id)
    except SlackApiError as error:
        if delivery.slack_error(error) in ("user_not_found", "users_not_found"):
            return None, "not_found"
        raise
    if person.is_bot:
        return None, "bot"
    if person.is_deleted:
        return None, "left"
    return person, ""


def _user_id_by_name(client: WebClient, deps: Deps, team_id: str, name: str) -> str | None:
    with deps.db.begin() as session:
        known = roles_repo.people_named(session, team_id=team_id, name=name)
    if len(known) > 1:
        return "ambiguous"
    if known:
        return known[0].slack_user_id
    wanted = name.casefold()
    cursor: str | None = None
    for _ in range(MAX_LOOKUP_PAGES):
        page = client.users_list(limit=200, cursor=cursor)
        for user in page.get("members") or []:
            profile = user.get("profile") or {}
            names = (user.get("name"), profile.get("display_name"), user.get("real_name"))
            if wanted in {str(n).casefold() for n in names if n}:
                return str(user["id"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    return None


def _skills(deps: Deps, team_id: str, command: AdminCommand) -> dict[str, Any]:
    now = deps.clock.now()
    with deps.db.begin() as session:
        if command.action == "list":
            entries = admin_settings.listed_skills(session, team_id=team_id, now=now)
            return blocks.build_skills_list_message(entries)
        change_list = (
            admin_settings.add_listed_skills
            if command.action == "add"
            else admin_settings.remove_listed_skills
        )
        change = change_list(session, team_id=team_id, text=command.skills, now=now)
    return blocks.build_skill_change_message(command.action, change)


def _cadence(deps: Deps, actor: Person, command: AdminCommand) -> dict[str, Any]:
    assert actor.id is not None
    with deps.db.begin() as session:
        admin_settings.set_default_cadence(
            session,
            team_id=actor.team_id,
            cadence=command.cadence,
            actor_id=actor.id,
            now=deps.clock.now(),
        )
    return blocks.build_cadence_message(command.cadence)


def _digest(
    call: SubcommandCall, deps: Deps, actor: Person, command: AdminCommand
) -> dict[str, Any]:
    assert actor.id is not None
    now = deps.clock.now()
    if command.action == "off":
        with deps.db.begin() as session:
            admin_settings.turn_digest_off(
                session, team_id=actor.team_id, actor_id=actor.id, now=now
            )
        return blocks.build_digest_off_message()
    assert command.channel is not None
    channel_id, problem = resolve_channel(call.client, command.channel)
    if channel_id is None:
        return blocks.build_channel_problem_message(problem, "#" + (command.channel.name or ""))
    with deps.db.begin() as session:
        admin_settings.set_digest(
            session,
            team_id=actor.team_id,
            channel_id=channel_id,
            weekday=command.weekday,
            minute=command.minute,
            tz_name=actor.tz,
            actor_id=actor.id,
            now=now,
        )
    return blocks.build_digest_set_message(channel_id, command.weekday, command.minute, actor.tz)


def resolve_channel(client: WebClient, ref: ChannelRef) -> tuple[str | None, str]:
    """A channel the bot is in, by id or by name; else the problem ("not_found", "not_in")."""
    channel_id = ref.channel_id or _channel_id_by_name(client, ref.name or "")
    if channel_id is None:
        return None, "not_found"
    problem = delivery.channel_problem(client, channel_id)
    return (channel_id, "") if problem is None else (None, problem)


def _channel_id_by_name(client: WebClient, name: str) -> str | None:
    cursor: str | None = None
    for _ in range(MAX_LOOKUP_PAGES):
        page = client.conversations_list(
            types="public_channel,private_channel", exclude_archived=True, limit=200, cursor=cursor
        )
        for channel in page.get("channels") or []:
            if str(channel.get("name", "")).casefold() == name:
                return str(channel["id"])
        cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            break
    return None
