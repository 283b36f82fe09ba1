"""Hostile input in every free-text field of the journey: nothing pings, links or breaks limits."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from bot.app import APOLOGY
from playground.harness import Harness
from tests.handlers.journeys import hostile, run_journey

# What only user input could have put there: the app itself never broadcasts or links out, and
# mentions only the real people of the workspace.
FORBIDDEN = [
    re.compile(r"<!"),
    re.compile(r"<@U123"),
    re.compile(r"<#C123"),
    re.compile(r"<https?://evil"),
    re.compile("[\u202e\u202c\u200f\x00]"),
]
SPOOFED_BOLD = "*Admin notice*"


def _mrkdwn_texts(node: Any, *, plain: bool = False) -> Iterator[tuple[str, bool]]:
    """Every text of a payload with whether Slack parses it as mrkdwn."""
    if isinstance(node, dict):
        kind = node.get("type")
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                yield value, kind != "plain_text" and not plain
            else:
                yield from _mrkdwn_texts(value, plain=plain or kind == "plain_text_input")
    elif isinstance(node, list):
        for item in node:
            yield from _mrkdwn_texts(item, plain=plain)


def _sent_payloads(h: Harness, answers: list[Any]) -> Iterator[tuple[str, Any]]:
    for call in h.emulator.calls:
        if call.method in ("files.completeUploadExternal", "upload_url"):
            continue
        yield call.method, call.args
    for answer in answers:
        if answer.body.strip().startswith("{"):
            yield "http answer", answer.json


def test_hostile_input_everywhere_pings_and_links_nothing(harness: Harness) -> None:
    log = run_journey(harness, hostile)
    refused = [(c.method, c.response.get("error")) for c in harness.emulator.calls if c.refused]
    assert refused == []
    assert all(a.status == 200 for a in log.answers), [a.status for a in log.answers]
    problems = []
    for method, payload in _sent_payloads(harness, log.answers):
        for text, is_mrkdwn in _mrkdwn_texts(payload):
            if not is_mrkdwn:
                continue
            for pattern in FORBIDDEN:
                if pattern.search(text):
                    problems.append((method, pattern.pattern, text[:200]))
            if SPOOFED_BOLD in text:
                problems.append((method, "bold", text[:200]))
    assert problems == []
    sent = json.dumps([c.args for c in harness.emulator.calls], default=str)
    assert "Admin notice" in sent  # the text itself got through


# --- what was stored: the same clean text on SQLite and PostgreSQL ---------------------------

# Every column a person's typing reaches in the journey; each must hold the typed words.
TYPED_COLUMNS = {
    ("reflection", "strengths"),
    ("reflection", "weaknesses"),
    ("reflection", "aspirations"),
    ("reflection", "challenges"),
    ("goal", "text"),
    ("goal_update", "note"),
    ("mentor_profile", "helps_with"),
    ("mentor_profile", "alumni"),
    ("mentor_profile", "team_name"),
    ("intro_request", "message"),
    ("meeting", "takeaway"),
    ("meeting", "next_steps"),
    ("pulse_answer", "note"),
    ("retrospective", "helped_most"),
    ("retrospective", "goals_status"),
}
# What no stored text may hold: C0 controls but tab and newline, DEL, half a surrogate pair.
UNSTORABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")


def _stored_texts(h: Harness) -> Iterator[tuple[str, str, str]]:
    """(table, column, value) for every text value in the database."""
    with h.db.engine.connect() as connection:
        for table in SQLModel.metadata.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    if isinstance(value, str):
                        yield table.name, str(column), value


def test_hostile_come_prepared_questions_are_stored_clean_on_both_databases(
    any_database: Harness,
) -> None:
    """The come-prepared DM dialog, which the journey does not reach."""
    from storage.models import Delivery
    from tests.scheduler.helpers import harness_pair

    h = any_database
    pair = harness_pair(h)
    now = h.clock.now()
    with h.db.begin() as session:
        session.add(
            Delivery(
                team_id=pair.team_id,
                kind="prepare",
                pair_id=pair.id,
                person_id=pair.mentee_id,
                due_at=now,
                status="sent",
                sent_at=now,
                idempotency_key="prepare-hostile",
                created_at=now,
            )
        )
    h.say("UMENTEE", hostile("questions"))
    stored = [v for t, c, v in _stored_texts(h) if (t, c) == ("prepared_questions", "text")]
    assert len(stored) == 1 and "Admin notice" in stored[0] and "NUL" in stored[0]
    assert not UNSTORABLE.search(stored[0])
    preview = json.dumps(h.emulator.messages[h.emulator.dm_channel_of("UMENTEE")][-1])
    assert "Share" in preview and APOLOGY not in preview


def _edit_reflection(h: Harness) -> None:
    """Every input of the reflection's edit modal, opened from the Home."""
    from handlers.reflection import blocks as reflection_blocks
    from tests.handlers.journeys import MENTEE, _modal_values
    from tests.handlers.reflection_helpers import find_element

    h.event({"type": "app_home_opened", "user": MENTEE, "tab": "home"})
    home = h.emulator.home_views[MENTEE]
    button = find_element(home, reflection_blocks.ACTION_EDIT)
    action = {"action_id": reflection_blocks.ACTION_EDIT, "value": button["value"]}
    h.click(MENTEE, action, view=home)
    modal = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    h.submit(MENTEE, modal, _modal_values(modal, hostile("edit")))


