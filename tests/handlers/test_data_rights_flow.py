"""/mentor data export | delete over signed HTTP, and erasure when people or the app leave."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlmodel import select

from handlers.data_rights.blocks import DATA_DELETE_CANCEL, DATA_DELETE_CONFIRM
from handlers.slack.replies import NOT_YOURS
from playground.harness import Harness
from storage.models import Goal, MentorProfile, Pair, Person, Reflection
from storage.repositories import pairs as pairs_repo
from tests.handlers.find_mentor_helpers import dm, refusals
from tests.handlers.journeys import MENTEE, MENTOR, OTHER, run_journey
from tests.handlers.trust_helpers import db_snapshot


@pytest.fixture(autouse=True)
def _slack_refused_nothing(harness: Harness) -> Iterator[None]:
    yield
    assert refusals(harness) == []


@pytest.fixture
def journeyed(harness: Harness) -> Harness:
    run_journey(harness, end_pair=False)
    return harness


def _button(answer: dict[str, Any], action_id: str) -> dict[str, Any]:
    for block in answer["blocks"]:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return {"action_id": action_id, "value": element["value"], "block_id": "b"}
    raise AssertionError(f"no {action_id}")


def _person(h: Harness, slack_id: str) -> Person | None:
    with h.db.begin() as session:
        return session.exec(select(Person).where(Person.slack_user_id == slack_id)).first()


def test_export_sends_a_json_file_into_the_dm(journeyed: Harness) -> None:
    h = journeyed
    [file] = [f for f in h.emulator.files if f["channel_id"] == h.emulator.dm_channel_of(MENTEE)]
    exported = json.loads(file["content"])
    assert exported["person"]["slack_user_id"] == MENTEE
    assert exported["goals"] and exported["reflections"][0]["strengths"] == "strengths"
    assert exported["intro_requests"][0]["message"] == "intro"
    assert exported["mentor_profile"] == []  # Max's profile is Max's
    assert b"helps with" not in file["content"]


def test_delete_asks_first_and_refuses_other_clickers(journeyed: Harness) -> None:
    h = journeyed
    answer = h.command(MENTEE, "/mentor", "data delete").json
    assert answer["response_type"] == "ephemeral" and "cannot be undone" in answer["text"]
    before = db_snapshot(h)
    h.emulator.reset_calls()
    for stranger in (MENTOR, OTHER):
        h.click(stranger, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")
        h.click(stranger, _button(answer, DATA_DELETE_CANCEL), channel_id="C0GENERAL")
    assert db_snapshot(h) == before
    notes = [c.args["text"] for c in h.emulator.calls_to("response_url")]
    assert notes == [NOT_YOURS] * 4
    assert {c.method for c in h.emulator.calls} == {"response_url"}
    h.click(MENTEE, _button(answer, DATA_DELETE_CANCEL), channel_id="C0GENERAL")
    assert db_snapshot(h) == before
    assert "Nothing was deleted" in h.emulator.calls_to("response_url")[-1].args["text"]


def test_confirmed_delete_erases_ends_the_pair_kindly_and_frees_capacity(
    journeyed: Harness,
) -> None:
    h = journeyed
    mentee = _person(h, MENTEE)
    mentor = _person(h, MENTOR)
    assert mentee is not None and mentor is not None
    answer = h.command(MENTEE, "/mentor", "data delete").json
    h.click(MENTEE, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")
    done = h.emulator.calls_to("response_url")[-1].args
    assert done["text"].startswith("Done: your data is deleted") and done["replace_original"]
    assert "has left Mentorbot" in dm(h, MENTOR)[-1]["text"]
    with h.db.begin() as session:
        assert session.exec(select(Reflection).where(Reflection.person_id == mentee.id)).all() == []
        assert session.exec(select(Goal).where(Goal.person_id == mentee.id)).all() == []
        pair = session.exec(select(Pair).where(Pair.mentee_id == mentee.id)).one()
        assert pair.status == "ended"
        assert (
            pairs_repo.live_mentee_count(session, team_id=mentor.team_id, mentor_id=mentor.id) == 0
        )  # type: ignore[arg-type]
    assert _person(h, MENTEE) is None  # no row carries the Slack id any more
    before = db_snapshot(h)
    h.click(MENTEE, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")  # double click
    assert db_snapshot(h) == before
    assert "already deleted" in h.emulator.calls_to("response_url")[-1].args["text"]
    assert sum("has left Mentorbot" in m.get("text", "") for m in dm(h, MENTOR)) == 1


def test_nothing_stored_means_nothing_to_delete(harness: Harness) -> None:
    harness.emulator.add_user("UNEW", name="new")
    answer = harness.command("UNEW", "/mentor", "data delete").json
    assert "nothing to delete" in answer["text"]
    assert _person(harness, "UNEW") is None


def test_a_deactivated_mentor_gets_nothing_then_is_erased_after_the_grace_period(
    journeyed: Harness,
) -> None:
    from datetime import timedelta

    from bot.services.data_rights.retention import DEACTIVATED_GRACE

    h = journeyed
    mentor = _person(h, MENTOR)
    assert mentor is not None
    user = {"id": MENTOR, "team_id": h.emulator.team_id, "deleted": True, "name": "max"}
    h.event({"type": "user_change", "user": user})
    h.emulator.set_user(MENTOR, deleted=True)
    mentor_dm = h.emulator.dm_channel_of(MENTOR)
    h.emulator.reset_calls()
    h.tick(h.clock.now() + timedelta(days=7))  # deactivated: nothing is sent to them
    assert mentor_dm not in [c.args.get("channel") for c in h.emulator.calls_to("chat.postMessage")]
    with h.db.begin() as session:
        assert session.exec(select(MentorProfile)).all() != []  # kept while Slack may undo it
    h.tick(h.clock.now() + DEACTIVATED_GRACE + timedelta(days=1))
    with h.db.begin() as session:
        assert session.exec(select(MentorProfile)).all() == []
        gone = session.get(Person, mentor.id)
        assert gone is not None and gone.slack_user_id.startswith("erased-")
    told = [m.get("text", "") for m in dm(h, MENTEE)]
    assert sum("Your mentor has left Mentorbot" in t for t in told) == 1
    h.tick(h.clock.now() + timedelta(days=1))  # erased once
    assert sum("has left Mentorbot" in m.get("text", "") for m in dm(h, MENTEE)) == 1


def test_app_uninstalled_erases_the_workspace(journeyed: Harness) -> None:
    h = journeyed
    h.emulator.reset_calls()
    h.event({"type": "app_uninstalled"})
    with h.db.begin() as session:
        people = session.exec(select(Person)).all()
        assert people and all(p.slack_user_id.startswith("erased-") for p in people)
        assert session.exec(select(Goal)).all() == []
        assert all(p.status == "ended" for p in session.exec(select(Pair)))
    assert h.emulator.calls == []  # nobody is messaged by an app that is gone


@pytest.mark.parametrize(
    ("event", "gone"),
    [
        ({"type": "app_uninstalled"}, "all"),
        ({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}, "bot"),
        ({"type": "tokens_revoked", "tokens": {"oauth": ["U1"]}}, "nothing"),
    ],
)
def test_multi_workspace_forgets_the_installation(
    sqlite_url: str, event: dict[str, Any], gone: str
) -> None:
    from tests.handlers.test_oauth_install import KEY, _install

    settings = {"bot_token": None, "client_id": "111.222", "client_secret": "shh", "token_key": KEY}
    with Harness(sqlite_url, **settings) as h:
        assert _install(h, "code-a", "TA", "xoxb-team-a") == 200
        assert _install(h, "code-b", "TB", "xoxb-team-b") == 200
        h.slack.team_id = "TA"
        h.event(event)
        store = h.deps.installations
        bot_a = store.find_bot(enterprise_id=None, team_id="TA")
        installation_a = store.find_installation(enterprise_id=None, team_id="TA")
        assert (bot_a is None) == (gone != "nothing")
        assert (installation_a is None) == (gone == "all")
        assert store.find_bot(enterprise_id=None, team_id="TB") is not None  # the other stays
        assert refusals(h) == []


def test_the_scheduler_pass_applies_retention(journeyed: Harness) -> None:
    from datetime import timedelta

    from storage.models import MentorSearch

    h = journeyed
    h.command(MENTEE, "/find-mentor", "python")
    with h.db.begin() as session:
        assert session.exec(select(MentorSearch)).all()
    h.tick(h.clock.now() + timedelta(days=31))
    with h.db.begin() as session:
        assert session.exec(select(MentorSearch)).all() == []


def _open_deliveries(h: Harness) -> list[Any]:
    from sqlmodel import col

    from storage.models import Delivery

    with h.db.begin() as session:
        return list(
            session.exec(select(Delivery).where(col(Delivery.status).in_(("pending", "claimed"))))
        )


def test_erasure_stops_every_delivery_to_the_person_and_the_pair(journeyed: Harness) -> None:
    from datetime import timedelta

    h = journeyed
    h.tick(h.clock.now())  # the scheduler plans the pair's meeting prompts and pulses
    assert _open_deliveries(h)
    answer = h.command(MENTEE, "/mentor", "data delete").json
    h.click(MENTEE, _button(answer, DATA_DELETE_CONFIRM), channel_id="C0GENERAL")
    assert _open_deliveries(h) == []
    mentee_dm = h.emulator.dm_channel_of(MENTEE)
    h.emulator.reset_calls()
    for days in (3, 10, 20, 40):
        h.tick(h.clock.now() + timedelta(days=days))
    sent = [c.args.get("channel") for c in h.emulator.calls_to("chat.postMessage")]
    assert mentee_dm not in sent
    with h.db.begin() as session:
        pair = session.exec(select(Pair)).one()
    assert pair.group_channel_id is None or pair.group_channel_id not in sent


def test_a_revoked_bot_token_cancels_what_was_due(journeyed: Harness) -> None:
    h = journeyed
    h.tick(h.clock.now())
    assert _open_deliveries(h)
    h.event({"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}})
    assert _open_deliveries(h) == []
