"""Block Kit builders of matching and introductions: valid at the limits, user text escaped."""

from __future__ import annotations

from datetime import date

from bot.services.matching.near_matches import PartialMatch
from bot.services.matching.ranking import Candidate, Match
from bot.services.matching.searches import SearchResult, SkillButton
from bot.services.network import Alum, ChannelInfo
from bot.services.skills import SkillEntry
from handlers.introductions.blocks import (
    build_mentee_declined_message,
    build_mentor_request_message,
    build_pair_intro_message,
    build_request_intro_view,
    read_request_metadata,
)
from handlers.matching.blocks import (
    FIND_MORE,
    WATCH_SKILL,
    build_find_mentor_message,
    build_watch_fired_message,
    parse_ids,
)
from handlers.profiles.blocks import ProfileDefaults, build_profile_view, form_from_state
from playground.blockkit_rules import check_blocks, check_view

EVIL = "<!channel> <@U999> <https://evil.example|x> & *bold*"


def _candidate(pid: int) -> Candidate:
    return Candidate(
        person_id=pid,
        tz="UTC",
        team_name="",
        capacity=2,
        taken=0,
        shared={"python"},
        slack_user_id=f"U{pid}",
        name=EVIL + "n" * 300,
    )


def _result(**kw: object) -> SearchResult:
    base: dict[str, object] = {
        "team_id": "T1",
        "search_id": 7,
        "wanted": ("python",),
        "labels": {"python": "Python"},
        "from_reflection": False,
        "matches": [],
        "offset": 0,
        "total": 0,
    }
    base.update(kw)
    return SearchResult(**base)  # type: ignore[arg-type]


def test_matches_page_is_valid_escaped_and_has_more() -> None:
    matches = [
        Match(_candidate(i), 1.0, ("python",), 0.0, 10.0, False, "knows " + EVIL) for i in range(5)
    ]
    channels = [ChannelInfo(f"C{i}", "py", EVIL * 20, "", 3) for i in range(5)]
    alumni = [Alum(9, "U9", "A", EVIL)]
    message = build_find_mentor_message(
        _result(matches=matches, total=12, channels=channels, alumni=alumni), typed=True
    )
    assert check_blocks(message["blocks"]) == []
    rendered = str(message["blocks"])
    assert "<!channel>" not in rendered and "<https://evil" not in rendered
    more = [b for b in message["blocks"] if b.get("block_id") == "find_more"][0]
    assert more["elements"][0]["action_id"] == FIND_MORE and more["elements"][0]["value"] == "7:5"


def test_nobody_fits_with_long_skill_names_stays_valid() -> None:
    long = "x" * 64
    result = _result(
        wanted=(long, "b" * 64, "c" * 64, "d"),
        labels={},
        partial=[PartialMatch(_candidate(3), "offers something close")],
    )
    message = build_find_mentor_message(result, typed=True)
    assert check_blocks(message["blocks"]) == []
    watch = [
        e
        for b in message["blocks"]
        for e in b.get("elements", [])
        if e.get("action_id", "").startswith(WATCH_SKILL)
    ]
    assert [w["value"] for w in watch] == ["7:0", "7:1", "7:2"]  # ids only, at most three


def test_how_to_start_offers_one_click_searches() -> None:
    result = _result(wanted=(), suggestions=[SkillButton(i, f"Skill {i}") for i in range(8)])
    message = build_find_mentor_message(result, typed=False)
    assert check_blocks(message["blocks"]) == []
    assert "/reflect" in message["text"]
    assert [e["value"] for e in message["blocks"][-1]["elements"]] == [str(i) for i in range(8)]


def test_profile_view_caps_options_and_prefills() -> None:
    catalog = [SkillEntry(f"skill {i:03d}", f"Skill {i:03d}", True) for i in range(130)]
    view = build_profile_view(
        catalog,
        ProfileDefaults(
            skill_keys=["skill 001", "rust"],
            helps_with=EVIL,
            capacity=4,
            is_open=False,
            alumni="Uni",
        ),
    )
    assert check_view(view, expected_type="modal") == []
    select = view["blocks"][1]["element"]
    assert len(select["options"]) == 100 and select["initial_options"][0]["value"] == "skill 001"
    assert view["blocks"][2]["element"]["initial_value"] == "rust"


def test_form_from_state_tolerates_missing_fields() -> None:
    form = form_from_state({})
    assert form.listed_skills == [] and form.capacity == "" and form.is_open


def test_request_view_and_metadata() -> None:
    view = build_request_intro_view(
        mentor_slack_id="U1", draft="d" * 5000, mentor_id=4, search_id=2
    )
    assert check_view(view, expected_type="modal") == []
    assert len(view["blocks"][1]["element"]["initial_value"]) == 3000
    assert read_request_metadata(view) == (4, 2)
    assert read_request_metadata({"private_metadata": '{"mentor_id": "x"}'}) is None
    assert read_request_metadata({"private_metadata": "not json"}) is None


def test_mentor_request_message_escapes_and_clips() -> None:
    message = build_mentor_request_message(
        mentee_slack_id="U2", message=(EVIL + "\n") * 400, request_id=5
    )
    assert check_blocks(message["blocks"]) == []
    assert "<!channel>" not in str(message["blocks"])
    assert {e["value"] for e in message["blocks"][2]["elements"]} == {"5"}


def test_declined_and_pair_intro_and_watch_messages_are_valid() -> None:
    declined = build_mentee_declined_message(
        mentor_slack_id="U1",
        request_id=3,
        next_slack_id="U4",
        next_reason=EVIL,
        next_mentor_id=4,
        search_id=2,
    )
    assert check_blocks(declined["blocks"]) == [] and "<!channel>" not in str(declined["blocks"])
    intro = build_pair_intro_message(
        pair_id=8,
        mentor_slack_id="U1",
        mentee_slack_id="U2",
        skills=[EVIL],
        first_meeting=date(2026, 12, 8),
        today=date(2026, 12, 1),
        weekday=1,
        cadence="biweekly",
    )
    assert check_blocks(intro["blocks"]) == [] and "Tuesday 8 December" in intro["text"]
    assert "<!channel>" not in intro["text"]
    fired = build_watch_fired_message(EVIL, "U5")
    assert "<!channel>" not in fired["text"] and check_blocks(fired["blocks"]) == []


def test_parse_ids() -> None:
    assert parse_ids("3:4", 2) == [3, 4]
    for bad in ("", "3", "3:x", "-1:2", "3:4:5", "1" * 40 + ":1", None):
        assert parse_ids(bad, 2) is None
