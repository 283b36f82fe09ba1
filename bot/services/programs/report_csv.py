"""A program's report as CSV, the same for the Slack upload and `mentorbot report --csv`.

Aggregates only: a row per figure (section, figure, value), never a row per person and never
a typed answer. A hidden figure is written as the summaries write it (figures.HIDDEN)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from bot.services.programs.report import ProgramReport
from bot.services.programs.report_answers import Distribution
from bot.services.summaries.figures import HIDDEN, Figure

COLUMNS = ("section", "figure", "value")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run these as formulas


def csv_value(figure: Figure) -> str:
    """The figure for a spreadsheet (no thousands separator), or HIDDEN."""
    if not figure.visible:
        return HIDDEN
    assert figure.value is not None
    if figure.kind == "share":
        return f"{figure.value:.0%}"
    if figure.kind == "average":
        return f"{figure.value:.1f}"
    return str(int(figure.value))


def _spread(section: str, name: str, spread: Distribution) -> Iterator[tuple[str, str, str]]:
    yield section, f"{name}: answers", csv_value(spread.total)
    for choice in spread.choices:
        yield section, f"{name}: {choice.label}", csv_value(choice.answers)


def report_rows(report: ProgramReport) -> Iterator[tuple[str, str, str]]:
    """The report's rows, in the order the Slack message shows them."""
    yield "program", "name", report.program_name
    yield "program", "term", f"{report.term_starts_on.isoformat()} to {report.term_ends_on}"
    yield "program", "as of", report.today.isoformat()
    for name, figure in (
        ("mentees enrolled", report.mentees),
        ("mentors enrolled", report.mentors),
        ("mentees matched", report.matched),
        ("match rate", report.match_rate),
        ("pairs active", report.pairs_active),
    ):
        yield "matching", name, csv_value(figure)
    if report.peer_pairs.value:
        yield "matching", "peer pairs", csv_value(report.peer_pairs)
    if report.circles.value:
        yield "matching", "circles", csv_value(report.circles)
    yield "meetings", "meetings held", csv_value(report.meetings_held)
    yield "meetings", "average usefulness (1-5)", csv_value(report.usefulness)
    for week in report.weeks:
        yield (
            "meetings per week",
            f"week of {week.week_start.isoformat()}",
            csv_value(week.meetings),
        )
    mid, end = report.midpoint, report.closeout
    yield "midpoint", "answers", csv_value(mid.answered)
    yield "midpoint", "average relationship quality (1-5)", csv_value(mid.quality)
    yield from _spread("midpoint", "relationship quality", mid.quality_spread)
    yield from _spread("midpoint", "on track with the goals", mid.on_track)
    yield "close-out", "answers", csv_value(end.answered)
    yield from _spread("close-out", "goal progress", end.goal_progress)
    yield from _spread("close-out", "would recommend the program", end.recommend)
    yield from _spread("close-out", "next step", end.next_step)
    yield from _spread("close-out", "skill gaps", end.gaps)


def _safe(cell: str) -> str:
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def report_csv(report: ProgramReport) -> str:
    """The CSV text; a cell a spreadsheet would run as a formula is quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in report_rows(report):
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue()
