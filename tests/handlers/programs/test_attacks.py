"""Attacks on the mentoring programs (issue 18) through signed requests: lookalike and
overlong names, forged private_metadata and buttons, dates at the edges of the admin's day."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from bot.app import APOLOGY
from playground.harness import Harness
from storage.models import Program
from tests.conftest import migrated_url
from tests.handlers.programs import enrolment_helpers as eh


@pytest.fixture(params=["sqlite", "postgres"])
def h(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """The team of tests/handlers/programs on a fresh SQLite file and a fresh PostgreSQL schema."""
    with Harness(migrated_url(request)) as running:
        yield eh.setup_team(running)


def _names(h: Harness) -> list[str]:
    with h.db.begin() as session:
        return [p.name for p in session.exec(select(Program).order_by(Program.id))]


def _errors(answer: object) -> dict[str, str]:
    body = getattr(answer, "body", "").strip()
    return dict(json.loads(body).get("errors", {})) if body.startswith("{") else {}


def test_a_name_whose_fold_is_longer_than_the_column_is_saved_once(h: Harness) -> None:
    """ "ß" folds to "ss" and "ﬃ" to "ffi": an 80-character name made a longer key, which
    PostgreSQL refused (a 500 and no program)."""
    for name, same in (("ß" * 80, "\u1e9e" * 80), ("ﬃ" * 80, "ﬃ" * 80)):  # ẞ: capital ß
        created = eh.create(h, name=name)
        assert created.status == 200 and _errors(created) == {}
        again = eh.create(h, name=same)
        assert "already exists" in _errors(again).get("program_name", "")
    assert _names(h) == ["ß" * 80, "ﬃ" * 80]
    assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls], default=str)


def test_names_that_read_the_same_are_one_program(h: Harness) -> None:
    """A zero-width space, a soft hyphen or full-width letters made a second "Spring"."""
    assert _errors(eh.create(h, name="Spring")) == {}
    for lookalike in ("SPRING", "Spring\u200b", "Ｓｐｒｉｎｇ", "Sp\u00adring", "\u200bspring "):
        refused = _errors(eh.create(h, name=lookalike))
        assert "already exists" in refused.get("program_name", ""), lookalike
    assert _names(h) == ["Spring"]
    h.command(eh.ADMIN, "/mentor", "admin program report Ｓｐｒｉｎｇ")
    answers = [c.args for c in h.emulator.calls if c.method == "response_url"]
    assert "Program report" in json.dumps(answers[-1])


def _choice(block: str, action: str, value: str) -> dict[str, object]:
    return {block: {action: {"selected_option": {"value": value}}}}


def test_forged_ids_on_the_term_buttons_and_forms_change_nothing(h: Harness) -> None:
    """An id past the database's integer (SQLite's 64 bits, PostgreSQL's 32) on Answer, We're
    fine or a checkpoint form failed the query (a 500 or a 404, the apology), and JSON's
    true as the program of the admin's modal failed on PostgreSQL (integer = boolean)."""
    from handlers.meetings.blocks.programs_checkpoints import CHECKPOINT_ANSWER, QUIET_FINE
    from handlers.programs.checkpoints import blocks as tb
    from handlers.programs.enrolment import blocks as eb
    from tests.handlers.trust_helpers import db_snapshot

    eh.create(h)
    before, start = db_snapshot(h), len(h.emulator.calls)
    answers = []
    for action in (CHECKPOINT_ANSWER, QUIET_FINE):
        for value in ("9" * 19, "9" * 40, "2147483648", "-1", "0", "\u0663", " 1", "1_0"):
            action_value = {"action_id": action, "value": value}
            answers.append(h.click(eh.MEMBER, action_value, channel_id=eh.CHANNEL))
    midpoint = _choice(tb.QUALITY_BLOCK, tb.QUALITY_ACTION, "4") | _choice(
        tb.ON_TRACK_BLOCK, tb.ON_TRACK_ACTION, "yes"
    )
    closeout = (
        _choice(tb.PROGRESS_BLOCK, tb.PROGRESS_ACTION, "most")
        | _choice(tb.RECOMMEND_BLOCK, tb.RECOMMEND_ACTION, "yes")
        | _choice(tb.NEXT_BLOCK, tb.NEXT_ACTION, "end")
    )
    for forged in (10**30, 2**63, 2**31, -1, 0, True):
        for view_id, values in ((tb.MIDPOINT_VIEW, midpoint), (tb.CLOSEOUT_VIEW, closeout)):
            meta = json.dumps({"delivery": forged})
            view = {"type": "modal", "callback_id": view_id, "private_metadata": meta}
            answers.append(h.submit(eh.MEMBER, view, values))
    renamed = eh.program_values(h.clock.now().date(), name="Forged")
    view = {"type": "modal", "callback_id": eb.PROGRAM_VIEW,
            "private_metadata": json.dumps({"program": True})}  # fmt: skip
    answers.append(h.submit(eh.ADMIN, view, renamed))
    assert [a.status for a in answers] == [200] * len(answers)
    assert db_snapshot(h) == before and _names(h) == ["Spring cohort"]
    assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls[start:]], default=str)


