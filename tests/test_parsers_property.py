"""Property tests: no input crashes the parsers of slash command text, modal submissions and
DM answers, and what they return keeps its promises."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from itertools import count
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.services import admin, profiles, skills
from bot.services.goals import smart
from bot.services.matching import searches
from bot.services.reflection import dialog, steps
from bot.services.summaries import periods
from bot.services.typed_text import clean
from handlers.goals import blocks as goal_blocks
from handlers.introductions import blocks as intro_blocks
from handlers.matching.blocks import parse_ids
from handlers.profiles import blocks as profile_blocks
from handlers.reflection import blocks as reflection_blocks
from handlers.slack.mrkdwn import clip, escape
from handlers.slack.subcommands import SubcommandRouter
from storage.engine import Database
from storage.repositories import people as people_repo

FAST = settings(max_examples=150, deadline=None)
HOSTILE_BITS = [
    "<!channel>",
    "<!here>",
    "<@U123>",
    "<#C123|x>",
    "<https://evil.example|Click>",
    "*bold*",
    "_i_",
    "`",
    "\u202e",
    "\u200f",
    "\x00",
    "&amp;",
    "\U0001f600",
    "restart",
    "data",
    "export",
    "add",
    "leads",
    "skills",
    "digest",
    "monday",
    "09:00",
    ",",
    ";",
    " and ",
    "\n",
    "2027-02-30",
    "by March",
    "Q4",
    "10 talks",
    "skip",
]
# Text that looks like what people (and attackers) type: fragments mixed with anything.
typed = st.lists(st.sampled_from(HOSTILE_BITS) | st.text(max_size=40), max_size=12).map("".join)
TODAY = date(2026, 12, 1)


@FAST
@given(typed)
def test_escape_leaves_no_mention_link_or_control(text: str) -> None:
    out = escape(text)
    assert "<" not in out and ">" not in out
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", out)
    assert len(clip(out, 3000)) <= 3000
    assert clean(text) == clean(clean(text))


@FAST
@given(typed)
def test_router_split_always_names_a_subcommand(text: str) -> None:
    router = SubcommandRouter()
    for name in ("help", "profile", "goals", "data", "data export", "data delete", "admin"):
        router.add(name, lambda call: None)
    sub, rest = router.split(text)
    assert sub and sub == sub.lower()
    assert len(rest) <= len(text)
    if not text.split():
        assert (sub, rest) == ("help", "")


@FAST
@given(typed)
def test_find_mentor_words_become_bounded_skill_keys(text: str) -> None:
    keys = searches.wanted_from_words(text)
    assert len(keys) == len(set(keys))
    assert all(k == skills.normalize_skill(k) and k for k in keys)
    skills.split_skills(text)


@FAST
@given(typed)
def test_admin_arguments_parse_to_a_command_or_a_problem(text: str) -> None:
    command = admin.parse_admin_command(text)
    assert command.area in ("leads", "admins", "skills", "cadence", "digest", "help")
    # Problems are our words only; what the person typed travels apart, for the builder to escape.
    assert "<" not in command.problem
    assert len(command.unknown) <= 40


@FAST
@given(typed)
def test_summary_period_is_known_or_refused(text: str) -> None:
    try:
        assert periods.parse_period(text) in periods.PERIODS
    except periods.UnknownPeriod:
        pass


@FAST
@given(typed, st.sampled_from(["", "a measure"]), st.frozensets(st.sampled_from(["S", "M", "T"])))
def test_smart_check_answers_for_any_goal(text: str, measure: str, excused: frozenset[str]) -> None:
    check = smart.check_goal(text, today=TODAY, measure=measure, excused=excused)
    assert check is not None
    found = smart.find_target_date(text, today=TODAY)
    assert found is None or found >= TODAY


def _text(value: Any) -> dict[str, Any]:
    return {"type": "plain_text_input", "value": value}


state_values = st.dictionaries(
    st.sampled_from(
        [profile_blocks.B_EXTRA, profile_blocks.B_CAPACITY, goal_blocks.NOTE_BLOCK, "junk"]
    ),
    st.dictionaries(st.text(max_size=20), st.none() | typed.map(_text) | st.just({})),
    max_size=4,
)


@FAST
@given(
    typed,
    typed,
    typed,
    st.lists(typed, max_size=5),
    st.sampled_from(["open", "paused", "", "other"]),
)
def test_profile_submission_is_valid_or_has_field_errors(
    extra: str, capacity: str, helps: str, listed: list[str], status: str
) -> None:
    values = {
        profile_blocks.B_SKILLS: {
            profile_blocks.A_SKILLS: {"selected_options": [{"value": v} for v in listed]}
        },
        profile_blocks.B_EXTRA: {profile_blocks.A_EXTRA: _text(extra)},
        profile_blocks.B_HELPS: {profile_blocks.A_HELPS: _text(helps)},
        profile_blocks.B_CAPACITY: {profile_blocks.A_CAPACITY: _text(capacity)},
        profile_blocks.B_OPEN: {profile_blocks.A_OPEN: {"selected_option": {"value": status}}},
    }
    checked = profiles.validate_form(profile_blocks.form_from_state(values))
    if isinstance(checked, dict):
        assert checked and all(isinstance(v, str) and v for v in checked.values())
    else:
        assert 1 <= checked.capacity <= 10
    assert profiles.parse_capacity(capacity) in (None, *range(1, 11))


@FAST
@given(state_values, typed)
def test_goal_and_intro_modals_read_any_state(values: dict[str, Any], metadata: str) -> None:
    progress = goal_blocks.submitted_progress(values)
    assert progress is None or 0 <= progress <= 100
    assert isinstance(goal_blocks.submitted_note(values), str)
    assert isinstance(goal_blocks.submitted_channel(values), str)
    assert isinstance(intro_blocks.message_from_state(values), str)
    for meta in (metadata, json.dumps({"mentor_id": metadata, "search_id": metadata})):
        ids = intro_blocks.read_request_metadata({"private_metadata": meta})
        assert ids is None or all(isinstance(i, int) for i in ids)


@FAST
@given(typed)
def test_button_values_parse_to_ids_or_nothing(value: str) -> None:
    assert (
        goal_blocks.parse_menu_value(value) is None or goal_blocks.parse_menu_value(value)[1] >= 0
    )  # type: ignore[index]
    parsed = reflection_blocks.parse_button_value(value)
    assert parsed is None or parsed[1] in steps.STEPS
    ids = parse_ids(value, 2)
    assert ids is None or (len(ids) == 2 and min(ids) >= 0)


_ts = count(1)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(typed, min_size=1, max_size=8))
def test_reflection_takes_any_dm_answer(db: Database, answers: list[str]) -> None:
    """Whatever is typed, the dialog stores it or asks again; it never raises."""
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with db.begin() as session:
        people_repo.ensure_workspace(session, team_id="T1", now=now)
        person = people_repo.get_person(
            session, team_id="T1", slack_user_id="U1"
        ) or people_repo.add_person(session, team_id="T1", slack_user_id="U1", now=now)
        assert person.id is not None
        dialog.restart(session, team_id="T1", person_id=person.id, now=now)
    for text in answers:
        with db.begin() as session:
            prompt = dialog.answer(
                session,
                team_id="T1",
                person_id=person.id,
                text=text,
                message_ts=f"{next(_ts)}.000100",
                now=now,
            )
        assert prompt is None or prompt.step in steps.STEPS
