"""The matching round in front of its admin, through signed requests: App Home's Match now, the
proposal in the DM with Swap, Remove and Publish, each for admins only and checked on the click;
stale buttons; two admins publishing at once; the introductions at the next pass."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlmodel import col, select

from handlers.programs.rounds import blocks
from playground.emulator import SlackEmulator
from playground.harness import Harness
from storage.models import Delivery, IntroRequest, MatchingRound, Person, Program, RoundPair
from storage.models.deliveries import PROGRAM_INTRO, PROGRAM_MATCHED
from tests.handlers.trust_helpers import db_snapshot
from tests.services.programs.builders import (
    NOW,
    TEAM,
    enrolled_mentee,
    enrolled_mentor,
    new_program,
)

ADMIN, OTHER_ADMIN, MEMBER = "UADM", "UADB", "UNON"
MENTEES, MENTORS = ("UANA", "UCY"), ("UBO", "UDI", "UED")


@pytest.fixture
def h(sqlite_url: str) -> Iterator[Harness]:
    emulator = SlackEmulator(team_id=TEAM)
    for user in (*MENTEES, *MENTORS, MEMBER):
        emulator.add_user(user, name=user.lower(), real_name=f"Person {user}", tz="Europe/Paris")
    for user in (ADMIN, OTHER_ADMIN):
        emulator.add_user(user, name=user.lower(), tz="Europe/Paris", is_admin=True)
    with Harness(sqlite_url, emulator=emulator, start=NOW) as running:
        with running.db.begin() as session:
            program = new_program(session)
            enrolled_mentee(session, program, "UANA", ["python"])
            enrolled_mentee(session, program, "UCY", ["python"])
            enrolled_mentor(session, program, "UBO", ["Python"])
            enrolled_mentor(session, program, "UDI", ["Python"])
            enrolled_mentor(session, program, "UED", ["Python"], tz="Asia/Tokyo")
        for user in (ADMIN, OTHER_ADMIN, MEMBER):  # stored, as after any first contact
            running.event({"type": "app_home_opened", "user": user, "tab": "home"})
        yield running


def _home_button(h: Harness, user: str, action_id: str) -> dict[str, Any]:
    view = h.emulator.home_views[user]
    return next(
        b["accessory"]
        for b in view["blocks"]
        if b.get("accessory", {}).get("action_id") == action_id
    )


def _proposal_message(h: Harness, user: str = ADMIN) -> dict[str, Any]:
    channel = h.emulator.dm_channel_of(user)
    with h.db.begin() as session:
        round_ = session.exec(select(MatchingRound).order_by(col(MatchingRound.id).desc())).first()
        assert round_ is not None
        ts = round_.proposal_ts
    return next(m for m in h.emulator.messages[channel] if m["ts"] == ts)


def _buttons(message: dict[str, Any], action_id: str) -> list[dict[str, Any]]:
    return [
        e
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    ]


def _click(h: Harness, user: str, message: dict[str, Any], action_id: str, i: int = 0) -> Any:
    channel = h.emulator.dm_channel_of(ADMIN)
    button = _buttons(message, action_id)[i]
    action = {"action_id": action_id, "value": button["value"]}
    return h.click(user, action, channel_id=channel, message=message)


def _match_from_home(h: Harness) -> dict[str, Any]:
    view = h.emulator.home_views[ADMIN]
    assert "Programs you run" in str(view["blocks"]) and "Spring cohort" in str(view["blocks"])
    button = _home_button(h, ADMIN, blocks.HOME_MATCH_NOW)
    h.click(ADMIN, {"action_id": blocks.HOME_MATCH_NOW, "value": button["value"]}, view=view)
    return _proposal_message(h)


def _notes(h: Harness, start: int) -> str:
    return " ".join(
        str(c.args.get("text") or "")
        for c in h.emulator.calls[start:]
        if c.method in ("response_url", "chat.postEphemeral", "chat.postMessage")
    )


def _pairs(h: Harness, status: str = "proposed") -> dict[int, int]:
    with h.db.begin() as session:
        rows = session.exec(select(RoundPair).where(col(RoundPair.status) == status)).all()
        return {r.mentee_id: r.mentor_id for r in rows}


def test_home_shows_programs_to_admins_only_and_match_now_posts_the_proposal(h: Harness) -> None:
    assert "Programs you run" not in str(h.emulator.home_views[MEMBER]["blocks"])
    start = len(h.emulator.calls)
    message = _match_from_home(h)
    assert "the proposal comes to this DM in a moment" in _notes(h, start)  # said at once
    text = str(message["blocks"])
    assert "Matched 2 of 2 mentees" in text and "solver OPTIMAL" in text
    assert "<@UANA>" in text and "<@UCY>" in text
    assert len(_buttons(message, blocks.SWAP_ACTION)) == 2
    with h.db.begin() as session:
        round_ = session.exec(select(MatchingRound)).one()
        assert round_.proposal_channel_id == h.emulator.dm_channel_of(ADMIN)
    # The Home now offers View proposal, and View proposal posts it again to the DM.
    button = _home_button(h, ADMIN, blocks.HOME_VIEW_PROPOSAL)
    posted = len(h.emulator.ok_calls_to("chat.postMessage"))
    view = h.emulator.home_views[ADMIN]
    h.click(ADMIN, {"action_id": blocks.HOME_VIEW_PROPOSAL, "value": button["value"]}, view=view)
    assert len(h.emulator.ok_calls_to("chat.postMessage")) == posted + 1


def test_a_non_admin_pressing_publish_is_refused_and_nothing_changes(h: Harness) -> None:
    message = _match_from_home(h)
    before, start = db_snapshot(h), len(h.emulator.calls)
    _click(h, MEMBER, message, blocks.PUBLISH_ACTION)
    assert db_snapshot(h) == before
    assert "is for mentoring admins" in _notes(h, start)
    for action_id in (blocks.REMOVE_ACTION, blocks.SWAP_ACTION, blocks.MATCH_AGAIN_ACTION):
        _click(h, MEMBER, message, action_id)
    assert db_snapshot(h) == before
    assert not h.emulator.ok_calls_to("views.open")


def test_remove_takes_the_pair_out_and_updates_the_message(h: Harness) -> None:
    message = _match_from_home(h)
    _click(h, ADMIN, message, blocks.REMOVE_ACTION)
    assert len(_pairs(h)) == 1
    updated = _proposal_message(h)
    assert updated["ts"] == message["ts"]  # the same message, updated in place
    assert "removed from the proposal by an admin" in str(updated["blocks"])
    assert len(_buttons(updated, blocks.REMOVE_ACTION)) == 1


def test_swap_opens_a_modal_of_mentors_with_room_and_swaps(h: Harness) -> None:
    message = _match_from_home(h)
    before = _pairs(h)
    _click(h, ADMIN, message, blocks.SWAP_ACTION)
    opened = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    assert opened["callback_id"] == blocks.SWAP_VIEW
    options = opened["blocks"][1]["element"]["options"]
    values = [o["value"] for o in options]
    assert any(v.startswith("mentor:") for v in values)  # Ed has room
    assert any(v.startswith("pair:") for v in values)  # or swap with the other pair
    swap_with = next(v for v in values if v.startswith("pair:"))
    state = {blocks.SWAP_BLOCK: {blocks.SWAP_SELECT: {"selected_option": {"value": swap_with}}}}
    result = h.submit(ADMIN, opened, state)
    assert result.status == 200 and "errors" not in result.body
    after = _pairs(h)
    assert set(after) == set(before) and after != before  # the two mentees swapped mentors
    assert sorted(after.values()) == sorted(before.values())
    assert "changed by an admin" in str(_proposal_message(h)["blocks"])


def test_swap_refuses_what_a_hard_rule_forbids_and_says_why(h: Harness) -> None:
    message = _match_from_home(h)
    _click(h, ADMIN, message, blocks.SWAP_ACTION)
    opened = h.emulator.ok_calls_to("views.open")[-1].args["view"]
    pair_id = json.loads(opened["private_metadata"])["pair"]
    with h.db.begin() as session:  # meanwhile Ed (free) turns out to be the mentee's manager
        pair = session.get(RoundPair, pair_id)
        assert pair is not None
        mentee = session.get(Person, pair.mentee_id)
        ed = session.exec(select(Person).where(Person.slack_user_id == "UED")).one()
        assert mentee is not None and ed.id is not None
        mentee.manager_person_id = ed.id
        session.add(mentee)
    before = db_snapshot(h)
    choice = {"selected_option": {"value": f"mentor:{ed.id}"}}
    result = h.submit(ADMIN, opened, {blocks.SWAP_BLOCK: {blocks.SWAP_SELECT: choice}})
    why = result.json["errors"][blocks.SWAP_BLOCK]
    assert why == f"Person UED is {mentee.name}'s manager."
    assert db_snapshot(h) == before


def test_publish_then_each_mentor_gets_the_introduction_at_a_pass(h: Harness) -> None:
    message = _match_from_home(h)
    _click(h, ADMIN, message, blocks.PUBLISH_ACTION)
    published = _proposal_message(h)
    assert "Published. 2 introductions" in str(published["blocks"])
    assert not [b for b in published["blocks"] if b["type"] == "actions"]
    assert "Round published" in str(h.emulator.home_views[ADMIN]["blocks"])
    report = h.tick(NOW + timedelta(hours=1))
    kinds = sorted(line.split()[2] for line in report.sent)
    assert kinds == [PROGRAM_INTRO] * 2 + [PROGRAM_MATCHED] * 2
    for mentee in MENTEES:
        dm = h.emulator.messages[h.emulator.dm_channel_of(mentee)]
        assert any("matched you with <@U" in str(m.get("blocks")) for m in dm)
    mentors = {MENTORS[i] for i in range(3)}
    got = {
        c.args["channel"][1:]
        for c in h.emulator.ok_calls_to("chat.postMessage")
        if "would like you as their mentor" in str(c.args.get("text"))
    }
    assert len(got) == 2 and {f"U{x}" for x in got} <= mentors


def test_stale_buttons_answer_plainly_and_change_nothing(h: Harness) -> None:
    message = copy.deepcopy(_match_from_home(h))  # the copy as it was, buttons and all
    _click(h, ADMIN, message, blocks.PUBLISH_ACTION)
    before, start = db_snapshot(h), len(h.emulator.calls)
    for action_id in (blocks.REMOVE_ACTION, blocks.SWAP_ACTION, blocks.MATCH_AGAIN_ACTION):
        _click(h, ADMIN, message, action_id)  # the old copy, its buttons still there
    _click(h, OTHER_ADMIN, message, blocks.PUBLISH_ACTION)
    assert db_snapshot(h) == before
    notes = _notes(h, start)
    assert notes.count("no longer open to changes") == 4
    assert not h.emulator.ok_calls_to("views.open")


def test_match_again_replaces_the_proposal_and_its_old_buttons_go_stale(h: Harness) -> None:
    message = copy.deepcopy(_match_from_home(h))
    _click(h, ADMIN, message, blocks.REMOVE_ACTION)
    _click(h, ADMIN, _proposal_message(h), blocks.MATCH_AGAIN_ACTION)
    with h.db.begin() as session:
        statuses = [
            r.status for r in session.exec(select(MatchingRound).order_by(col(MatchingRound.id)))
        ]
    assert statuses == ["superseded", "proposed"]
    assert len(_pairs(h)) == 2  # the removal was dropped with the old proposal
    fresh = _proposal_message(h)
    assert fresh["ts"] == message["ts"] and "Solved again by an admin" in str(fresh["blocks"])
    start = len(h.emulator.calls)
    _click(h, ADMIN, message, blocks.PUBLISH_ACTION)  # the first copy's Publish: round 1
    assert "no longer open to changes" in _notes(h, start)


def test_two_admins_pressing_publish_at_once_publish_once(h: Harness) -> None:
    message = _match_from_home(h)
    button = _buttons(message, blocks.PUBLISH_ACTION)[0]
    channel = h.emulator.dm_channel_of(ADMIN)
    action = {"action_id": blocks.PUBLISH_ACTION, "value": button["value"]}
    start = len(h.emulator.calls)
    threads = [
        threading.Thread(
            target=h.slack.block_action,
            args=(user, action),
            kwargs={"channel_id": channel, "message": message},
        )
        for user in (ADMIN, OTHER_ADMIN)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    h.settle()
    with h.db.begin() as session:
        assert len(session.exec(select(IntroRequest)).all()) == 2
        assert session.exec(select(MatchingRound)).one().status == "published"
        intros = session.exec(select(Delivery).where(col(Delivery.kind) == PROGRAM_INTRO)).all()
        assert len(intros) == 2
    notes = _notes(h, start)
    assert notes.count("already published") + notes.count("no longer open") == 1
    with h.db.begin() as session:
        assert session.exec(select(Program)).one().id is not None


def test_a_mentor_leaving_before_publish_updates_the_admins_message(h: Harness) -> None:
    from handlers.programs.enrolment import listing
    from storage.models import Person, Program

    message = _match_from_home(h)
    mentor_id = next(iter(_pairs(h).values()))
    with h.db.begin() as session:
        program_id = session.exec(select(Program)).one().id or 0
        leaving = session.get(Person, mentor_id)
        assert leaving is not None
        user = leaving.slack_user_id
    leave = {"action_id": listing.LEAVE, "value": listing.leave_value(program_id, "mentor")}
    assert h.click(user, leave, channel_id=h.emulator.dm_channel_of(user)).status == 200
    updated = _proposal_message(h)
    assert updated["ts"] == message["ts"]  # the admin's message, now the new proposal
    shown = str(updated["blocks"])
    assert "left the program after this round was proposed" in shown
    assert f"<@{user}>" not in shown.split("Solved again")[0]
    assert mentor_id not in _pairs(h).values()


def test_someone_joining_after_match_now_is_named_on_the_waiting_proposal(h: Harness) -> None:
    from handlers.programs.enrolment import blocks as enrol_blocks

    message = _match_from_home(h)
    pairs_before = _pairs(h)
    with h.db.begin() as session:
        program_id = session.exec(select(Program)).one().id or 0
    join = {"action_id": enrol_blocks.JOIN_MENTEE, "value": str(program_id)}
    assert h.click(MEMBER, join, channel_id=h.emulator.dm_channel_of(MEMBER)).status == 200
    updated = _proposal_message(h)
    assert updated["ts"] == message["ts"]
    shown = str(updated["blocks"])
    assert f"<@{MEMBER}> joined as a mentee after this proposal was made" in shown
    assert _pairs(h) == pairs_before  # the admin's proposal (and any swaps) stays as it was
    assert len(_buttons(updated, blocks.MATCH_AGAIN_ACTION)) == 1
