"""The program report: its figures, the under-5 rule (4 people hidden, 5 shown), the hidden
parts that a shown total would give away, and no typed text anywhere."""

from __future__ import annotations

import dataclasses

import pytest

from bot.services.programs import report_answers
from bot.services.programs.report import ProgramReport, compute_report, find_program
from bot.services.programs.report_csv import report_csv, report_rows
from bot.services.summaries.figures import HIDDEN, Figure
from storage.engine import Database
from tests.services.programs.report_data import SECRET, TODAY, ProgramRows, cohort

TEAM = "T0REPORT"


def _report(rows: ProgramRows) -> ProgramReport:
    return compute_report(rows.session, program=rows.program, today=TODAY, tz_name="UTC")


def _shown(figure: Figure) -> float | None:
    return figure.value if figure.visible else None


def _choices(spread: report_answers.Distribution) -> dict[str, float | None]:
    return {c.key: _shown(c.answers) for c in spread.choices}


def test_figures_of_a_program_on_both_databases(sqlite_or_postgres: Database) -> None:
    with sqlite_or_postgres.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=12, matched=12, active=6)
        rows.enrol(["GONE"], "mentee", left=True)
        found = find_program(session, team_id=TEAM, name="  spring   COHORT ")
        assert found is not None and found.id == rows.program_id
        report = _report(rows)
    assert (_shown(report.mentees), _shown(report.mentors)) == (12, 12)
    assert (_shown(report.matched), _shown(report.match_rate)) == (12, 1.0)
    assert _shown(report.pairs_active) == 6
    assert _shown(report.meetings_held) == 36  # 12 pairs, three weeks
    assert _shown(report.usefulness) == 4.0
    assert [_shown(w.meetings) for w in report.weeks[-4:]] == [12, 12, 12, None]


def test_match_rate_over_enrolled_mentees(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=20, matched=15)
        report = _report(rows)
    assert _shown(report.matched) == 15 and _shown(report.match_rate) == 0.75
    assert report.match_rate.text == "75%"


@pytest.mark.parametrize(("people", "shown"), [(4, False), (5, True)])
def test_a_figure_about_four_people_is_hidden_and_about_five_shown(
    db: Database, people: int, shown: bool
) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=people, matched=people)
        for i in range(people):
            rows.midpoint(f"E{i:02d}", 4, "yes")
            rows.closeout(f"E{i:02d}", recommend="yes", closed=["python"])
        report = _report(rows)
    figures = [
        report.mentees,
        report.mentors,
        report.matched,
        report.match_rate,
        report.pairs_active,
        report.usefulness,
        report.midpoint.answered,
        report.midpoint.quality,
        report.midpoint.on_track.choices[0].answers,
        report.closeout.recommend.choices[0].answers,
        report.closeout.gaps.choices[0].answers,
    ]
    assert [f.visible for f in figures] == [shown] * len(figures)
    answers = [(s, v) for s, _, v in report_rows(report) if s in ("matching", "midpoint")]
    assert answers and all((v == HIDDEN) is not shown for s, v in answers if s == "matching")
    if not shown:
        assert all(v == HIDDEN for _, v in answers)


def test_unmatched_mentees_under_five_hide_matched_and_the_rate(db: Database) -> None:
    """20 enrolled and 17 matched would say that 3 were not matched."""
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=20, matched=17)
        report = _report(rows)
    assert report.mentees.visible and report.matched.people == 17
    assert not report.matched.visible and report.matched.withheld
    assert not report.match_rate.visible
    # Enrolled minus pairs active would give the three away as well.
    assert not report.pairs_active.visible


def test_matched_pairs_not_active_under_five_hide_pairs_active(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=20, matched=15, active=13)  # 5 unmatched, 2 pairs ended
        report = _report(rows)
    assert _shown(report.matched) == 15 and _shown(report.match_rate) == 0.75
    assert not report.pairs_active.visible and report.pairs_active.withheld
    with db.begin() as session:
        rows = ProgramRows(session, TEAM, name="Autumn")
        cohort(rows, mentees=20, matched=15, active=10)  # 5 pairs ended: nothing to hide
        assert _shown(_report(rows).pairs_active) == 10