def test_enrolment_closes_for_everyone_when_it_closes_in_the_programs_zone(h: Harness) -> None:
    """An Auckland admin just after midnight makes a program that closes today (their today).
    The round is matched at the end of that day in Auckland; someone in Paris, where it is
    still the closing day, could join after it (and sit in no proposal)."""
    from datetime import UTC, date, datetime

    from handlers.programs.enrolment import blocks as eb

    h.emulator.add_user("UKIWI", name="kiri", tz="Pacific/Auckland", is_admin=True)
    h.event({"type": "app_home_opened", "user": "UKIWI", "tab": "home"})
    h.clock.set(datetime(2026, 12, 1, 11, 30, tzinfo=UTC))  # 00:30 on 2 December in Auckland
    h.command("UKIWI", "/mentor", "admin program")
    values = eh.program_values(date(2026, 12, 2), closes=0, starts=7, ends=90)
    assert _errors(h.submit("UKIWI", eh.last_view(h), values)) == {}
    assert eh.program(h).enrolment_closes_on == date(2026, 12, 2)
    start = len(h.emulator.calls)
    eh.click_join(h, eh.MEMBER, eb.JOIN_MENTEE)  # 12:30 on 1 December in Paris: open
    assert "You're in" in eh.notes(h, start)

    h.tick(datetime(2026, 12, 2, 11, 30, tzinfo=UTC))  # 3 December in Auckland: matched
    assert eh.program(h).auto_matched_at is not None
    start = len(h.emulator.calls)
    eh.click_join(h, eh.MENTOR_USER, eb.JOIN_MENTEE)  # 12:30 on 2 December in Paris
    assert "closed on 2026-12-02" in eh.notes(h, start)
    with h.db.begin() as session:
        from storage.models import ProgramEnrolment

        assert len(list(session.exec(select(ProgramEnrolment)))) == 1
    h.command(eh.MENTOR_USER, "/mentor", "programs")
    listed = [c.args for c in h.emulator.calls if c.method == "response_url"][-1]
    assert eb.JOIN_MENTEE not in json.dumps(listed)


