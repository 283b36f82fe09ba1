"""The SMART checker: a table of goals and the verdict each one gets."""

from __future__ import annotations

from datetime import date

import pytest

from bot.services.goals.smart import (
    MEASURE,
    SPECIFIC,
    TIME,
    check_goal,
    find_target_date,
    impossible_date,
    nudge_question,
)

TODAY = date(2026, 12, 1)  # a Tuesday

# (goal, specific, measurable, time-bound, target date, first missing element)
GOALS: list[tuple[str, bool, bool, bool, date | None, str | None]] = [
    ("get better", False, False, False, None, SPECIFIC),
    ("improve", False, False, False, None, SPECIFIC),
    ("grow", False, False, False, None, SPECIFIC),
    ("do more stuff", False, False, False, None, SPECIFIC),
    ("be a better engineer", False, False, False, None, SPECIFIC),
    ("learn Python", False, False, False, None, SPECIFIC),
    ("get better at Python", False, False, False, None, SPECIFIC),
    ("become a manager someday", False, False, False, None, SPECIFIC),
    ("be more confident in meetings", False, False, False, None, SPECIFIC),
    ("get better at things soon", False, False, False, None, SPECIFIC),
    ("🚀🚀🚀", False, False, False, None, SPECIFIC),
    ("", False, False, False, None, SPECIFIC),
    ("improve my public speaking", True, False, False, None, MEASURE),
    ("improve stakeholder communication", True, False, False, None, MEASURE),
    ("learn Rust by building a CLI tool", True, False, False, None, MEASURE),
    ("lead the design review for the search project", True, False, False, None, MEASURE),
    (
        "apprendre le Python pour l'analyse de données d'ici juin",
        True,
        False,
        False,
        None,
        MEASURE,
    ),
    (
        "run our sprint planning on my own by the end of the quarter",
        True,
        False,
        True,
        date(2026, 12, 31),
        MEASURE,
    ),
    (
        "understand Kubernetes networking well enough to debug outages, next quarter",
        True,
        False,
        True,
        date(2027, 3, 31),
        MEASURE,
    ),
    ("give 3 talks at team meetings", True, True, False, None, TIME),
    ("write 5 blog posts about our data platform", True, True, False, None, TIME),
    ("pass the AWS Solutions Architect exam", True, True, False, None, TIME),
    ("give 3 talks at team meetings by March", True, True, True, date(2027, 3, 31), None),
    ("ship the billing migration by 2027-03-31", True, True, True, date(2027, 3, 31), None),
    (
        "pass the AWS Solutions Architect exam in 3 months",
        True,
        True,
        True,
        date(2027, 3, 1),
        None,
    ),
    ("read 4 books on leadership this quarter", True, True, True, date(2026, 12, 31), None),
    ("mentor two interns next year", True, True, True, date(2027, 12, 31), None),
    (
        "write 5 blog posts about our data platform within 6 weeks",
        True,
        True,
        True,
        date(2027, 1, 12),
        None,
    ),
    (
        "reduce code review turnaround to 24 hours by Q2",
        True,
        True,
        True,
        date(2027, 6, 30),
        None,
    ),
    ("present the roadmap to leadership on Friday", True, True, True, date(2026, 12, 4), None),
    ("get promoted to senior engineer by June 2027", True, True, True, date(2027, 6, 30), None),
    (
        "finish the Coursera machine learning course by 15 February",
        True,
        True,
        True,
        date(2027, 2, 15),
        None,
    ),
    (
        "speak up at least once in every planning meeting for the next two months",
        True,
        True,
        True,
        date(2027, 1, 30),
        None,
    ),
    ("shipping the mobile release 2.0 in a month", True, True, True, date(2026, 12, 31), None),
    (
        "make 10 pull requests to the open source SDK by end of year",
        True,
        True,
        True,
        date(2026, 12, 31),
        None,
    ),
    ("publish our API style guide tomorrow", True, True, True, date(2026, 12, 2), None),
    ("interview 8 candidates by 20 Jan", True, True, True, date(2027, 1, 20), None),
]


@pytest.mark.parametrize(("goal", "specific", "measurable", "timed", "target", "missing"), GOALS)
def test_goal_verdicts(
    goal: str,
    specific: bool,
    measurable: bool,
    timed: bool,
    target: date | None,
    missing: str | None,
) -> None:
    check = check_goal(goal, today=TODAY)
    assert (check.specific, check.measurable, check.time_bound) == (specific, measurable, timed)
    assert check.target_date == target
    assert check.missing == missing
    assert check.is_smart is (missing is None)


def test_the_table_is_big_enough() -> None:
    assert len(GOALS) >= 30
    assert {row[-1] for row in GOALS} == {SPECIFIC, MEASURE, TIME, None}


def test_excused_elements_are_not_asked_again() -> None:
    vague = check_goal("get better", today=TODAY, excused=frozenset({SPECIFIC}))
    assert vague.missing == MEASURE
    everything = check_goal("get better", today=TODAY, excused=frozenset(MISSING_ALL))
    assert everything.missing is None
    assert not everything.specific  # excusing does not pretend the element is there


MISSING_ALL = (SPECIFIC, MEASURE, TIME)


def test_a_separate_measure_and_date_count() -> None:
    check = check_goal(
        "improve my public speaking",
        today=TODAY,
        measure="two talks",
        target_date=date(2027, 5, 1),
    )
    assert check.is_smart
    assert check.target_date == date(2027, 5, 1)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("by 1 December", date(2026, 12, 1)),
        ("by 30 November", date(2027, 11, 30)),  # already passed this year
        ("31 February", None),
        ("2027-02-30", None),
        ("in 2 weeks", date(2026, 12, 15)),
        ("within a year", date(2027, 12, 1)),
        ("end of the month", date(2026, 12, 31)),
        ("next month", date(2027, 1, 31)),
        ("next week", date(2026, 12, 13)),
        ("Q4 2026", date(2026, 12, 31)),
        ("Q1", date(2027, 3, 31)),
        ("by Monday", date(2026, 12, 7)),
        ("soon", None),
        ("someday", None),
        ("", None),
    ],
)
def test_time_frames(phrase: str, expected: date | None) -> None:
    assert find_target_date(phrase, today=TODAY) == expected


def test_every_element_has_a_question() -> None:
    questions = {nudge_question(element) for element in MISSING_ALL}
    assert len(questions) == 3
    assert "when" in nudge_question(TIME).lower()
    assert "know" in nudge_question(MEASURE).lower()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("by 31 February 2027", "31 February 2027"),
        ("by 2027-13-45", "2027-13-45"),
        ("2027-02-29", "2027-02-29"),
        ("by April 31", "April 31"),
        ("on 0 March", "0 March"),
        ("by 29 February", None),  # exists in a leap year, so it may be meant
        ("by 29 February 2028", None),
        ("by 31 March", None),
        ("2027-03-31", None),
        ("by March 2027", None),
        ("in 6 weeks", None),
        ("no date at all", None),
    ],
)
def test_impossible_dates_are_found_as_typed(text: str, found: str | None) -> None:
    assert impossible_date(text) == found
