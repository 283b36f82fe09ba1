"""Who may use what: every action_id, modal callback_id, slash command and /mentor subcommand.

The registered listeners are read from the app itself, so a new button, modal or subcommand
without a row here fails `test_every_surface_has_a_row`. Each refusal must change nothing (the
whole database and the emulator's call log are compared) and say so to the person.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from bot.services import talk
from handlers.calendar import blocks as calendar_blocks
from handlers.calendar import occurrence_blocks
from handlers.circles import blocks as circle_blocks
from handlers.circles import delivery_blocks as circle_cadence
from handlers.circles import messages as circle_messages
from handlers.data_rights import blocks as data_blocks
from handlers.goals import blocks as goal_blocks
from handlers.introductions import blocks as intro_blocks
from handlers.matching import blocks as find_blocks
from handlers.matching import peer_blocks
from handlers.meetings import blocks as sched_blocks
from handlers.meetings.blocks import programs_checkpoints as checkpoint_blocks
from handlers.profiles import blocks as profile_blocks
from handlers.programs.checkpoints import blocks as term_blocks
from handlers.programs.enrolment import blocks as enrol_blocks
from handlers.programs.enrolment import listing as enrol_listing
from handlers.programs.rounds import blocks as round_blocks
from handlers.reflection import blocks as reflection_blocks
from handlers.reflection import forms as reflection_forms
from handlers.summaries import blocks as summary_blocks
from handlers.talk import blocks as talk_blocks
from playground.harness import Harness
from playground.signed_client import HttpResult
from storage.models import (
    Delivery,
    Goal,
    IntroRequest,
    MentorSearch,
    Pair,
    Person,
    PreparedQuestions,
    Reflection,
    ReminderPreference,
)
from storage.repositories import people as people_repo
from tests.handlers.circles.helpers import circle_values
from tests.handlers.find_mentor_helpers import find, profile_values, request_intro, save_profile
from tests.handlers.journeys import MENTEE, MENTOR, OTHER, run_journey
from tests.handlers.trust_helpers import db_snapshot

ASKER, LEAD, ADMIN, GONE = "UNED", "ULEAD", "UADM", "UGONE"
TEAM_CHANNEL = "C0TEAM"
ACTORS = ("owner", "partner", "other", "lead", "admin", "deactivated")
ANYONE = frozenset({"owner", "partner", "other", "lead", "admin"})
FUTURE = 1893456000  # 2030-01-01: a meeting time still to come whatever the world's clock


# --- what the app registers ---------------------------------------------------------------------


class _Recorder:
    """Stands in for the Bolt App while handlers register, noting every key they listen to."""

    def __init__(self) -> None:
        self.actions: list[str] = []
        self.views: list[str] = []
        self.commands: dict[str, Callable[..., Any]] = {}

    def action(self, key: Any) -> Callable[[Any], Any]:
        self.actions.append(key.pattern if isinstance(key, re.Pattern) else str(key))
        return lambda f: f

    def view(self, key: Any) -> Callable[[Any], Any]:
        self.views.append(str(key))
        return lambda f: f

    def command(self, name: str) -> Callable[[Any], Any]:
        def keep(f: Any) -> Any:
            self.commands[name] = f
            return f

        return keep

    def __getattr__(self, _name: str) -> Callable[..., Any]:  # event, middleware, options, ...
        return lambda *_a, **_k: lambda f: f


def registered(harness_deps: Any) -> tuple[list[str], list[str], list[str]]:
    from handlers import register_all
    from handlers.slack.subcommands import SubcommandRouter

    recorder = _Recorder()
    register_all(recorder, harness_deps)  # type: ignore[arg-type]
    recorder.actions += [name for name in recorder.commands if name != "/mentor"]
    router = recorder.commands["/mentor"].__self__  # the router's bound listener
    assert isinstance(router, SubcommandRouter)
    return recorder.actions, recorder.views, router.names()


# --- the world: one journey, then an open request, people in every role ------------------------


@dataclass
class World:
    h: Harness
    users: dict[str, dict[str, str]]  # row owner kind -> actor -> Slack user id
    ids: dict[str, int]


def _ids(h: Harness) -> dict[str, int]:
    with h.db.begin() as session:

        def one(statement: Any) -> int:
            row = session.exec(statement).first()
            assert row is not None and row.id is not None, statement
            return int(row.id)

        mentee = one(select(Person).where(Person.slack_user_id == MENTEE))
        asker = one(select(Person).where(Person.slack_user_id == ASKER))
        return {
            "mentee": mentee,
            "mentor": one(select(Person).where(Person.slack_user_id == MENTOR)),
            "reflection": one(select(Reflection).where(Reflection.person_id == mentee)),
            "goal": one(select(Goal).where(Goal.person_id == mentee)),
            "search": one(select(MentorSearch).where(MentorSearch.person_id == mentee)),
            "pair": one(select(Pair).where(Pair.mentee_id == mentee)),
            "accepted": one(select(IntroRequest).where(IntroRequest.mentee_id == mentee)),
            "open": one(
                select(IntroRequest).where(
                    IntroRequest.mentee_id == asker, IntroRequest.status == "open"
                )
            ),
            "delivery": one(select(Delivery).where(Delivery.person_id == mentee)),
            "preference": one(
                select(ReminderPreference).where(ReminderPreference.person_id == mentee)
            ),
            "pulse": one(
                select(Delivery).where(Delivery.person_id == mentee, Delivery.kind == "pulse")
            ),
            "questions": one(
                select(PreparedQuestions).where(PreparedQuestions.person_id == mentee)
            ),
        }


@pytest.fixture(scope="module")
def world(
    migrated_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    path = tmp_path_factory.mktemp("authz") / "mentorbot.db"
    shutil.copy(migrated_sqlite_template, path)
    with Harness(f"sqlite:///{path}") as h:
        run_journey(h, end_pair=False)
        h.emulator.add_user(ASKER, name="ned", real_name="Ned Next")
        h.emulator.add_user(LEAD, name="lea", real_name="Lea Lead")
        h.emulator.add_user(ADMIN, name="ada", real_name="Ada Admin", is_admin=True)
        h.emulator.add_user(GONE, name="gus", real_name="Gus Gone")
        members = [MENTEE, MENTOR, OTHER, ASKER, LEAD, ADMIN, GONE, "U0BOT"]
        h.emulator.add_channel(TEAM_CHANNEL, name="team", members=members)
        save_profile(h, "UEVE", ["python"])  # a second mentor keeps Max's capacity question apart
        for user in (LEAD, ADMIN, GONE):
            h.event({"type": "app_home_opened", "user": user, "tab": "home"})
        _grant_lead_and_deactivate(h)
        _deliver_to_the_mentee(h)
        for user in (MENTEE, MENTOR, OTHER, ASKER, LEAD, ADMIN):  # profiles fresh after the ticks
            h.event({"type": "app_home_opened", "user": user, "tab": "home"})
        request_intro(h, ASKER, find(h, ASKER, "public speaking"), 0)  # open (after the ticks)
        find(h, MENTEE, "sql")  # searches older than 30 days were purged by the ticks
        _stop_a_reminder_kind(h)
        _draft_questions(h)
        _open_every_dm(h)
        ids = _ids(h) | _program_round(h) | _circles(h)
        mentee_side = {"owner": MENTEE, "partner": MENTOR}
        users = {
            "mentee": mentee_side,
            "mentor_of_open": {"owner": MENTOR, "partner": ASKER},
            "asker": {"owner": ASKER, "partner": MENTOR},
            # A circle of Max's: the mentee is in it, Ned waits in another for Max's answer.
            "circle_mentor": {"owner": MENTOR, "partner": MENTEE},
            "circle_member": {"owner": MENTEE, "partner": MENTOR},
        }
        for kind in users.values():
            kind.update({"other": OTHER, "lead": LEAD, "admin": ADMIN, "deactivated": GONE})
        yield World(h, users, ids)


def _program_round(h: Harness) -> dict[str, int]:
    """A program whose proposal waits for review: Ned with Eve, for the admin's buttons."""
    from datetime import timedelta

    from storage.models import MatchingRound, Program, RoundPair

    now, team = h.clock.now(), h.emulator.team_id
    with h.db.begin() as session:
        ned = people_repo.get_person(session, team_id=team, slack_user_id=ASKER)
        eve = people_repo.get_person(session, team_id=team, slack_user_id="UEVE")
        assert ned is not None and eve is not None and ned.id and eve.id
        day = now.date()
        program = Program(
            team_id=team, name="Authz cohort", name_key="authz cohort",
            enrolment_closes_on=day + timedelta(days=30), term_starts_on=day + timedelta(days=40),
            term_ends_on=day + timedelta(days=120), created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(program)
        session.flush()
        assert program.id is not None
        round_ = MatchingRound(team_id=team, program_id=program.id, created_at=now)
        session.add(round_)
        session.flush()
        assert round_.id is not None
        pair = RoundPair(
            team_id=team, round_id=round_.id, mentee_id=ned.id, mentor_id=eve.id, created_at=now
        )
        session.add(pair)
        session.flush()
        assert pair.id is not None
        checkpoints = _checkpoints_sent(session, program.id, now)
        return {"program": program.id, "round": round_.id, "round_pair": pair.id} | checkpoints


def _checkpoints_sent(session: Any, program_id: int, now: Any) -> dict[str, int]:
    """The mentee's midpoint survey, close-out and quiet-pair nudge of the program, as sent."""
    from storage.models.deliveries import PROGRAM_CLOSEOUT, PROGRAM_MIDPOINT, PROGRAM_QUIET
    from storage.repositories import deliveries as deliveries_repo

    mentee = session.exec(select(Person).where(Person.slack_user_id == MENTEE)).one()
    pair = session.exec(select(Pair).where(Pair.mentee_id == mentee.id)).one()
    ids: dict[str, int] = {}
    for name, kind in (
        ("midpoint", PROGRAM_MIDPOINT),
        ("closeout", PROGRAM_CLOSEOUT),
        ("quiet", PROGRAM_QUIET),
    ):
        row = deliveries_repo.new_delivery(kind, pair, mentee, now, f"authz:{kind}", now)
        row.program_id, row.status = program_id, "sent"
        session.add(row)
        session.flush()
        ids[name] = row.id
    return ids


def _circles(h: Harness) -> dict[str, int]:
    """Max's circle with the mentee in it, one with approval where Ned waits, and an open one
    with room for anyone's Join circle."""
    from bot.services.circles import forms, membership

    now, team = h.clock.now(), h.emulator.team_id
    with h.db.begin() as session:

        def someone(user: str) -> Person:
            found = people_repo.get_person(session, team_id=team, slack_user_id=user)
            assert found is not None
            return found

        max_, mia, ned = someone(MENTOR), someone(MENTEE), someone(ASKER)
        made = []
        for approval in (False, True):
            form = forms.CircleForm(topic="Authz circle", seats="8", needs_approval=approval)
            opened = forms.open_circle(session, mentor=max_, form=form, now=now)
            assert opened.circle is not None, opened.errors
            made.append(opened.circle.circle_id)
        membership.join(session, person=mia, circle_id=made[0], now=now)
        waiting = membership.join(session, person=ned, circle_id=made[1], now=now)
        eve = someone("UEVE")
        form = forms.CircleForm(topic="Anyone's circle", seats="8")
        anyone = forms.open_circle(session, mentor=eve, form=form, now=now).circle
        assert anyone is not None and waiting.member_id is not None
        return {
            "circle": made[0],
            "circle_waiting": waiting.member_id,
            "open_circle": anyone.circle_id,
        } | _circle_deliveries_sent(session, made[0], mia, now)


def _circle_deliveries_sent(
    session: Any, circle_id: int, member: Person, now: Any
) -> dict[str, int]:
    """The mentee's circle nudge, check-in, pulse and "still want these?", as sent."""
    from datetime import timedelta

    from storage.models.deliveries import CIRCLE_ASK, CIRCLE_CHECKIN, CIRCLE_PREPARE, CIRCLE_PULSE
    from storage.repositories import deliveries as deliveries_repo

    ids: dict[str, int] = {}
    day = now.date() + timedelta(days=1)
    for name, kind in (
        ("circle_prepare", CIRCLE_PREPARE),
        ("circle_checkin", CIRCLE_CHECKIN),
        ("circle_pulse", CIRCLE_PULSE),
        ("circle_ask", CIRCLE_ASK),
    ):
        row = deliveries_repo.new_delivery(
            kind, None, member, now, f"authz:{kind}", now, occurrence=day
        )
        row.circle_id, row.status, row.sent_at = circle_id, "sent", now
        session.add(row)
        session.flush()
        ids[name] = row.id
    return ids


def _deliver_to_the_mentee(h: Harness) -> None:
    """Scheduler passes until something addressed to the mentee (not the pair) has gone out."""
    from datetime import timedelta

    for _ in range(60):
        h.tick(h.clock.now() + timedelta(days=1))
        with h.db.begin() as session:
            mentee = session.exec(select(Person).where(Person.slack_user_id == MENTEE)).one()
            sent = session.exec(
                select(Delivery).where(
                    Delivery.person_id == mentee.id,
                    Delivery.status == "sent",
                    Delivery.kind == "pulse",
                )
            ).first()
        if sent is not None:
            return
    raise AssertionError("the scheduler sent the mentee no pulse in 60 days")


def _draft_questions(h: Harness) -> None:
    """Questions the mentee typed for the next meeting, waiting for Share or Don't share."""
    with h.db.begin() as session:
        mentee = session.exec(select(Person).where(Person.slack_user_id == MENTEE)).one()
        pair = session.exec(select(Pair).where(Pair.mentee_id == mentee.id)).one()
        assert mentee.id is not None and pair.id is not None
        session.add(
            PreparedQuestions(
                team_id=mentee.team_id,
                pair_id=pair.id,
                person_id=mentee.id,
                text="what should I read first?",
                created_at=h.clock.now(),
            )
        )


def _open_every_dm(h: Harness) -> None:
    """Cache everyone's DM channel now, so a refusal sent there later writes nothing."""
    from handlers.slack.people import dm_channel

    with h.db.begin() as session:
        people = session.exec(select(Person).where(Person.is_deleted == False)).all()  # noqa: E712
    for person in people:
        if not person.is_bot:
            dm_channel(h.app.client, h.deps, person)


def _stop_a_reminder_kind(h: Harness) -> None:
    """The mentee turned one kind of reminder off (so "turn back on" has a record to name)."""
    with h.db.begin() as session:
        mentee = session.exec(select(Person).where(Person.slack_user_id == MENTEE)).one()
        assert mentee.id is not None
        session.add(
            ReminderPreference(
                team_id=mentee.team_id,
                person_id=mentee.id,
                kind="gratitude",
                stopped=True,
                updated_at=h.clock.now(),
            )
        )


def _grant_lead_and_deactivate(h: Harness) -> None:
    from storage.models import RoleGrant

    now = h.clock.now()
    with h.db.begin() as session:
        team = h.emulator.team_id
        lead = people_repo.get_person(session, team_id=team, slack_user_id=LEAD)
        gone = people_repo.get_person(session, team_id=team, slack_user_id=GONE)
        assert lead is not None and lead.id is not None and gone is not None
        session.add(RoleGrant(team_id=team, person_id=lead.id, role="lead", created_at=now))
        gone.is_deleted = True  # a deactivation whose user_change event never arrived
        session.add(gone)
    h.emulator.set_user(GONE, deleted=True)


# --- the table ----------------------------------------------------------------------------------

Send = Callable[[World, str], HttpResult]


@dataclass(frozen=True)
class Row:
    key: str  # action_id (or its pattern), callback_id or "/mentor <sub>"
    owner_kind: str
    allowed: frozenset[str]
    send: Send
    destructive: bool = False  # the owner's own use is tested elsewhere (it erases the world)


def click(action_id: str, value: Callable[[dict[str, int]], str]) -> Send:
    def send(w: World, user: str) -> HttpResult:
        action = {"action_id": action_id, "value": value(w.ids), "block_id": "b"}
        if action_id == goal_blocks.GOAL_MENU_ACTION:
            action = {"action_id": action_id, "selected_option": {"value": value(w.ids)}}
        if action_id in (intro_blocks.PAIR_WEEKDAY, sched_blocks.CADENCE_WEEKDAY):
            action = {"action_id": action_id, "selected_option": {"value": value(w.ids)}}
        return w.h.click(user, action, channel_id=w.h.emulator.dm_channel_of(user))

    return send


def submit(callback_id: str, metadata: Callable[[dict[str, int]], str], values: Any) -> Send:
    def send(w: World, user: str) -> HttpResult:
        blocks = [{"type": "input", "block_id": block_id} for block_id in values]
        view = {
            "type": "modal",
            "callback_id": callback_id,
            "private_metadata": metadata(w.ids),
            "blocks": blocks,
        }
        return w.h.submit(user, view, values)

    return send


def command(text: str) -> Send:
    return lambda w, user: w.h.command(user, "/mentor", text)


def _step(ids: dict[str, int], step: str = "strengths") -> str:
    return reflection_blocks.button_value(ids["reflection"], step)


def _text(block: str, action: str, value: str) -> dict[str, Any]:
    return {block: {action: {"type": "plain_text_input", "value": value}}}


def _choice(block: str, action: str, value: str) -> dict[str, Any]:
    return {block: {action: {"type": "radio_buttons", "selected_option": {"value": value}}}}


def _program_values() -> dict[str, Any]:
    from datetime import date

    from tests.handlers.programs.enrolment_helpers import program_values

    return program_values(date(2030, 1, 1), name="Forged cohort")


REFLECTION_STEP_BUTTONS = [
    Row(action_id, "mentee", frozenset({"owner"}), click(action_id, _step))
    for action_id in reflection_blocks.DIALOG_ACTIONS
]
SKILLS_VALUES = {
    reflection_forms.SKILLS_SELECT_BLOCK: {
        reflection_forms.SKILLS_SELECT_ACTION: {
            "type": "multi_static_select",
            "selected_options": [{"value": "sql"}],
        }
    }
}
PROGRESS_VALUES = {
    goal_blocks.PROGRESS_BLOCK: {
        goal_blocks.PROGRESS_ACTION: {"type": "static_select", "selected_option": {"value": "70"}}
    },
    **_text(goal_blocks.NOTE_BLOCK, goal_blocks.NOTE_ACTION, "forged"),
}
SHARE_VALUES = {
    goal_blocks.CHANNEL_BLOCK: {
        goal_blocks.CHANNEL_ACTION: {
            "type": "conversations_select",
            "selected_conversation": "C0WINS",
        }
    }
}
ROWS: list[Row] = [
    *REFLECTION_STEP_BUTTONS,
    Row(
        reflection_blocks.ACTION_CHOOSE_SKILLS,
        "mentee",
        frozenset({"owner"}),
        click(reflection_blocks.ACTION_CHOOSE_SKILLS, lambda i: _step(i, "skills")),
    ),
    Row(
        reflection_blocks.ACTION_RESTART,
        "mentee",
        frozenset({"owner"}),
        click(reflection_blocks.ACTION_RESTART, lambda i: str(i["reflection"])),
        destructive=True,
    ),
    # Resume acts on the clicker's own reflection; the value names nobody.
    Row(
        reflection_blocks.ACTION_RESUME,
        "mentee",
        ANYONE,
        click(reflection_blocks.ACTION_RESUME, lambda i: ""),
    ),
    Row(
        reflection_blocks.ACTION_SHARE,
        "mentee",
        frozenset({"owner"}),
        click(reflection_blocks.ACTION_SHARE, lambda i: str(i["pair"])),
    ),
    Row(
        find_blocks.FIND_MORE,
        "mentee",
        frozenset({"owner"}),
        click(find_blocks.FIND_MORE, lambda i: find_blocks.ids_value(i["search"], 0)),
    ),
    Row(
        find_blocks.REQUEST_INTRO,
        "mentee",
        frozenset({"owner"}),
        click(find_blocks.REQUEST_INTRO, lambda i: find_blocks.ids_value(i["search"], i["mentor"])),
    ),
    # #19, peers: Ask to pair up opens the modal from the clicker's own search only.
    Row(
        peer_blocks.ASK_PEER,
        "mentee",
        frozenset({"owner"}),
        click(peer_blocks.ASK_PEER, lambda i: find_blocks.ids_value(i["search"], i["mentor"])),
    ),
    Row(
        rf"^{find_blocks.WATCH_SKILL}_\d+$",
        "mentee",
        frozenset({"owner"}),
        click(f"{find_blocks.WATCH_SKILL}_0", lambda i: find_blocks.ids_value(i["search"], 0)),
    ),
    # A search for a listed skill is the clicker's own search; the value is a public skill id.
    Row(
        rf"^{find_blocks.SEARCH_SKILL}_\d+$",
        "mentee",
        ANYONE,
        click(f"{find_blocks.SEARCH_SKILL}_0", lambda i: "1"),
    ),
    *[
        Row(
            action_id,
            "mentor_of_open",
            frozenset({"owner"}),
            click(action_id, lambda i: str(i["open"])),
            destructive=action_id != intro_blocks.INTRO_NOT_NOW,
        )
        for action_id in (
            intro_blocks.INTRO_ACCEPT,
            intro_blocks.INTRO_NOT_NOW,
            intro_blocks.INTRO_DECLINE,
        )
    ],
    Row(
        intro_blocks.INTRO_WITHDRAW,
        "asker",
        frozenset({"owner"}),
        click(intro_blocks.INTRO_WITHDRAW, lambda i: str(i["open"])),
        destructive=True,
    ),
    Row(
        intro_blocks.INTRO_THANK,
        "mentee",
        frozenset({"owner"}),
        click(intro_blocks.INTRO_THANK, lambda i: str(i["accepted"])),
    ),
    *[
        Row(
            f"{intro_blocks.PAIR_CADENCE_PREFIX}{cadence}",
            "mentee",
            frozenset({"owner", "partner"}),
            click(f"{intro_blocks.PAIR_CADENCE_PREFIX}{cadence}", lambda i: str(i["pair"])),
        )
        for cadence in ("weekly", "biweekly", "monthly")
    ],
    Row(
        intro_blocks.PAIR_WEEKDAY,
        "mentee",
        frozenset({"owner", "partner"}),
        click(intro_blocks.PAIR_WEEKDAY, lambda i: f"{i['pair']}:3"),
    ),
    *[
        Row(
            f"{goal_blocks.GOAL_MENU_ACTION}:{choice}",
            "mentee",
            frozenset({"owner"}),
            click(
                goal_blocks.GOAL_MENU_ACTION,
                lambda i, c=choice: goal_blocks.menu_value(c, i["goal"]),
            ),
        )
        for choice in ("update", "milestone", "done", "drop")
    ],
    Row(
        goal_blocks.SHARE_CELEBRATION_ACTION,
        "mentee",
        frozenset({"owner"}),
        click(goal_blocks.SHARE_CELEBRATION_ACTION, lambda i: str(i["goal"])),
    ),
    Row(
        data_blocks.DATA_DELETE_CONFIRM,
        "mentee",
        frozenset({"owner"}),
        click(data_blocks.DATA_DELETE_CONFIRM, lambda i: str(i["mentee"])),
        destructive=True,
    ),
    Row(
        data_blocks.DATA_DELETE_CANCEL,
        "mentee",
        frozenset({"owner"}),
        click(data_blocks.DATA_DELETE_CANCEL, lambda i: str(i["mentee"])),
    ),
    # Modals: private_metadata names the record.
    Row(
        reflection_forms.SKILLS_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(reflection_forms.SKILLS_VIEW, lambda i: str(i["reflection"]), SKILLS_VALUES),
    ),
    Row(
        goal_blocks.UPDATE_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(goal_blocks.UPDATE_VIEW, lambda i: str(i["goal"]), PROGRESS_VALUES),
    ),
    Row(
        goal_blocks.MILESTONE_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            goal_blocks.MILESTONE_VIEW,
            lambda i: str(i["goal"]),
            _text(goal_blocks.NOTE_BLOCK, goal_blocks.NOTE_ACTION, "forged"),
        ),
    ),
    Row(
        goal_blocks.SHARE_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(goal_blocks.SHARE_VIEW, lambda i: str(i["goal"]), SHARE_VALUES),
    ),
    # The request is always the submitter's own; a forged search id names nobody's data.
    Row(
        intro_blocks.REQUEST_VIEW,
        "mentee",
        ANYONE,
        submit(
            intro_blocks.REQUEST_VIEW,
            lambda i: json.dumps({"mentor_id": i["mentor"], "search_id": i["search"]}),
            _text(intro_blocks.B_MESSAGE, intro_blocks.A_MESSAGE, "hello"),
        ),
    ),
    # A next step of the DM help acts for the clicker; its value names a step, never a person.
    Row(
        talk_blocks.ACTION_NEXT_STEP_PATTERN.pattern,
        "mentee",
        ANYONE,
        click(f"{talk_blocks.ACTION_NEXT_STEP}{talk.GOALS}", lambda i: talk.GOALS),
    ),
    # The profile is always the submitter's own.
    Row(
        profile_blocks.PROFILE_VIEW,
        "mentee",
        ANYONE,
        submit(profile_blocks.PROFILE_VIEW, lambda i: "", profile_values(["python"])),
    ),
    # Admin commands: workspace admins (and people they name) only. A read-only listing here;
    # tests/handlers/test_admin*.py cover the changes.
    Row("/mentor admin", "mentee", frozenset({"admin"}), command("admin leads list")),
    # #18, a program's report (aggregates only): team leads as well as admins.
    Row(
        "/mentor admin:program report",
        "mentee",
        frozenset({"lead", "admin"}),
        command("admin program report Authz cohort"),
    ),
    # Posting a lead's summary: leads (members of the channel) and admins.
    Row(
        summary_blocks.POST_ACTION_ID,
        "mentee",
        frozenset({"lead", "admin"}),
        click(
            summary_blocks.POST_ACTION_ID,
            lambda i: summary_blocks.post_button_value("30d", TEAM_CHANNEL, "tok"),
        ),
    ),
    # The other slash commands: the caller's own reflection and search; summaries for leads.
    Row("/reflect", "mentee", ANYONE, lambda w, user: w.h.command(user, "/reflect")),
    Row("/find-mentor", "mentee", ANYONE, lambda w, user: w.h.command(user, "/find-mentor", "sql")),
    Row(
        "/mentoring-summary",
        "mentee",
        frozenset({"lead", "admin"}),
        lambda w, user: w.h.command(user, "/mentoring-summary", "30d", channel_id=TEAM_CHANNEL),
    ),
    # #5, the scheduler's buttons: the delivery or pair named must be the clicker's.
    *[
        Row(
            action_id,
            "mentee",
            frozenset({"owner"}),
            click(action_id, lambda i: str(i["delivery"])),
        )
        for action_id in (
            sched_blocks.SNOOZE,
            sched_blocks.STOP,
            sched_blocks.CHECKIN_MET,
            sched_blocks.CHECKIN_MISSED,
            sched_blocks.CHECKIN_RESCHEDULED,
            sched_blocks.ADAPT_KEEP,
        )
    ],
    Row(
        f"^{sched_blocks.PULSE_PREFIX}[1-5]$",
        "mentee",
        frozenset({"owner"}),
        click(f"{sched_blocks.PULSE_PREFIX}2", lambda i: str(i["pulse"])),
    ),
    # Thanking is the mentee's; the pair's rhythm, pause, end and look back are both people's.
    Row(
        sched_blocks.GRATITUDE_OPEN,
        "mentee",
        frozenset({"owner"}),
        click(sched_blocks.GRATITUDE_OPEN, lambda i: str(i["pair"])),
    ),
    *[
        Row(
            action_id,
            "mentee",
            frozenset({"owner", "partner"}),
            click(action_id, lambda i: str(i["pair"])),
        )
        for action_id in (
            sched_blocks.CADENCE_OPEN,
            sched_blocks.PAUSE_OPEN,
            sched_blocks.END_OPEN,
            sched_blocks.RETRO_OPEN,
            sched_blocks.CHECKIN_OPEN,  # /mentor checkin's which-pair button
        )
    ],
    Row(
        f"^{sched_blocks.CADENCE_SET_PREFIX}",
        "mentee",
        frozenset({"owner", "partner"}),
        click(f"{sched_blocks.CADENCE_SET_PREFIX}monthly", lambda i: str(i["pair"])),
    ),
    Row(
        sched_blocks.CADENCE_WEEKDAY,
        "mentee",
        frozenset({"owner", "partner"}),
        click(sched_blocks.CADENCE_WEEKDAY, lambda i: f"{i['pair']}:2"),
    ),
    Row(
        sched_blocks.CHECKIN_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(
            sched_blocks.CHECKIN_VIEW,
            lambda i: json.dumps({"pair": i["pair"], "delivery": None}),
            {
                sched_blocks.USEFULNESS_BLOCK: {
                    sched_blocks.USEFULNESS_ACTION: {"selected_option": {"value": "4"}}
                },
                **_text(sched_blocks.TAKEAWAY_BLOCK, sched_blocks.TAKEAWAY_ACTION, "forged"),
            },
        ),
    ),
    Row(
        sched_blocks.THANKS_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            sched_blocks.THANKS_VIEW,
            lambda i: json.dumps({"pair": i["pair"]}),
            _text(sched_blocks.THANKS_BLOCK, sched_blocks.THANKS_ACTION, "forged thanks"),
        ),
    ),
    Row(
        sched_blocks.PULSE_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            sched_blocks.PULSE_VIEW,
            lambda i: json.dumps({"delivery": i["pulse"], "score": 2}),
            _text(sched_blocks.NOTE_BLOCK, sched_blocks.NOTE_ACTION, "forged"),
        ),
    ),
    Row(
        sched_blocks.PAUSE_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(
            sched_blocks.PAUSE_VIEW,
            lambda i: json.dumps({"pair": i["pair"]}),
            {
                sched_blocks.UNTIL_BLOCK: {
                    sched_blocks.UNTIL_ACTION: {"type": "datepicker", "selected_date": "2027-01-15"}
                }
            },
        ),
        destructive=True,
    ),
    Row(
        sched_blocks.END_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(sched_blocks.END_VIEW, lambda i: json.dumps({"pair": i["pair"]}), {}),
        destructive=True,
    ),
    Row(
        sched_blocks.RETRO_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(
            sched_blocks.RETRO_VIEW,
            lambda i: json.dumps({"pair": i["pair"]}),
            _text(sched_blocks.HELPED_BLOCK, sched_blocks.HELPED_ACTION, "forged"),
        ),
    ),
    Row(
        reflection_blocks.ACTION_EDIT,
        "mentee",
        frozenset({"owner"}),
        click(reflection_blocks.ACTION_EDIT, lambda i: str(i["reflection"])),
    ),
    Row(
        reflection_forms.EDIT_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            reflection_forms.EDIT_VIEW,
            lambda i: str(i["reflection"]),
            {
                block: {reflection_forms.EDIT_ANSWER_ACTION: {"value": "forged"}}
                for block in reflection_forms.EDIT_ANSWER_BLOCKS.values()
            },
        ),
    ),
    Row(
        sched_blocks.REMINDERS_ON,
        "mentee",
        frozenset({"owner"}),
        click(sched_blocks.REMINDERS_ON, lambda i: str(i["preference"])),
    ),
    Row(
        sched_blocks.RESUME_NOW,
        "mentee",
        frozenset({"owner", "partner"}),
        click(sched_blocks.RESUME_NOW, lambda i: str(i["pair"])),
    ),
    Row(
        sched_blocks.FIND_NEXT_MENTOR,
        "mentee",
        frozenset({"owner"}),
        click(sched_blocks.FIND_NEXT_MENTOR, lambda i: str(i["pair"])),
    ),
    *[
        Row(
            action_id,
            "mentee",
            frozenset({"owner"}),
            click(action_id, lambda i: str(i["questions"])),
            destructive=True,
        )
        for action_id in (sched_blocks.QUESTIONS_SHARE, sched_blocks.QUESTIONS_KEEP)
    ],
    # Meeting times (issue 20): the pair's two people, nobody else.
    *[
        Row(action_id, "mentee", frozenset({"owner", "partner"}), click(action_id, value))
        for action_id, value in (
            (calendar_blocks.CALENDAR_OFFER, lambda i: str(i["pair"])),
            (calendar_blocks.CALENDAR_PICK, lambda i: f"{i['pair']}:{FUTURE}:-1"),
            (calendar_blocks.CALENDAR_OTHER, lambda i: f"{i['pair']}:-1"),
        )
    ],
    Row(
        calendar_blocks.CALENDAR_OTHER_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(
            calendar_blocks.CALENDAR_OTHER_VIEW,
            lambda i: json.dumps({"pair": i["pair"], "sequence": -1}),
            {
                calendar_blocks.PICKED_BLOCK: {
                    calendar_blocks.PICKED_INPUT: {"selected_date_time": FUTURE}
                }
            },
        ),
    ),
    # Skip this week / Move this one on a meeting prompt (issue 20): the pair's two people.
    *[
        Row(action_id, "mentee", frozenset({"owner", "partner"}), click(action_id, value))
        for action_id, value in (
            (occurrence_blocks.CALENDAR_SKIP, lambda i: f"{i['pair']}:{FUTURE}"),
            (occurrence_blocks.CALENDAR_MOVE, lambda i: f"{i['pair']}:{FUTURE}"),
        )
    ],
    Row(
        occurrence_blocks.CALENDAR_MOVE_VIEW,
        "mentee",
        frozenset({"owner", "partner"}),
        submit(
            occurrence_blocks.CALENDAR_MOVE_VIEW,
            lambda i: json.dumps({"pair": i["pair"], "start": FUTURE}),
            {
                occurrence_blocks.MOVED_BLOCK: {
                    occurrence_blocks.MOVED_INPUT: {"selected_date_time": FUTURE + 3600}
                }
            },
        ),
    ),
    # #18, a matching round in front of its admin: every button and the Swap modal, admins only.
    *[
        Row(
            action_id,
            "mentee",
            frozenset({"admin"}),
            click(action_id, lambda i: round_blocks.pair_value(i["round"], i["round_pair"])),
            destructive=action_id == round_blocks.REMOVE_ACTION,
        )
        for action_id in (round_blocks.SWAP_ACTION, round_blocks.REMOVE_ACTION)
    ],
    *[
        Row(
            action_id,
            "mentee",
            frozenset({"admin"}),
            click(action_id, lambda i: str(i["round"])),
            destructive=True,
        )
        for action_id in (round_blocks.MATCH_AGAIN_ACTION, round_blocks.PUBLISH_ACTION)
    ],  # fmt: skip
    Row(
        round_blocks.HOME_VIEW_PROPOSAL,
        "mentee",
        frozenset({"admin"}),
        click(round_blocks.HOME_VIEW_PROPOSAL, lambda i: str(i["round"])),
    ),
    Row(
        round_blocks.HOME_MATCH_NOW,
        "mentee",
        frozenset({"admin"}),
        click(round_blocks.HOME_MATCH_NOW, lambda i: str(i["program"])),
        destructive=True,
    ),
    Row(
        round_blocks.SWAP_VIEW,
        "mentee",
        frozenset({"admin"}),
        submit(
            round_blocks.SWAP_VIEW,
            lambda i: json.dumps({"round": i["round"], "pair": i["round_pair"]}),
            {
                round_blocks.SWAP_BLOCK: {
                    round_blocks.SWAP_SELECT: {"selected_option": {"value": f"mentor:{0}"}}
                }
            },
        ),
    ),
    # #18, the term's checkpoints: each form and button is its one recipient's.
    *[
        Row(action_id, "mentee", frozenset({"owner"}), click(action_id, lambda i, k=k: str(i[k])))
        for action_id, k in (
            (checkpoint_blocks.CHECKPOINT_ANSWER, "midpoint"),
            (checkpoint_blocks.QUIET_FINE, "quiet"),
        )
    ],
    Row(
        term_blocks.MIDPOINT_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            term_blocks.MIDPOINT_VIEW,
            lambda i: json.dumps({"delivery": i["midpoint"]}),
            {
                **_choice(term_blocks.QUALITY_BLOCK, term_blocks.QUALITY_ACTION, "4"),
                **_choice(term_blocks.ON_TRACK_BLOCK, term_blocks.ON_TRACK_ACTION, "yes"),
                **_text(term_blocks.NOTE_BLOCK, term_blocks.NOTE_ACTION, "forged"),
            },
        ),
    ),
    Row(
        term_blocks.CLOSEOUT_VIEW,
        "mentee",
        frozenset({"owner"}),
        submit(
            term_blocks.CLOSEOUT_VIEW,
            lambda i: json.dumps({"delivery": i["closeout"]}),
            {
                **_choice(term_blocks.PROGRESS_BLOCK, term_blocks.PROGRESS_ACTION, "most"),
                **_choice(term_blocks.RECOMMEND_BLOCK, term_blocks.RECOMMEND_ACTION, "yes"),
                **_text(term_blocks.THANKS_BLOCK, term_blocks.THANKS_ACTION, "forged"),
                **_choice(term_blocks.NEXT_BLOCK, term_blocks.NEXT_ACTION, "continue"),
            },
        ),
    ),
    # #18, enrolment: anyone joins or leaves for themselves (the journey, with its refusals, is in
    # tests/handlers/programs/test_enrolment.py); only admins save a program.
    *[
        Row(
            action_id,
            "mentee",
            ANYONE,
            click(action_id, lambda i: str(i["program"])),
            destructive=True,
        )
        for action_id in (enrol_blocks.JOIN_MENTEE, enrol_blocks.JOIN_MENTOR)
    ],  # fmt: skip
    Row(
        enrol_listing.LEAVE,
        "mentee",
        ANYONE,
        click(enrol_listing.LEAVE, lambda i: enrol_listing.leave_value(i["program"], "mentee")),
    ),
    Row(
        enrol_blocks.PROGRAM_VIEW,
        "mentee",
        frozenset({"admin"}),
        submit(enrol_blocks.PROGRAM_VIEW, lambda i: "{}", _program_values()),
        destructive=True,
    ),
    Row(
        enrol_blocks.ANSWER_VIEW,
        "mentee",
        ANYONE,
        submit(
            enrol_blocks.ANSWER_VIEW,
            lambda i: json.dumps({"program": i["program"], "role": "mentee"}),
            _text(enrol_blocks.B_ANSWER, enrol_blocks.A_TEXT, "forged"),
        ),
        destructive=True,
    ),
    Row(
        enrol_blocks.PROFILE_VIEW,
        "mentee",
        ANYONE,
        submit(
            enrol_blocks.PROFILE_VIEW,
            lambda i: json.dumps({"program": i["program"], "role": "mentor"}),
            profile_values(["python"]),
        ),
        destructive=True,
    ),
    Row(  # a link button only opens the browser: acked, nothing changes for anyone
        r"^calendar_link_\d$",
        "mentee",
        ANYONE,
        click("calendar_link_0", lambda i: ""),
    ),
    # #19, circles: Join is anyone's (joining is theirs alone); the mentor answers requests and
    # closes; a member leaves. The modal opens a circle of the submitter's own.
    Row(
        circle_blocks.JOIN_CIRCLE,
        "mentee",
        ANYONE,
        click(circle_blocks.JOIN_CIRCLE, lambda i: str(i["open_circle"])),
    ),
    *[
        Row(
            action_id,
            "circle_mentor",
            frozenset({"owner"}),
            click(action_id, lambda i: str(i["circle_waiting"])),
            destructive=True,
        )
        for action_id in (circle_messages.APPROVE, circle_messages.DECLINE)
    ],
    Row(
        circle_messages.CLOSE,
        "circle_mentor",
        frozenset({"owner"}),
        click(circle_messages.CLOSE, lambda i: str(i["circle"])),
        destructive=True,
    ),
    Row(
        circle_messages.LEAVE,
        "circle_member",
        frozenset({"owner"}),
        click(circle_messages.LEAVE, lambda i: str(i["circle"])),
        destructive=True,
    ),
    # #19, the circle's cadence: each member's own nudge, check-in, pulse and question are
    # theirs alone (the mentor is the partner here, and refused like anyone else).
    *[
        Row(
            action_id,
            "circle_member",
            frozenset({"owner"}),
            click(action_id, lambda i, d=d: str(i[d])),
        )
        for action_id, d in (
            (circle_cadence.QUESTION_OPEN, "circle_prepare"),
            (circle_cadence.CHECKIN_OPEN, "circle_checkin"),
            (circle_cadence.THANKS, "circle_checkin"),
            (circle_cadence.KEEP, "circle_ask"),
            (circle_cadence.PAUSE_ME, "circle_ask"),
        )
    ],
    Row(
        f"^{circle_cadence.PULSE_PREFIX}[1-5]$",
        "circle_member",
        frozenset({"owner"}),
        click(f"{circle_cadence.PULSE_PREFIX}3", lambda i: str(i["circle_pulse"])),
    ),
    Row(
        circle_cadence.QUESTION_VIEW,
        "circle_member",
        frozenset({"owner"}),
        submit(
            circle_cadence.QUESTION_VIEW,
            lambda i: json.dumps({"delivery": i["circle_prepare"]}),
            _text(circle_cadence.B_QUESTION, circle_cadence.A_QUESTION, "Forged question"),
        ),
    ),
    Row(
        circle_cadence.CHECKIN_VIEW,
        "circle_member",
        frozenset({"owner"}),
        submit(
            circle_cadence.CHECKIN_VIEW,
            lambda i: json.dumps({"delivery": i["circle_checkin"]}),
            {
                circle_cadence.B_USEFUL: {
                    circle_cadence.A_USEFUL: {
                        "type": "static_select",
                        "selected_option": {"value": "4"},
                    }
                }
            },
        ),
    ),
    Row(
        circle_blocks.CIRCLE_VIEW,
        "mentee",
        ANYONE,
        submit(circle_blocks.CIRCLE_VIEW, lambda i: "", circle_values("Forged circle")),
    ),
    # /mentor subcommands act on the caller only.
    *[
        Row(f"/mentor {sub}", "mentee", ANYONE, command(sub), destructive=False)
        for sub in (
            "help",
            "profile",
            "goals",
            "data",
            "data export",
            "data delete",
            "checkin",
            "cadence",
            "pause",
            "end",
            "reminders",
            "programs",
            "circle",
        )
    ],
]