def test_hostile_text_in_every_input_is_stored_clean_on_both_databases(
    any_database: Harness,
) -> None:
    h = any_database
    log = run_journey(h, hostile)
    _edit_reflection(h)
    assert all(a.status == 200 for a in log.answers)
    sent = json.dumps([c.args for c in h.emulator.calls], default=str)
    assert APOLOGY not in sent  # nothing failed (a NUL on PostgreSQL used to: DataError)
    stored = list(_stored_texts(h))
    dirty = [(t, c, v[:80]) for t, c, v in stored if UNSTORABLE.search(v)]
    assert dirty == []
    assert [(t, c) for t, c, v in stored if unicodedata.normalize("NFC", v) != v] == []
    kept = {(t, c) for t, c, v in stored if "Admin notice" in v and "NUL" in v}
    assert TYPED_COLUMNS - kept == set()  # what was typed was kept, only cleaned
    labels = {v for t, c, v in stored if (t, c) == ("skill", "label")}
    # A typed skill, kept as typed and composed (NFC) as one character.
    assert any(label.startswith("Café") for label in labels), labels
    assert any("Café" in v for t, c, v in stored if (t, c) == ("reflection", "strengths"))


# --- a program's matching round: hostile names, forged buttons ------------------------------


def _program_round_world(h: Harness) -> int:
    """An admin's program named by hostile text, its people with hostile names, matched."""
    from datetime import timedelta

    from bot.services import profiles
    from bot.services.programs import catalog
    from storage.models import Person, Reflection, SkillGap
    from storage.repositories import people as people_repo
    from tests.handlers.journeys import HOSTILE_CORE

    now, team = h.clock.now(), h.emulator.team_id
    for user in ("UPADM", "UPME", "UPMO"):
        h.emulator.add_user(
            user, name=user.lower(), real_name=HOSTILE_CORE, is_admin=user == "UPADM"
        )
        h.event({"type": "app_home_opened", "user": user, "tab": "home"})
    with h.db.begin() as session:
        form = catalog.ProgramForm(
            name=HOSTILE_CORE, enrolment_closes_on=now.date() + timedelta(days=9),
            term_starts_on=now.date() + timedelta(days=20),
            term_ends_on=now.date() + timedelta(days=90), mentees_per_mentor=1,
        )  # fmt: skip
        created = catalog.create_program(
            session, team_id=team, form=form, admin_id=None, admin_tz="UTC", now=now
        )
        program = created.program
        assert program is not None and program.id is not None, created.errors
        people: dict[str, Person] = {}
        for user in ("UPME", "UPMO"):
            found = people_repo.get_person(session, team_id=team, slack_user_id=user)
            assert found is not None and found.id is not None
            people[user] = found
        mentee_id = int(people["UPME"].id or 0)
        reflection = Reflection(
            team_id=team, person_id=mentee_id, step="done", started_at=now, updated_at=now
        )
        session.add(reflection)
        session.flush()
        session.add(SkillGap(team_id=team, reflection_id=int(reflection.id or 0),
                             person_id=mentee_id, skill_key="python", created_at=now))  # fmt: skip
        valid = profiles.validate_form(
            profiles.ProfileForm(listed_skills=["Python"], extra_skills="", helps_with=HOSTILE_CORE,
                                 capacity="2", is_open=True, alumni="", team_name="")
        )  # fmt: skip
        assert isinstance(valid, profiles.ValidProfile)
        profiles.save_profile(session, person=people["UPMO"], valid=valid, now=now)
        for user, role in (("UPME", "mentee"), ("UPMO", "mentor")):
            catalog.join(session, team_id=team, program_id=program.id,
                         person_id=int(people[user].id or 0), role=role, now=now)  # fmt: skip
        return program.id