def test_join_clicked_four_times_at_once_joins_once(h: Harness) -> None:
    """On PostgreSQL each of the concurrent clicks read "not in yet" and joined: several
    "You're in", several reflections started in the DM (one of them failing, the apology), or
    a unique-key error on a first join."""
    import threading

    from handlers.programs.enrolment import blocks as eb
    from handlers.programs.enrolment import listing

    eh.create(h)
    message = eh.announcement(h)
    value = eh.join_button(message, eb.JOIN_MENTEE)["value"]
    action = {"action_id": eb.JOIN_MENTEE, "value": value}
    for _ in range(3):  # a first join, then Leave and join again, twice
        start, barrier, statuses = len(h.emulator.calls), threading.Barrier(4), []

        def click(barrier: threading.Barrier = barrier, statuses: list[Any] = statuses) -> None:
            barrier.wait()
            statuses.append(h.click(eh.MEMBER, action, channel_id=eh.CHANNEL, message=message))

        threads = [threading.Thread(target=click) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        h.settle()
        said = eh.notes(h, start)
        assert [s.status for s in statuses] == [200] * 4
        assert said.count("You're in") == 1 and said.count("already in") == 3, said
        assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
        leave = {"action_id": listing.LEAVE, "value": listing.leave_value(int(value), "mentee")}
        h.click(eh.MEMBER, leave, channel_id=eh.CHANNEL)


def test_leave_clicked_four_times_at_once_leaves_once(h: Harness) -> None:
    """Each concurrent Leave read the enrolment still active on PostgreSQL and undid its place
    again: a mentor's mentees of a published round would each be offered a new mentor once
    per click. Here: "You left" once, the other clicks are told they are not in."""
    import threading

    from handlers.programs.enrolment import blocks as eb
    from handlers.programs.enrolment import listing

    eh.create(h)
    eh.click_join(h, eh.MEMBER, eb.JOIN_MENTEE)
    pid = int(eh.program(h).id or 0)
    leave = {"action_id": listing.LEAVE, "value": listing.leave_value(pid, "mentee")}
    start, barrier, statuses = len(h.emulator.calls), threading.Barrier(4), []

    def click() -> None:
        barrier.wait()
        statuses.append(h.click(eh.MEMBER, leave, channel_id=eh.CHANNEL))

    threads = [threading.Thread(target=click) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    h.settle()
    said = eh.notes(h, start)
    assert [s.status for s in statuses] == [200] * 4
    assert said.count("You left") == 1 and said.count("You are not in") == 3, said


def test_a_forged_answer_form_does_not_make_a_mentor_without_a_profile(h: Harness) -> None:
    """Join as mentor asks for the mentor profile first; the question's form, forged with the
    role mentor (or opened for a program without a question), enrolled a profile-less mentor."""
    from handlers.programs.enrolment import blocks as eb
    from storage.models import ProgramEnrolment

    eh.create(h)
    pid = int(eh.program(h).id or 0)
    meta = json.dumps({"program": pid, "role": "mentor"})
    view = {"type": "modal", "callback_id": eb.ANSWER_VIEW, "private_metadata": meta}
    start = len(h.emulator.calls)
    assert h.submit(eh.MEMBER, view, {eb.B_ANSWER: eh.text("I know things")}).status == 200
    h.settle()
    with h.db.begin() as session:
        assert list(session.exec(select(ProgramEnrolment))) == []
    told = [c.args for c in h.emulator.calls[start:] if c.method == "chat.postMessage"]
    assert "mentor profile" in json.dumps(told)


def test_enrolment_that_closes_after_the_term_starts_stays_open_until_it_closes(
    h: Harness,
) -> None:
    """The modal takes an enrolment that closes after the term starts (before it ends); when
    the term started, Join refused it with "closed on" a day still to come."""
    from datetime import timedelta

    from handlers.programs.enrolment import blocks as eb

    today = h.clock.now().date()
    assert _errors(eh.create(h, closes=40, starts=30, ends=120)) == {}
    h.tick(h.clock.now() + timedelta(days=32))  # the term has started: the program runs
    assert eh.program(h).status == "running"
    start = len(h.emulator.calls)
    eh.click_join(h, eh.MEMBER, eb.JOIN_MENTEE)
    assert "You're in" in eh.notes(h, start), eh.notes(h, start)
    h.command(eh.MENTOR_USER, "/mentor", "programs")
    listed = [c.args for c in h.emulator.calls if c.method == "response_url"][-1]
    assert eb.JOIN_MENTEE in json.dumps(listed)
    h.tick(h.clock.now() + timedelta(days=9))  # past the closing day
    start = len(h.emulator.calls)
    eh.click_join(h, eh.MENTOR_USER, eb.JOIN_MENTEE)
    closes = (today + timedelta(days=40)).isoformat()
    assert f"closed on {closes}" in eh.notes(h, start)


def test_a_term_of_centuries_is_refused(h: Harness) -> None:
    """The datepickers reach 0001-01-01: a term from then to next year was saved, and the
    report of its first pair failed (a week before 1 January of year 1 is out of range)."""
    from datetime import date

    from handlers.programs.enrolment import blocks as eb

    h.command(eh.ADMIN, "/mentor", "admin program")
    values = eh.program_values(h.clock.now().date())
    values[eb.B_STARTS] = eh.day(date(1, 1, 1))
    errors = _errors(h.submit(eh.ADMIN, eh.last_view(h), values))
    assert errors == {eb.B_ENDS: "A term lasts at most five years."}
    values[eb.B_STARTS], values[eb.B_ENDS] = eh.day(date(2027, 1, 4)), eh.day(date(9999, 12, 31))
    errors = _errors(h.submit(eh.ADMIN, eh.last_view(h), values))
    assert errors == {eb.B_ENDS: "A term lasts at most five years."}
    assert _names(h) == []


def test_two_admins_creating_the_same_name_at_once_get_one_program(h: Harness) -> None:
    """Both read "no such name yet"; the unique key stopped the second, as a failed request
    (the modal's own error) instead of "already exists" under the name."""
    import threading

    from handlers.programs.enrolment import blocks as eb

    h.emulator.add_user("UPADMIN2", name="bea", tz="Europe/Paris", is_admin=True)
    h.event({"type": "app_home_opened", "user": "UPADMIN2", "tab": "home"})
    values = eh.program_values(h.clock.now().date(), channel=None)
    views = {}
    for admin in (eh.ADMIN, "UPADMIN2"):
        h.command(admin, "/mentor", "admin program")
        views[admin] = eh.last_view(h)
    for attempt in range(3):
        barrier, answers = threading.Barrier(2), []
        name = f"Race {attempt}"
        values[eb.B_NAME] = eh.text(name)

        def submit(
            admin: str, barrier: threading.Barrier = barrier, answers: list[Any] = answers
        ) -> None:
            barrier.wait()
            answers.append(h.submit(admin, views[admin], values))

        threads = [threading.Thread(target=submit, args=(a,)) for a in views]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert [a.status for a in answers] == [200, 200]
        refused = [_errors(a).get("program_name", "") for a in answers]
        assert sorted(refused) == ["", f"A program named {name} already exists."], refused
    assert _names(h) == ["Race 0", "Race 1", "Race 2"]


def test_forged_huge_ids_in_the_meetings_forms_change_nothing(h: Harness) -> None:
    """A pair or delivery id past PostgreSQL's integer in a meeting form failed the query
    (the apology) instead of being refused: Form.id now refuses what no row can have."""
    from handlers.meetings import blocks as mb
    from tests.handlers.trust_helpers import db_snapshot

    def text(block: str, action: str, value: str) -> dict[str, object]:
        return {block: {action: {"type": "plain_text_input", "value": value}}}

    forms = {
        mb.CHECKIN_VIEW: {
            mb.USEFULNESS_BLOCK: {mb.USEFULNESS_ACTION: {"selected_option": {"value": "4"}}},
            **text(mb.TAKEAWAY_BLOCK, mb.TAKEAWAY_ACTION, "forged"),
        },
        mb.THANKS_VIEW: text(mb.THANKS_BLOCK, mb.THANKS_ACTION, "forged"),
        mb.PULSE_VIEW: text(mb.NOTE_BLOCK, mb.NOTE_ACTION, "forged"),
        mb.END_VIEW: {},
        mb.RETRO_VIEW: text(mb.HELPED_BLOCK, mb.HELPED_ACTION, "forged"),
    }
    eh.create(h)
    before, start = db_snapshot(h), len(h.emulator.calls)
    answers = []
    for forged in (2**31, 2**63, 10**30, -1, 0):
        for callback_id, values in forms.items():
            meta = json.dumps({"pair": forged, "delivery": forged, "score": 2})
            view = {"type": "modal", "callback_id": callback_id, "private_metadata": meta,
                    "blocks": [{"type": "input", "block_id": b} for b in values]}  # fmt: skip
            answers.append(h.submit(eh.MEMBER, view, values))
    assert [a.status for a in answers] == [200] * len(answers)
    assert db_snapshot(h) == before
    assert APOLOGY not in json.dumps([c.args for c in h.emulator.calls[start:]], default=str)