def _keys_of_rows() -> set[str]:
    return {row.key.split(":")[0] for row in ROWS}


def test_every_surface_has_a_row(world: World) -> None:
    actions, views, subcommands = registered(world.h.deps)
    expected = set(actions) | set(views) | {f"/mentor {s}" for s in subcommands}
    assert expected - _keys_of_rows() == set(), "add a row to ROWS for each new surface"


# --- refusals -----------------------------------------------------------------------------------

REFUSAL_METHODS = {"response_url", "chat.postEphemeral", "users.info"}


def _note_of(w: World, result: HttpResult, start: int) -> str:
    """What the person was told: an ephemeral note, or the modal's error."""
    notes = [
        str(c.args.get("text") or "")
        for c in w.h.emulator.calls[start:]
        if c.method in ("response_url", "chat.postEphemeral", "chat.postMessage")
    ]
    if result.body.strip().startswith("{"):
        answer = result.json
        notes += [str(v) for v in (answer.get("errors") or {}).values()]
        notes.append(json.dumps((answer.get("view") or {}).get("blocks") or []))
        notes.append(str(answer.get("text") or ""))
    return " ".join(n for n in notes if n)


def _refusal_cases() -> list[Any]:
    return [
        pytest.param(
            row, actor, id=f"{row.key.split(':')[-1] if ':' in row.key else row.key}-{actor}"
        )
        for row in ROWS
        for actor in ACTORS
        if actor not in row.allowed
    ]