def test_a_hostile_program_and_forged_round_buttons_ping_nothing_and_change_nothing(
    any_database: Harness,
) -> None:
    from handlers.programs.rounds import blocks as round_blocks
    from tests.handlers.trust_helpers import db_snapshot

    h = any_database
    program_id = _program_round_world(h)
    h.event({"type": "app_home_opened", "user": "UPADM", "tab": "home"})
    home = h.emulator.home_views["UPADM"]
    start = len(h.emulator.calls)
    h.click(
        "UPADM", {"action_id": round_blocks.HOME_MATCH_NOW, "value": str(program_id)}, view=home
    )
    problems = []
    for call in h.emulator.calls[start:]:
        for text, is_mrkdwn in _mrkdwn_texts(call.args):
            if is_mrkdwn and any(p.search(text) for p in FORBIDDEN):
                problems.append((call.method, text[:200]))
            if is_mrkdwn and SPOOFED_BOLD in text:
                problems.append((call.method, "bold"))
    assert problems == []
    posted = [c for c in h.emulator.calls[start:] if c.method == "chat.postMessage"]
    assert posted and "Matched 1 of 1 mentees" in json.dumps(posted[-1].args)
    assert not [c for c in h.emulator.calls if c.refused]

    before = db_snapshot(h)
    forged = ["", "x", "1:", ":1", "<!channel>", "1\x00", "9" * 10_000, "\U0001f600", "-1:-1",
              "\u202e1:1", "99999:99999"]  # fmt: skip
    channel = h.emulator.dm_channel_of("UPADM")
    for action_id in (
        round_blocks.SWAP_ACTION, round_blocks.REMOVE_ACTION, round_blocks.MATCH_AGAIN_ACTION,
        round_blocks.PUBLISH_ACTION, round_blocks.HOME_VIEW_PROPOSAL, round_blocks.HOME_MATCH_NOW,
    ):  # fmt: skip
        for value in forged:
            result = h.click("UPADM", {"action_id": action_id, "value": value}, channel_id=channel)
            assert result.status == 200
    for meta, choice in (
        ("{}", "mentor:1"), ('{"round": "1", "pair": 1}', "mentor:1"),
        ('{"round": 99999, "pair": 1}', "pair:<!channel>"), ("not json", "x" * 10_000),
        ('{"round": 1, "pair": 1}', "mentor:" + "9" * 5000),
    ):  # fmt: skip
        view = {"type": "modal", "callback_id": round_blocks.SWAP_VIEW, "private_metadata": meta,
                "blocks": [{"type": "input", "block_id": round_blocks.SWAP_BLOCK}]}  # fmt: skip
        values = {
            round_blocks.SWAP_BLOCK: {
                round_blocks.SWAP_SELECT: {"selected_option": {"value": choice}}
            }
        }
        assert h.submit("UPADM", view, values).status == 200
    assert db_snapshot(h) == before
    sent = json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
    assert APOLOGY not in sent


