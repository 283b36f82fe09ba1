"""The come-prepared nudge carries its reader's own goals and last takeaway, escaped, in words
that change by week; the pair's group-DM prompt and the other person never see them (issue 16,
item 5)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from bot.services import preparation
from bot.services.goals import tracking as goals_service
from handlers.meetings.blocks.prompts import build_preparation_lines
from playground.harness import Harness
from storage.models import Meeting, Pair, Person
from storage.repositories import people as people_repo
from tests.scheduler.helpers import harness_pair, posted

TEAM = "T0EMULATOR"
TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)
PRIVATE = {
    "UMENTEE": ("Ship the <!channel> *billing* rewrite", "Ask <@UBOSS> for _scope_ & time"),
    "UMENTOR": ("Coach without fixing", "Mentee seems anxious about reviews"),
}


def _person(h: Harness, user: str) -> Person:
    with h.db.begin() as session:
        person = people_repo.get_person(session, team_id=TEAM, slack_user_id=user)
        assert person is not None
        return person


def _seed(h: Harness, pair: Pair) -> None:
    """Each person's own goal and a takeaway from a meeting a week ago."""
    for user, (goal, takeaway) in PRIVATE.items():
        person_id = _person(h, user).id or 0
        with h.db.begin() as session:
            goals_service.create_goal(
                session, team_id=TEAM, person_id=person_id, text=goal, now=TUESDAY
            )
            session.add(
                Meeting(
                    team_id=TEAM,
                    pair_id=pair.id or 0,
                    person_id=person_id,
                    held_on=date(2026, 11, 26),
                    usefulness=4,
                    takeaway=takeaway,
                    created_at=TUESDAY,
                )
            )


def _texts(message: dict[str, Any]) -> str:
    return " ".join(str(b.get("text", {}).get("text", "")) for b in message.get("blocks") or [])


def test_the_nudge_holds_its_readers_own_words_only(harness: Harness) -> None:
    h = harness
    pair = harness_pair(h, weekday=3)  # meets Thursday 3 December; the nudge goes Wednesday
    _seed(h, pair)
    for day in range(3):
        h.tick(TUESDAY + timedelta(days=day))
    kinds = {kind: channel for channel, kind, _ in posted(h)}
    assert {"prepare", "meeting_prompt"} <= set(kinds)
    nudge = _texts(h.emulator.messages[kinds["prepare"]][-1])
    assert (
        "\u201cShip the &lt;!channel&gt; \u2060*\u2060billing\u2060*\u2060 rewrite\u201d" in nudge
    )
    assert "Ask &lt;@UBOSS&gt; for \u2060_\u2060scope\u2060_\u2060 &amp; time" in nudge
    assert "<!channel>" not in nudge and "<@UBOSS>" not in nudge
    group = str(h.emulator.messages[kinds["meeting_prompt"]])
    mentor_dm = str(h.emulator.messages[h.emulator.dm_channel_of("UMENTOR")])
    for private in ("billing", "UBOSS", "scope", "Coach", "fixing", "anxious"):
        assert private not in group  # both people read the group DM
    for private in ("billing", "scope", "Ask"):
        assert private not in mentor_dm  # nothing of the mentee's reaches the mentor
    for private in ("Coach", "anxious"):
        assert private not in nudge  # nor the mentor's reaches the mentee


def test_each_persons_preparation_is_their_own(harness: Harness) -> None:
    h = harness
    pair = harness_pair(h, weekday=3)
    _seed(h, pair)
    for user, (goal, takeaway) in PRIVATE.items():
        with h.db.begin() as session:
            own = preparation.own_preparation(
                session, person_id=_person(h, user).id or 0, pair_id=pair.id or 0
            )
        assert own == preparation.Preparation((goal,), takeaway)
    mentor, mentee = (_texts_of(h, pair, u) for u in ("UMENTOR", "UMENTEE"))
    assert "anxious" in mentor and "UBOSS" not in mentor and "billing" not in mentor
    assert "UBOSS" in mentee and "anxious" not in mentee and "Coach" not in mentee


def _texts_of(h: Harness, pair: Pair, user: str) -> str:
    with h.db.begin() as session:
        own = preparation.own_preparation(
            session, person_id=_person(h, user).id or 0, pair_id=pair.id or 0
        )
    return "\n".join(build_preparation_lines(own.goals, own.takeaway, date(2026, 12, 3)))


def test_the_words_change_from_one_meeting_to_the_next() -> None:
    thursday = date(2026, 12, 3)
    for every in (1, 2, 4):  # weekly, every two weeks, monthly
        seen = [
            build_preparation_lines(("Talk",), "Ask", thursday + timedelta(weeks=every * n))
            for n in range(3)
        ]
        for line in range(3):
            assert len({lines[line] for lines in seen}) == 3
    assert build_preparation_lines((), "", thursday)[0].startswith("*A question")
