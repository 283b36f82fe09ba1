"""A program's enrolment through signed requests: the admin's create and edit modal (its
refusals on the right block, non-admins refused, a forged submission too), the announcement in
its channel (or the admin told the bot is not there), Join as mentee / mentor with the
reflection, the profile and the program's question, /mentor programs and Leave."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import select

from handlers.profiles import blocks as profile_blocks
from handlers.programs.enrolment import blocks, listing
from handlers.programs.enrolment.admin import NOT_ADMIN
from playground.harness import Harness
from storage.models import MentorProfile, Person, Program, ProgramEnrolment, Reflection
from tests.handlers.find_mentor_helpers import profile_values, refusals, save_profile
from tests.handlers.programs.enrolment_helpers import (
    ADMIN,
    CHANNEL,
    MEMBER,
    MENTOR_USER,
    NO_BOT,
    announcement,
    click_join,
    create,
    join_button,
    last_view,
    notes,
    program,
    program_values,
    text,
)
from tests.handlers.trust_helpers import db_snapshot


def _enrolments(h: Harness) -> set[tuple[str, str, str]]:
    with h.db.begin() as session:
        rows = session.exec(
            select(Person.slack_user_id, ProgramEnrolment.role, ProgramEnrolment.answer).join(
                ProgramEnrolment, ProgramEnrolment.person_id == Person.id
            )
        ).all()
        return {(str(u), str(r), str(a)) for u, r, a in rows}


def test_the_admin_creates_a_program_and_it_is_announced_with_join_buttons(h: Harness) -> None:
    h.command(ADMIN, "/mentor", "admin program")
    modal = last_view(h)
    kinds = {b["block_id"]: b["element"]["type"] for b in modal["blocks"]}
    assert kinds[blocks.B_CLOSES] == kinds[blocks.B_STARTS] == kinds[blocks.B_ENDS] == "datepicker"
    assert kinds[blocks.B_MODE] == "radio_buttons"
    assert kinds[blocks.B_CHANNEL] == "conversations_select"
    labels = json.dumps(modal["blocks"][5])
    assert "I match everyone in one round" in labels
    assert "Mentees choose from the program's mentors" in labels
    start = len(h.emulator.calls)
    result = h.submit(ADMIN, modal, program_values(h.clock.now().date()))
    assert result.status == 200 and not result.body.strip()
    created = program(h)
    assert (created.mentees_per_mentor, created.announce_channel_id) == (2, CHANNEL)
    message = announcement(h)
    assert created.announce_ts == message["ts"]
    assert join_button(message, blocks.JOIN_MENTEE)["value"] == str(created.id)
    assert join_button(message, blocks.JOIN_MENTOR)["value"] == str(created.id)
    shown = json.dumps(message["blocks"])
    assert "Spring cohort" in shown and "Mentoring for new managers." in shown
    assert "Enrolment closes" in shown and "Term" in shown
    assert "announced it in <#CANNOUNCE>" in notes(h, start)
    assert refusals(h) == []


def test_the_forms_mistakes_come_back_on_their_blocks(h: Harness) -> None:
    today = h.clock.now().date()
    h.command(ADMIN, "/mentor", "admin program")
    modal = last_view(h)
    cases = {
        blocks.B_ENDS: program_values(today, starts=30, ends=20),
        blocks.B_CLOSES: program_values(today, closes=-1),
        blocks.B_PER_MENTOR: program_values(today, per_mentor="0"),
    }
    for block_id, values in cases.items():
        answer = h.submit(ADMIN, modal, values).json
        assert answer["response_action"] == "errors" and list(answer["errors"]) == [block_id]
    assert h.submit(ADMIN, modal, program_values(today, per_mentor="two")).json["errors"]
    with h.db.begin() as session:
        assert session.exec(select(Program)).all() == []
    create(h)
    h.command(ADMIN, "/mentor", "admin program")
    again = h.submit(ADMIN, last_view(h), program_values(today, name="SPRING  cohort")).json
    assert again["errors"] == {blocks.B_NAME: "A program named SPRING cohort already exists."}


def test_editing_prefills_the_modal_and_updates_the_announcement(h: Harness) -> None:
    create(h)
    posted = announcement(h)
    h.command(ADMIN, "/mentor", "admin program spring COHORT")
    modal = last_view(h)
    assert modal["title"]["text"] == "Edit program"
    name = next(b for b in modal["blocks"] if b["block_id"] == blocks.B_NAME)
    assert name["element"]["initial_value"] == "Spring cohort"
    values = program_values(h.clock.now().date(), description="Now with a new plan.")
    start, count = len(h.emulator.calls), len(h.emulator.messages[CHANNEL])
    h.submit(ADMIN, modal, values)
    assert len(h.emulator.messages[CHANNEL]) == count  # updated in place, not posted again
    updates = [c for c in h.emulator.calls[start:] if c.method == "chat.update"]
    assert updates and updates[-1].args["ts"] == posted["ts"]
    assert "Now with a new plan." in json.dumps(announcement(h)["blocks"])
    assert "updated its announcement" in notes(h, start)
    with h.db.begin() as session:
        assert len(session.exec(select(Program)).all()) == 1
    start = len(h.emulator.calls)
    h.command(ADMIN, "/mentor", "admin program Autumn <!channel>")
    said = notes(h, start)
    assert "There is no program named Autumn &lt;!channel&gt;" in said
    assert not h.emulator.calls_to("views.open")[2:]


def test_non_admins_get_no_modal_and_a_forged_submission_is_refused(h: Harness) -> None:
    start = len(h.emulator.calls)
    h.command(MEMBER, "/mentor", "admin program")
    assert "for mentoring admins" in notes(h, start)
    assert not [c for c in h.emulator.calls[start:] if c.method in ("views.open", "users.info")]
    # The admin's own modal, submitted by someone else (forged): refused, nothing stored.
    h.command(ADMIN, "/mentor", "admin program")
    modal = last_view(h)
    before = db_snapshot(h)
    stolen = h.submit(MEMBER, modal, program_values(h.clock.now().date())).json
    assert stolen["response_action"] == "errors"
    forged = dict(modal, private_metadata="{}")
    answer = h.submit(MEMBER, forged, program_values(h.clock.now().date())).json
    assert answer["errors"] == {blocks.B_NAME: NOT_ADMIN}
    assert db_snapshot(h) == before


def test_a_channel_without_the_bot_is_said_plainly_and_the_program_is_kept(h: Harness) -> None:
    start = len(h.emulator.calls)
    result = create(h, channel=NO_BOT)
    assert result.status == 200
    said = notes(h, start)
    assert "I'm not a member there" in said and "/invite" in said
    assert program(h).announce_ts is None
    assert h.emulator.messages.get(NO_BOT, []) == []


def test_join_as_mentee_starts_the_reflection_in_the_dm_and_twice_is_answered(h: Harness) -> None:
    create(h)
    start = len(h.emulator.calls)
    click_join(h, MEMBER, blocks.JOIN_MENTEE)
    said = notes(h, start)
    assert "You're in *Spring cohort* as a mentee" in said and "started your reflection" in said
    assert _enrolments(h) == {(MEMBER, "mentee", "")}
    dm = h.emulator.messages[h.emulator.dm_channel_of(MEMBER)]
    assert dm and "Strengths: What are you good at?" in dm[-1]["text"]
    with h.db.begin() as session:
        assert session.exec(select(Reflection)).first() is not None
    start = len(h.emulator.calls)
    click_join(h, MEMBER, blocks.JOIN_MENTEE)
    assert "already in Spring cohort as a mentee" in notes(h, start)
    assert all(c.method != "chat.postMessage" for c in h.emulator.calls[start:])


def test_joining_after_enrolment_closed_or_in_a_closed_program_is_refused(h: Harness) -> None:
    create(h, closes=0)
    h.clock.set(h.clock.now() + timedelta(days=1))
    start = len(h.emulator.calls)
    click_join(h, MEMBER, blocks.JOIN_MENTOR)
    assert "Enrolment in Spring cohort closed on" in notes(h, start)
    assert not [c for c in h.emulator.calls[start:] if c.method == "views.open"]
    with h.db.begin() as session:
        row = session.exec(select(Program)).one()
        row.status, row.enrolment_closes_on = "closed", h.clock.now().date() + timedelta(days=9)
        session.add(row)
    start = len(h.emulator.calls)
    click_join(h, MEMBER, blocks.JOIN_MENTEE)
    assert "closed on" in notes(h, start) and _enrolments(h) == set()
    forged = {"action_id": blocks.JOIN_MENTEE, "value": "<!channel>"}
    start = len(h.emulator.calls)
    h.click(MEMBER, forged, channel_id=CHANNEL)
    assert "isn't for you" in notes(h, start)


def test_a_mentor_without_a_profile_writes_it_and_is_enrolled_with_the_answer(
    h: Harness,
) -> None:
    create(h, question="What do you hope to learn?")
    click_join(h, MENTOR_USER, blocks.JOIN_MENTOR)
    modal = last_view(h)
    assert modal["callback_id"] == blocks.PROFILE_VIEW
    ids = [b.get("block_id") for b in modal["blocks"]]
    assert profile_blocks.B_CAPACITY in ids and ids[-1] == blocks.B_ANSWER
    values = profile_values(["python"])
    missing = h.submit(MENTOR_USER, modal, values).json
    assert missing["errors"] == {blocks.B_ANSWER: "Answer the program's question to join."}
    start = len(h.emulator.calls)
    h.submit(MENTOR_USER, modal, {**values, blocks.B_ANSWER: text("Patience")})
    said = notes(h, start)
    assert "mentor profile is saved" in said and "as a mentor, for up to 2 mentees" in said
    assert _enrolments(h) == {(MENTOR_USER, "mentor", "Patience")}
    with h.db.begin() as session:
        assert session.exec(select(MentorProfile)).one().capacity == 2


def test_a_mentor_with_a_profile_joins_at_once_when_there_is_no_question(h: Harness) -> None:
    save_profile(h, MENTOR_USER, ["python"])
    create(h)
    opened = len(h.emulator.calls_to("views.open"))
    start = len(h.emulator.calls)
    click_join(h, MENTOR_USER, blocks.JOIN_MENTOR)
    assert "as a mentor" in notes(h, start)
    assert len(h.emulator.calls_to("views.open")) == opened
    assert _enrolments(h) == {(MENTOR_USER, "mentor", "")}


def test_programs_lists_join_and_leave(h: Harness) -> None:
    start = len(h.emulator.calls)
    h.command(MEMBER, "/mentor", "programs")
    assert "No program is open to join" in notes(h, start)
    create(h)
    create(h, name="Autumn", channel=None)
    click_join(h, MEMBER, blocks.JOIN_MENTEE)
    h.command(MEMBER, "/mentor", "programs")
    listed = h.emulator.calls_to("response_url")[-1].args
    shown = json.dumps(listed["blocks"])
    assert "Spring cohort" in shown and "Autumn" in shown
    buttons = [e for b in listed["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert [e["action_id"] for e in buttons] == [
        listing.LEAVE, blocks.JOIN_MENTOR, blocks.JOIN_MENTEE, blocks.JOIN_MENTOR,
    ]  # fmt: skip
    leave = buttons[0]
    start = len(h.emulator.calls)
    h.click(MEMBER, {"action_id": listing.LEAVE, "value": leave["value"]}, ephemeral=True,
            channel_id=CHANNEL)  # fmt: skip
    assert "You left *Spring cohort* as a mentee." in notes(h, start)
    with h.db.begin() as session:
        row = session.exec(select(ProgramEnrolment)).one()
        assert row.left_at is not None
    start = len(h.emulator.calls)
    h.click(MEMBER, {"action_id": listing.LEAVE, "value": leave["value"]}, ephemeral=True,
            channel_id=CHANNEL)  # fmt: skip
    assert "not in Spring cohort as a mentee, so nothing changed" in notes(h, start)
    for forged in ("1:admin", "x", "", "1"):
        before = db_snapshot(h)
        h.click(MEMBER, {"action_id": listing.LEAVE, "value": forged}, channel_id=CHANNEL)
        assert db_snapshot(h) == before