# --- a program's enrolment: hostile name, description, question and answer -------------------


def test_hostile_program_text_is_escaped_limited_and_stored_clean_on_both_databases(
    any_database: Harness,
) -> None:
    from handlers.programs.enrolment import blocks as enrol_blocks
    from handlers.programs.enrolment import listing as enrol_listing
    from storage.models import Program, ProgramEnrolment
    from tests.handlers.journeys import HOSTILE, hostile
    from tests.handlers.programs import enrolment_helpers as eh
    from tests.handlers.trust_helpers import db_snapshot

    h = eh.setup_team(any_database)
    start = len(h.emulator.calls)
    answers = [eh.create(h, name=hostile("name"), description=HOSTILE, question=hostile("q"))]
    with h.db.begin() as session:
        program = session.execute(select(Program)).scalars().one()
        stored = [program.name, program.description, program.question]
    assert len(stored[0]) <= 80 and len(stored[1]) <= 2000 and len(stored[2]) <= 300
    assert "<!channel>" in stored[0] and all("Admin notice" in v for v in stored[1:]), stored
    assert not any(UNSTORABLE.search(v) for v in stored)
    answers.append(eh.click_join(h, eh.MEMBER, enrol_blocks.JOIN_MENTEE))
    modal = eh.last_view(h)
    assert modal["callback_id"] == enrol_blocks.ANSWER_VIEW
    answer = {enrol_blocks.B_ANSWER: eh.text(HOSTILE)}
    answers.append(h.submit(eh.MEMBER, modal, answer))
    answers.append(h.command(eh.MEMBER, "/mentor", "programs"))
    with h.db.begin() as session:
        kept = session.execute(select(ProgramEnrolment)).scalars().one()
    assert "Admin notice" in kept.answer and "NUL" in kept.answer
    assert not UNSTORABLE.search(kept.answer) and len(kept.answer) <= 2000
    problems = []
    for call in h.emulator.calls[start:]:
        for text, is_mrkdwn in _mrkdwn_texts(call.args):
            if is_mrkdwn and any(p.search(text) for p in FORBIDDEN):
                problems.append((call.method, text[:200]))
            if is_mrkdwn and SPOOFED_BOLD in text:
                problems.append((call.method, "bold"))
    assert problems == []
    assert all(a.status == 200 for a in answers)
    assert not [c for c in h.emulator.calls if c.refused]
    before = db_snapshot(h)
    forged = ["", "x", "<!channel>", "1\x00", "9" * 10_000, "\u202e1", "99999", "1:admin", "-1"]
    for action_id in (enrol_blocks.JOIN_MENTEE, enrol_blocks.JOIN_MENTOR, enrol_listing.LEAVE):
        for value in forged:
            clicked = h.click(eh.MEMBER, {"action_id": action_id, "value": value},
                              channel_id=eh.CHANNEL)  # fmt: skip
            assert clicked.status == 200
    assert db_snapshot(h) == before
    sent = json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
    assert APOLOGY not in sent


def test_a_hostile_program_report_pings_nothing_on_both_databases(any_database: Harness) -> None:
    """The report of a program named by hostile text, and a hostile unknown name."""
    from storage.models import Program
    from tests.handlers.journeys import HOSTILE_CORE

    h = any_database
    program_id = _program_round_world(h)
    with h.db.begin() as session:
        program = session.get(Program, program_id)
        assert program is not None
        name = program.name
    start = len(h.emulator.calls)
    for typed in (name, HOSTILE_CORE + " unknown"):
        assert h.command("UPADM", "/mentor", f"admin program report {typed}").status == 200
    calls = h.emulator.calls[start:]
    answers = [c.args for c in calls if c.method == "response_url"]
    assert "Program report" in str(answers[0]) and "No program here" in answers[1]["text"]
    problems = [
        (call.method, text[:200])
        for call in calls
        for text, is_mrkdwn in [
            *_mrkdwn_texts(call.args),
            (str(call.args.get("initial_comment") or ""), True),
        ]
        if is_mrkdwn and (any(p.search(text) for p in FORBIDDEN) or SPOOFED_BOLD in text)
    ]
    assert problems == []
    [upload] = [c for c in calls if c.method == "files.completeUploadExternal"]
    assert not [c for c in calls if c.refused]
    assert APOLOGY not in json.dumps([c.args for c in calls], default=str)
    assert upload.args["initial_comment"].startswith("The program report of")


