"""The end of a pair offers the mentee a next step: the best next mentor (never the one just
left), or the search itself when nobody fits."""

from __future__ import annotations

from typing import Any

from handlers.introductions.blocks import REQUEST_VIEW
from handlers.matching.blocks import REQUEST_INTRO
from handlers.meetings import blocks
from playground.harness import Harness
from storage.models import Pair, Person, Reflection, SkillGap
from storage.repositories import people as people_repo
from tests.scheduler.helpers import (
    TEAM,
    add_person,
    buttons,
    click,
    dm,
    harness_pair,
    last_response,
    refused,
    save_mentor_profile,
)

NOT_YOURS = "This button isn't for you, so nothing changed."


def make_mentor(harness: Harness, user: str, skills: list[str]) -> Person:
    with harness.db.begin() as session:
        known = people_repo.get_person(session, team_id=TEAM, slack_user_id=user)
    if known is None:
        harness.emulator.add_user(user, name=user.lower(), tz="Europe/London")
    person = known or add_person(harness.db, user, "Europe/London", harness.clock.now())
    with harness.db.begin() as session:
        stored = session.get(Person, person.id)
        assert stored is not None
        save_mentor_profile(session, stored, skills, harness.clock.now())
    return person


def wants(harness: Harness, person_id: int, key: str) -> None:
    """The mentee's reflection named `key` as a skill to grow."""
    now = harness.clock.now()
    with harness.db.begin() as session:
        person = session.get(Person, person_id)
        assert person is not None
        reflection = Reflection(
            team_id=person.team_id, person_id=person_id, step="done", started_at=now, updated_at=now
        )
        session.add(reflection)
        session.flush()
        session.add(
            SkillGap(
                team_id=person.team_id,
                reflection_id=reflection.id or 0,
                person_id=person_id,
                skill_key=key,
                created_at=now,
            )
        )


def end_pair(harness: Harness, pair: Pair, user: str) -> None:
    click(harness, user, blocks.END_OPEN, str(pair.id))
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == blocks.END_VIEW
    harness.submit(user, view, {})


def closing_of(harness: Harness, user: str) -> dict[str, Any]:
    return next(m for m in harness.emulator.messages[dm(harness, user)] if "has ended" in m["text"])


def test_end_offers_the_best_next_mentor_but_not_the_one_just_left(harness: Harness) -> None:
    pair = harness_pair(harness)
    make_mentor(harness, "UMENTOR", ["Python"])  # the mentor they end with also fits best
    nxt = make_mentor(harness, "UNEXT", ["Python"])
    wants(harness, pair.mentee_id, "python")
    end_pair(harness, pair, "UMENTOR")
    closing = closing_of(harness, "UMENTEE")
    offered = buttons(closing)
    assert offered[REQUEST_INTRO].endswith(f":{nxt.id}")
    assert "<@UNEXT>" in str(closing["blocks"]) and "<@UMENTOR> could" not in str(closing)
    assert blocks.FIND_NEXT_MENTOR not in offered
    assert REQUEST_INTRO not in buttons(closing_of(harness, "UMENTOR"))
    # The button is #4's own: it opens the request-intro modal for that mentor.
    harness.click(
        "UMENTEE",
        {"action_id": REQUEST_INTRO, "value": offered[REQUEST_INTRO]},
        channel_id=dm(harness, "UMENTEE"),
    )
    view = list(harness.emulator.views.values())[-1]
    assert view["callback_id"] == REQUEST_VIEW and "UNEXT" in str(view["blocks"])
    assert refused(harness) == []


def test_end_with_nobody_fitting_offers_the_search(harness: Harness) -> None:
    pair = harness_pair(harness)
    end_pair(harness, pair, "UMENTEE")
    offered = buttons(closing_of(harness, "UMENTEE"))
    assert offered[blocks.FIND_NEXT_MENTOR] == str(pair.id) and REQUEST_INTRO not in offered
    click(harness, "UMENTOR", blocks.FIND_NEXT_MENTOR, str(pair.id))
    assert last_response(harness) == NOT_YOURS
    click(harness, "UMENTEE", blocks.FIND_NEXT_MENTOR, str(pair.id))
    answer = last_response(harness)
    # The same answer a bare /find-mentor gives.
    harness.command("UMENTEE", "/find-mentor", "")
    assert harness.emulator.calls_to("response_url")[-1].args["text"] == answer
    assert refused(harness) == []
