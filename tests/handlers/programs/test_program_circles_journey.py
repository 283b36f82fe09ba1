"""A program that meets in circles, through the real app: the admin's Match now shows each
mentor's circle, Publish seats the mentees, the next scheduler pass opens each circle's
conversation with everyone introduced (once), and the term's end closes it with a goodbye there
(in the mentor's DM where the circle has no conversation left) and nothing more planned."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from handlers.circles import messages
from handlers.programs.rounds import blocks
from playground.emulator import SlackEmulator
from playground.harness import Harness
from storage.models import Circle, Person
from storage.repositories import circle_deliveries
from storage.repositories import circles as circles_repo
from tests.handlers.programs.test_round_review import (
    _buttons,
    _click,
    _match_from_home,
    _proposal_message,
)
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)

ADMIN = "UADM"
MENTEES, MENTORS = ("UANA", "UCY", "UEVA", "UFAY"), ("UBO", "UDI")


@pytest.fixture
def h(sqlite_url: str) -> Iterator[Harness]:
    emulator = SlackEmulator(team_id=TEAM)
    for user in (*MENTEES, *MENTORS):
        emulator.add_user(user, name=user.lower(), real_name=f"Person {user}", tz="Europe/Paris")
    emulator.add_user(ADMIN, name="adm", tz="Europe/Paris", is_admin=True)
    with Harness(sqlite_url, emulator=emulator, start=NOW) as running:
        with running.db.begin() as session:
            program = new_program(session, circle_size=2)
            for user in MENTEES:
                enrolled_mentee(session, program, user, ["python"])
            for user in MENTORS:
                enrolled_mentor(session, program, user, ["Python"], capacity=1)
        running.event({"type": "app_home_opened", "user": ADMIN, "tab": "home"})
        yield running


def _intros(h: Harness) -> list[Any]:
    return [
        c
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if "Welcome to the circle" in str(c.args.get("text"))
    ]


def test_a_circles_round_is_published_into_circles_that_meet_and_close(h: Harness) -> None:
    message = _match_from_home(h)
    assert "2 circles of up to 2" in str(message["blocks"])
    confirm = _buttons(message, blocks.PUBLISH_ACTION)[0]["confirm"]["text"]["text"]
    assert "seated in 2 circles" in confirm
    _click(h, ADMIN, message, blocks.PUBLISH_ACTION)
    assert "4 mentees seated in 2 circles" in str(_proposal_message(h)["blocks"])
    assert _intros(h) == []  # the conversations open at the pass, as `match --publish` does
    h.tick(NOW + timedelta(minutes=5))
    intros = _intros(h)
    assert len(intros) == 2
    opened = h.emulator.ok_calls_to("conversations.open")
    groups = [set(c.args["users"].split(",")) for c in opened if "," in c.args.get("users", "")]
    assert len(groups) == 2 and all(len(g) == 3 for g in groups)
    assert set().union(*groups) == {*MENTEES, *MENTORS}
    h.tick(NOW + timedelta(minutes=10))
    assert len(_intros(h)) == 2  # brought in once
    with h.db.begin() as session:
        circles = session.exec(select(Circle)).all()
        channels = {c.channel_id for c in circles}
        assert len(channels) == 2 and None not in channels
    h.tick(NOW + timedelta(days=125))
    goodbyes = [
        c
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if "has ended, and with it this circle" in str(c.args.get("text"))
    ]
    assert {c.args["channel"] for c in goodbyes} == channels
    with h.db.begin() as session:
        assert all(c.status == "closed" for c in session.exec(select(Circle)).all())


def test_a_circle_left_with_only_its_mentor_says_goodbye_in_the_mentors_dm(h: Harness) -> None:
    message = _match_from_home(h)
    _click(h, ADMIN, message, blocks.PUBLISH_ACTION)
    h.tick(NOW + timedelta(minutes=5))
    with h.db.begin() as session:
        emptied, kept = session.exec(select(Circle).order_by(col(Circle.id))).all()
        mentor = session.get(Person, emptied.mentor_id)
        assert mentor is not None and emptied.id is not None
        leavers = [
            p.slack_user_id
            for m in circles_repo.members_of(session, circle_id=emptied.id)
            if (p := session.get(Person, m.person_id)) is not None
        ]
        assert len(leavers) == 2
    for user in leavers:
        h.click(user, {"action_id": messages.LEAVE, "value": str(emptied.id)})
    h.tick(NOW + timedelta(days=1))  # the kept circle's first meeting is planned
    with h.db.begin() as session:
        assert session.get(Circle, emptied.id).channel_id is None  # type: ignore[union-attr]
        assert circle_deliveries.open_for_circle(session, circle_id=kept.id or 0)
    h.tick(NOW + timedelta(days=125))
    goodbyes = [
        c.args["channel"]
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if "has ended, and with it this circle" in str(c.args.get("text"))
    ]
    assert goodbyes.count(kept.channel_id) == 1
    assert goodbyes.count(h.emulator.dm_channel_of(mentor.slack_user_id)) == 1
    assert len(goodbyes) == 2  # the leavers are not told again
    with h.db.begin() as session:
        for circle in (emptied, kept):
            assert circle_deliveries.open_for_circle(session, circle_id=circle.id or 0) == []