# --- circles: a hostile topic and skills, forged buttons -------------------------------------


def test_a_hostile_circle_pings_nothing_and_is_stored_clean_on_both_databases(
    any_database: Harness,
) -> None:
    from storage.models import Circle
    from tests.handlers.circles.helpers import circle_values, join_button, mentor_with_profile
    from tests.handlers.circles.helpers import people as add_people
    from tests.handlers.find_mentor_helpers import last_view

    h = any_database
    mentor_with_profile(h, "UCMAX", ["python"])
    h.command("UCMAX", "/mentor", "circle")
    values = circle_values(hostile("circle topic"), skills=("python", "<!channel>\x00"))
    values["circle_extra"]["extra"]["value"] = hostile("circle skills")
    answer = h.submit("UCMAX", last_view(h), values)
    assert answer.status == 200 and not answer.body.strip().startswith('{"response_action"')
    add_people(h, "UCANA")
    h.click("UCANA", join_button(h, "UCANA"))
    problems = []
    for method, payload in _sent_payloads(h, [answer]):
        for text, is_mrkdwn in _mrkdwn_texts(payload):
            if is_mrkdwn and (any(p.search(text) for p in FORBIDDEN) or SPOOFED_BOLD in text):
                problems.append((method, text[:200]))
    assert problems == []
    assert not [c for c in h.emulator.calls if c.refused]
    topics = [v for t, c, v in _stored_texts(h) if (t, c) == ("circle", "topic")]
    assert len(topics) == 1 and "Admin notice" in topics[0] and "NUL" in topics[0]
    assert not UNSTORABLE.search(topics[0])
    assert [v for t, c, v in _stored_texts(h) if t == "circle" and UNSTORABLE.search(v)] == []
    with h.db.begin() as session:
        circle = session.exec(select(Circle)).scalars().one()  # type: ignore[call-overload]
    intro = json.dumps(h.emulator.messages[str(circle.channel_id)][-1])
    assert "Admin notice" in intro and APOLOGY not in intro


def test_forged_circle_buttons_change_nothing(any_database: Harness) -> None:
    from handlers.circles import blocks as circle_blocks
    from handlers.circles import messages as circle_messages
    from tests.handlers.circles.helpers import mentor_with_profile, open_circle
    from tests.handlers.circles.helpers import people as add_people
    from tests.handlers.trust_helpers import db_snapshot

    h = any_database
    mentor_with_profile(h, "UCMAX", ["python"])
    open_circle(h, "UCMAX", "Python at scale")
    add_people(h, "UCANA")
    h.event({"type": "app_home_opened", "user": "UCANA", "tab": "home"})
    before = db_snapshot(h)
    start = len(h.emulator.calls)
    forged = ["", "x", "-1", "0", "<!channel>", "1\x00", "9" * 10_000, "\U0001f600", "1:1",
              "\u202e1", "99999", str(2**40)]  # fmt: skip
    for action_id in (
        circle_blocks.JOIN_CIRCLE, circle_messages.APPROVE, circle_messages.DECLINE,
        circle_messages.LEAVE, circle_messages.CLOSE,
    ):  # fmt: skip
        for value in forged:
            channel = h.emulator.dm_channel_of("UCANA")
            result = h.click("UCANA", {"action_id": action_id, "value": value}, channel_id=channel)
            assert result.status == 200
    assert db_snapshot(h) == before
    sent = json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
    assert APOLOGY not in sent