def test_a_hidden_choice_is_not_given_away_by_the_total(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=10, matched=10)
        for i in range(10):
            rows.midpoint(f"E{i:02d}", 5 if i < 7 else 2, "yes" if i < 7 else "no")
        rows.midpoint("M00", 3, "partly", role="mentor")
        report = _report(rows)
    mid = report.midpoint
    assert _shown(mid.answered) == 11 and _shown(mid.on_track.total) == 11
    # yes (7) alone shown with the total (11) would say no + partly = 4 people: withheld.
    assert _choices(mid.on_track) == {"yes": None, "partly": None, "no": None}
    assert mid.on_track.choices[0].answers.withheld
    assert _shown(mid.quality) == pytest.approx((35 + 6 + 3) / 11)
    assert _choices(mid.quality_spread) == {"1": None, "2": None, "3": None, "4": None, "5": None}


def test_hidden_choices_of_five_people_together_leave_the_others_shown(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=12, matched=12)
        for i in range(12):
            recommend = "yes" if i < 7 else ("maybe" if i < 9 else "no")
            rows.closeout(f"E{i:02d}", recommend=recommend, closed=["a", "b"], still_open=["c"])
        report = _report(rows)
    end = report.closeout
    # maybe (2) and no (3) are hidden, but together they are five people: yes stays shown.
    assert _choices(end.recommend) == {"yes": 7, "maybe": None, "no": None}
    assert _choices(end.goal_progress) == {"none": None, "some": None, "most": 12, "all": None}
    assert _shown(end.gaps.total) == 36
    assert _choices(end.gaps) == {"closed": 24, "open": 12}


def test_gaps_still_open_for_few_people_hide_the_closed_ones(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=8, matched=8)
        for i in range(8):
            rows.closeout(f"E{i:02d}", closed=["a"], still_open=["b"] if i < 2 else [])
        report = _report(rows)
    assert _shown(report.closeout.gaps.total) == 10
    assert _choices(report.closeout.gaps) == {"closed": None, "open": None}


def test_no_typed_text_reaches_the_report_or_its_csv(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM, name="=cmd|' /C calc'!A0")
        cohort(rows, mentees=6, matched=6)
        for i in range(6):
            rows.midpoint(f"E{i:02d}", 4, "yes")
            rows.closeout(f"E{i:02d}", closed=["coping with my divorce"])
        report = _report(rows)
    text = report_csv(report)
    assert SECRET not in text and SECRET not in repr(dataclasses.asdict(report))
    assert "divorce" not in text and "divorce" not in repr(dataclasses.asdict(report))
    assert "E00" not in text and "M00" not in text  # no row per person
    assert text.splitlines()[0] == "section,figure,value"
    assert "program,name,'=cmd" in text  # the name cannot run as a formula


def test_a_program_without_pairs_or_answers(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        rows.enrol([f"E{i}" for i in range(6)], "mentee")
        report = _report(rows)
    assert _shown(report.mentees) == 6 and not report.matched.visible
    assert report.weeks == [] and not report.meetings_held.visible
    assert not report.midpoint.answered.visible and report.midpoint.quality.value is None
    assert "hidden (too few people)" in report_csv(report)


def _with_peer_pairs(rows: ProgramRows, count: int) -> None:
    """`count` peer pairs P00-P01, P02-P03, ... the program made (people not enrolled, so the
    mentoring figures stay as they are), each meeting once."""
    for n in range(count):
        first, second = f"P{2 * n:02d}", f"P{2 * n + 1:02d}"
        pair_id = rows.pair(first, second, kind="peer")
        rows.met(pair_id, first, TODAY)


@pytest.mark.parametrize(("pairs", "shown"), [(2, False), (3, True)])
def test_peer_pairs_are_counted_apart_under_the_rule(db: Database, pairs: int, shown: bool) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=6, matched=6)
        _with_peer_pairs(rows, pairs)  # 2 pairs: 4 people; 3 pairs: 6
        report = _report(rows)
    assert report.peer_pairs.value == pairs and report.peer_pairs.visible is shown
    # A peer is no mentee matched with a mentor: the mentoring figures leave peer pairs out.
    assert _shown(report.pairs_active) == 6 and _shown(report.matched) == 6
    assert report.meetings_held.value == 18 + pairs  # peer pairs' meetings count too
    csv_rows = list(report_rows(report))
    assert ("matching", "peer pairs", "3" if shown else HIDDEN) in csv_rows


def test_a_program_without_peer_pairs_names_none(db: Database) -> None:
    with db.begin() as session:
        rows = ProgramRows(session, TEAM)
        cohort(rows, mentees=6, matched=6)
        report = _report(rows)
    assert report.peer_pairs.value == 0
    assert not any(name == "peer pairs" for _, name, _ in report_rows(report))