@pytest.mark.parametrize(("row", "actor"), _refusal_cases())
def test_refused_changes_nothing_and_says_so(world: World, row: Row, actor: str) -> None:
    w = world
    before = db_snapshot(w.h)
    start = len(w.h.emulator.calls)
    result = row.send(w, w.users[row.owner_kind][actor])
    assert result.status == 200
    assert db_snapshot(w.h) == before
    own_dm = w.h.emulator.dm_channel_of(w.users[row.owner_kind][actor])
    made = {
        c.method
        for c in w.h.emulator.calls[start:]
        if not (c.method == "chat.postMessage" and c.args.get("channel") == own_dm)
    }
    assert made <= REFUSAL_METHODS, made
    assert _note_of(w, result, start), "a refusal must say so"


# --- the people who may, may (no refusal for them) ------------------------------------------

REFUSED_TEXTS = (
    "isn't for you",
    "isn't yours",
    "deactivated",
    "for team leads and admins",
    "is for mentoring admins",
    "This isn't yours",
)


@pytest.mark.parametrize(
    ("row", "actor"),
    [
        pytest.param(row, actor, id=f"{row.key}-{actor}")
        for row in ROWS
        if not row.destructive
        for actor in sorted(row.allowed)
    ],
)
def test_allowed_people_are_not_refused(world: World, row: Row, actor: str) -> None:
    w = world
    start = len(w.h.emulator.calls)
    result = row.send(w, w.users[row.owner_kind][actor])
    assert result.status == 200
    note = _note_of(w, result, start)
    assert not any(text in note for text in REFUSED_TEXTS), note