def test_a_hostile_circle_question_and_takeaway_reach_the_mentor_escaped_and_stored_clean(
    any_database: Harness,
) -> None:
    from handlers.circles import delivery_blocks as cb
    from tests.handlers.circles.cadence_helpers import (
        ask_question,
        buttons,
        days_of_passes,
        dm,
        opened_circle,
    )

    h = any_database

    def hostile_member(h: Harness, user: str, message: dict[str, Any]) -> None:
        found = buttons(message)
        if cb.QUESTION_OPEN in found:
            ask_question(h, user, found[cb.QUESTION_OPEN], hostile("circle question"), True)
        if cb.CHECKIN_OPEN in found:
            h.click(user, found[cb.CHECKIN_OPEN], channel_id=h.emulator.dm_channel_of(user))
            values = {
                cb.B_USEFUL: {
                    cb.A_USEFUL: {"type": "static_select", "selected_option": {"value": "9"}}
                },
                cb.B_TAKEAWAY: {
                    cb.A_TAKEAWAY: {"type": "plain_text_input", "value": hostile("takeaway")}
                },
            }
            forged = h.submit(user, list(h.emulator.views.values())[-1], values)
            assert forged.json["response_action"] == "errors"  # 9 is not 1 to 5
            values[cb.B_USEFUL][cb.A_USEFUL]["selected_option"] = {"value": "4"}
            assert h.submit(user, list(h.emulator.views.values())[-1], values).status == 200

    opened_circle(h, ("UCANA",))
    days_of_passes(h, 3, {"UCANA": hostile_member})
    lists = [m for m in dm(h, "UMAX") if m["text"].startswith("1 question for")]
    assert len(lists) == 1 and "Admin notice" in json.dumps(lists[0]["blocks"])
    problems = []
    for method, payload in _sent_payloads(h, []):
        for text, is_mrkdwn in _mrkdwn_texts(payload):
            if is_mrkdwn and (any(p.search(text) for p in FORBIDDEN) or SPOOFED_BOLD in text):
                problems.append((method, text[:200]))
    assert problems == []
    assert not [c for c in h.emulator.calls if c.refused]
    stored = [v for t, c, v in _stored_texts(h) if (t, c) == ("circle_answer", "text")]
    assert len(stored) == 2  # the question and the takeaway
    assert all("Admin notice" in v and "NUL" in v and not UNSTORABLE.search(v) for v in stored)


def test_forged_circle_cadence_buttons_and_forms_change_nothing(any_database: Harness) -> None:
    from handlers.circles import delivery_blocks as cb
    from tests.handlers.circles.cadence_helpers import opened_circle
    from tests.handlers.trust_helpers import db_snapshot

    h = any_database
    opened_circle(h, ("UCANA",))
    before = db_snapshot(h)
    start = len(h.emulator.calls)
    forged = ["", "x", "-1", "0", "<!channel>", "1\x00", "9" * 10_000, "\U0001f600", "1:1",
              "\u202e1", "99999", str(2**40)]  # fmt: skip
    actions = (cb.QUESTION_OPEN, cb.CHECKIN_OPEN, cb.THANKS, cb.KEEP, cb.PAUSE_ME,
               f"{cb.PULSE_PREFIX}1")  # fmt: skip
    channel = h.emulator.dm_channel_of("UCANA")
    for action_id in actions:
        for value in forged:
            result = h.click("UCANA", {"action_id": action_id, "value": value}, channel_id=channel)
            assert result.status == 200
    for callback_id in (cb.QUESTION_VIEW, cb.CHECKIN_VIEW):
        for meta in ('{"delivery": 99999}', '{"delivery": "1"}', "<!channel>", "{}"):
            view = {"type": "modal", "callback_id": callback_id, "private_metadata": meta}
            values = {
                cb.B_QUESTION: {cb.A_QUESTION: {"type": "plain_text_input", "value": "x"}},
                cb.B_USEFUL: {
                    cb.A_USEFUL: {"type": "static_select", "selected_option": {"value": "3"}}
                },
            }
            assert h.submit("UCANA", view, values).status == 200
    assert db_snapshot(h) == before
    sent = json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
    assert APOLOGY not in sent


