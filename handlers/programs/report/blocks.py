"""The program report in Block Kit, and the answers when there is none to show (private to the
person who asked). Every number has been through the fewer-than-5 rule (Figure.text)."""

from __future__ import annotations

from typing import Any

from bot.services.programs.report import ProgramReport
from bot.services.programs.report_answers import Distribution
from bot.services.summaries.figures import HIDDEN, PRIVACY_MINIMUM, Figure
from handlers.slack.mrkdwn import clip, context, escape, header, section

CSV_FILENAME = "program-report.csv"
CHART_FILENAME = "meetings-per-week.png"


HIDDEN_ALL = f"hidden: it would be about fewer than {PRIVACY_MINIMUM} people"


def _message(text: str) -> dict[str, Any]:
    return {"response_type": "ephemeral", "text": text, "blocks": [section(text)]}


def _line(label: str, figure: Figure, suffix: str = "") -> str:
    return f"• *{label}:* {figure.text}" + (suffix if figure.visible else "")


def _spread(label: str, spread: Distribution) -> str:
    """A question's answers per choice; the hidden choices together, with the one word."""
    if not spread.total.visible:
        return f"• *{label}:* {HIDDEN}"
    shown = [f"{c.label} {c.answers.text}" for c in spread.choices if c.answers.visible]
    hidden = [c.label for c in spread.choices if not c.answers.visible]
    if hidden:
        shown.append(f"{', '.join(hidden)}: {HIDDEN}")
    return f"• *{label}* ({spread.total.text} answers): " + " · ".join(shown)


def _section_text(title: str, figures: list[Figure], lines: list[str]) -> str:
    """A section's lines, or one line when every figure in it is hidden (not one per figure)."""
    if not any(f.visible for f in figures):
        return f"*{title}*\n• {HIDDEN_ALL}"
    return "\n".join([f"*{title}*", *lines])


def _matching_text(report: ProgramReport) -> str:
    lines = [
        _line("Mentees enrolled", report.mentees),
        _line("Mentors enrolled", report.mentors),
        _line("Mentees matched", report.matched),
        _line("Match rate", report.match_rate),
        _line("Pairs active", report.pairs_active),
    ]
    figures = [report.mentees, report.mentors, report.matched, report.match_rate]
    figures.append(report.pairs_active)
    if report.peer_pairs.value:  # only a program that made peer pairs has the line
        lines.append(_line("Peer pairs", report.peer_pairs))
        figures.append(report.peer_pairs)
    if report.circles.value:  # likewise circles, in a program that meets in them
        lines.append(_line("Circles", report.circles))
        figures.append(report.circles)
    return _section_text("Enrolment and matching", figures, lines)


def _meetings_text(report: ProgramReport) -> str:
    return _section_text(
        "Meetings",
        [report.meetings_held, report.usefulness],
        [
            _line("Meetings held", report.meetings_held),
            _line("Average usefulness", report.usefulness, " / 5"),
        ],
    )


def _midpoint_text(report: ProgramReport) -> str:
    mid = report.midpoint
    return _section_text(
        "Midpoint survey",
        [mid.answered, mid.quality, mid.quality_spread.total, mid.on_track.total],
        [
            _line("Answers", mid.answered),
            _line("Relationship quality, average", mid.quality, " / 5"),
            _spread("Relationship quality", mid.quality_spread),
            _spread("On track with the goals", mid.on_track),
        ],
    )


def _closeout_text(report: ProgramReport) -> str:
    end = report.closeout
    return _section_text(
        "Close-out",
        [end.answered, *(d.total for d in (end.goal_progress, end.recommend, end.next_step))]
        + [end.gaps.total],
        [
            _line("Answers", end.answered),
            _spread("Goal progress", end.goal_progress),
            _spread("Would recommend the program", end.recommend),
            _spread("Next step", end.next_step),
            _spread("Skill gaps from the reflections", end.gaps),
        ],
    )


def report_fallback_text(report: ProgramReport) -> str:
    return (
        f"Program report, {clip(escape(report.program_name), 80)}: "
        f"mentees enrolled {report.mentees.text}, match rate {report.match_rate.text}, "
        f"meetings held {report.meetings_held.text}."
    )


def build_report_blocks(report: ProgramReport, *, files_note: str = "") -> list[dict[str, Any]]:
    """The report's figures; `files_note` says where the CSV and the chart went."""
    note = (
        f"Term {report.term_starts_on:%d %b %Y} – {report.term_ends_on:%d %b %Y}, figures to "
        f"{report.today:%d %b %Y}. Figures about fewer than {PRIVACY_MINIMUM} people, and any "
        "that would give one away, are hidden; nobody's typed answers are shown."
    )
    return [
        header(f"Program report: {report.program_name}"),
        section(_matching_text(report)),
        section(_meetings_text(report)),
        section(_midpoint_text(report)),
        section(_closeout_text(report)),
        context(note + (f" {files_note}" if files_note else "")),
    ]


def build_report_message(report: ProgramReport, *, files_note: str = "") -> dict[str, Any]:
    return {
        "response_type": "ephemeral",
        "text": report_fallback_text(report),
        "blocks": build_report_blocks(report, files_note=files_note),
    }


def files_note(*, uploaded: bool, with_chart: bool) -> str:
    if not uploaded:
        return "I couldn't send the CSV this time; run the command again for it."
    return "The CSV" + (" and the meetings chart are" if with_chart else " is") + " in our DM."


def build_report_not_allowed_message() -> dict[str, Any]:
    return _message(
        "Sorry, program reports are for team leads and admins. If you lead a team, "
        "ask an admin to add you with `/mentor admin leads add @you`."
    )


def build_unknown_program_message(name: str) -> dict[str, Any]:
    return _message(
        f"No program here is named `{clip(escape(name), 80)}`. Check the name and try "
        "`/mentor admin program report NAME` again."
    )