def test_hostile_peer_skills_and_request_ping_nothing_on_both_databases(
    any_database: Harness,
) -> None:
    """Kim offers hostile typed skills that Sam wants, and Sam asks to pair up in hostile
    words: the peer reason, the modal, the request and the group DM ping and link nothing."""
    from handlers.introductions.blocks import A_MESSAGE, B_MESSAGE, INTRO_ACCEPT
    from storage.models import Pair
    from storage.repositories import mentor_profiles as profiles_repo
    from storage.repositories import people as people_repo
    from tests.handlers.find_mentor_helpers import click_in_dm, save_profile
    from tests.handlers.peer_helpers import KIM, SAM, add_peers, ask_to_pair, reflect_directly

    h = any_database
    add_peers(h)
    save_profile(h, KIM, ["go"], extra=hostile("extra skills"))
    with h.db.begin() as session:
        kim = people_repo.get_person(session, team_id=h.emulator.team_id, slack_user_id=KIM)
        assert kim is not None and kim.id is not None
        offered = profiles_repo.skill_keys_of_mentor(session, team_id=kim.team_id, person_id=kim.id)
    reflect_directly(h, SAM, gaps=offered)
    view = ask_to_pair(h, SAM)
    typed = {B_MESSAGE: {A_MESSAGE: {"type": "plain_text_input", "value": hostile("intro")}}}
    answers = [h.submit(SAM, view, typed)]
    answers.append(click_in_dm(h, KIM, KIM, INTRO_ACCEPT))
    problems = []
    for method, payload in _sent_payloads(h, answers):
        for text, is_mrkdwn in _mrkdwn_texts(payload):
            if is_mrkdwn and (any(p.search(text) for p in FORBIDDEN) or SPOOFED_BOLD in text):
                problems.append((method, text[:200]))
    assert problems == []
    assert not [c for c in h.emulator.calls if c.refused]
    with h.db.begin() as session:
        assert session.exec(select(Pair)).scalars().one().kind == "peer"  # type: ignore[call-overload]
    stored = [v for t, c, v in _stored_texts(h) if (t, c) == ("intro_request", "message")]
    assert len(stored) == 1 and "Admin notice" in stored[0] and not UNSTORABLE.search(stored[0])


def test_forged_ask_to_pair_up_changes_nothing(any_database: Harness) -> None:
    from handlers.matching.peer_blocks import ASK_PEER
    from tests.handlers.peer_helpers import EVE, SAM, add_peers
    from tests.handlers.trust_helpers import db_snapshot

    h = any_database
    add_peers(h)
    h.command(SAM, "/find-mentor", "")
    before = db_snapshot(h)
    opened = len(h.emulator.ok_calls_to("views.open"))
    forged = ["", "x", "-1", "0", "<!channel>", "1\x00", "9" * 10_000, "\U0001f600", "1:1:1",
              "\u202e1:2", "99999:1", "1:99999", f"1:{2**40}", "0:0"]  # fmt: skip
    for clicker in (SAM, EVE):
        for value in forged:
            channel = h.emulator.dm_channel_of(clicker)
            result = h.click(clicker, {"action_id": ASK_PEER, "value": value}, channel_id=channel)
            assert result.status == 200
    # A value naming an opted-in person opens the drafted modal (anyone may ask them); none
    # stores anything until the modal is sent, and none pings.
    assert db_snapshot(h) == before
    sent = json.dumps([c.args for c in h.emulator.ok_calls_to("views.open")[opened:]])
    assert "<!channel>" not in sent and APOLOGY not in sent
